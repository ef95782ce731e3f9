"""The open API: /api/v1/ (django-ninja), its machine clients and its call log.

How to add an endpoint (h-open and later helpers: follow this, the tests rely on it):

1. A router per domain in ``portal/api/routers/<domain>.py`` (``router = Router()``), added
   in ``api.py`` with ``api.add_router("/m/", router, tags=["<domain>"])``; its operations'
   paths start with the municipality: ``@router.get("{ksh_code}/<domain>/things")``.
   (ninja does not pass a path parameter written in a router's prefix to the operation,
   so ``{ksh_code}`` is in each operation's path.) Tenant URLs always start with
   ``/m/{ksh_code}/``; open data without a token uses ``auth=None`` on its router or
   operation and lives outside ``/m/``. Name schemas uniquely across routers (ninja keys
   the OpenAPI components by class name: two ``PaymentOut`` classes overwrite each other).
2. A scope, if none fits, in ``scopes.Scope`` (value ``"<domain>.<read|write>"``, label
   through gettext, Hungarian in locale/hu).
3. The endpoint's first line is
   ``municipality, actor = require_scope(request, ksh_code, Scope.X)``: it resolves the
   municipality (404 problem if unknown), refuses a caller without that scope there (403
   problem) and notes the scope for the call log. Then call the service's façade with
   ``actor`` (Channel.API) and the municipality; never another app's models for writing.
   Objects are looked up ``for_municipality(municipality)``: another one's id is a 404.
4. Name the object answered about: ``audit.note_object(request, "taxpayer", pk)``. Every
   call is recorded in ``ApiCall`` by the URL wrapper (urls.py), refused ones too.
5. Errors: raise ``problems.not_found/forbidden/bad_request/conflict(...)`` (RFC 7807,
   Hungarian ``title``/``detail``); validation errors (422), 401, 405, 429 and 500 are
   answered by the handlers in ``problems.install``.
6. Lists: take ``filters: Query[PageParams]`` (or a subclass) and return
   ``pagination.page(queryset, filters, "<list name>.<municipality pk>")`` as
   ``{"items": ..., "next_cursor": ...}``.
7. Tests: tests/portal/api/test_schema.py (schemathesis) covers a new operation by itself;
   document its success response (``response=...``); the problems are added to every
   operation by ``api.VaroshazaAPI``. Function names are the URL names
   (``openapi_v1:<name>``): keep them unique. Path arguments use the names
   tests/isolation/urls.py knows (``taxpayer_id``, ``case_id``, ``submission_id``,
   ``payment_id``, …) or teach it a new one; the matrix
   test (tests/portal/api/test_matrix.py) enumerates every pattern of the API and needs
   each of your endpoints to be given an object of municipality B.
"""
