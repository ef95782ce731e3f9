"""The API's call log: every call (refused ones too) as one ``ApiCall`` row.

The URL patterns of the API are wrapped by ``audited`` (urls.py), so no endpoint can be
added unrecorded. An endpoint names the object it answered about with ``note_object``;
the scope and municipality come from ``require_scope``. The registry's own audit trail
(services.documents) is written too where its façade records reads: the API's actor
carries the channel ``api``."""

import functools
import logging

from django.db import DatabaseError

from sites.actor import client_ip

from .models import ApiCall

logger = logging.getLogger(__name__)


def note_object(request, kind, pk):
    request.api_object = f"{kind}:{pk}"[:120]


def record(request, response):
    principal = getattr(request, "api_principal", None)
    client = getattr(principal, "client", None)
    token = getattr(principal, "token", None)
    user = getattr(principal, "user", None)
    municipality = getattr(request, "api_municipality", None)
    try:
        ApiCall.objects.create(
            municipality=municipality,
            client_id_kept=getattr(client, "pk", None),
            client_name=getattr(client, "name", "")[:120],
            token_prefix=getattr(token, "prefix", ""),
            user_id_kept=getattr(user, "pk", None),
            method=request.method[:10],
            path=request.path[:300],
            scope=getattr(request, "api_scope", ""),
            object_ref=getattr(request, "api_object", ""),
            status=response.status_code,
            ip_address=client_ip(request) or None,
        )
    except DatabaseError:
        # A call that broke the transaction (a 500) is logged by the problem handler; the
        # record is not worth a second failure.
        logger.exception("API call record not written for %s", request.path)


def audited(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        record(request, response)
        return response

    return wrapper
