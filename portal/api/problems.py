"""RFC 7807 problem details for every error of the API, in Hungarian.

Every refusal leaves the API as ``application/problem+json`` with ``type`` (a URN naming
the problem, stable for clients to branch on), ``title`` and ``detail`` (Hungarian, for a
person reading a log), ``status`` and ``instance`` (the path). Validation errors add
``errors`` (where and what). Endpoints raise ``ApiProblem`` or one of the helpers below;
ninja's own exceptions are translated by the handlers that ``install`` puts on the API."""

import logging

from django.db import DataError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"


class ApiProblem(Exception):
    def __init__(self, status, code, title, detail="", *, headers=None, extra=None):
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra or {}


def response(request, status, code, title, detail="", *, headers=None, extra=None):
    body = {
        "type": f"urn:varoshaza:api:{code}",
        "title": str(title),
        "status": status,
        "detail": str(detail),
        "instance": request.path if request is not None else "",
        **(extra or {}),
    }
    answer = JsonResponse(
        body, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )
    for name, value in (headers or {}).items():
        answer[name] = value
    return answer


def from_problem(request, problem):
    return response(
        request,
        problem.status,
        problem.code,
        problem.title,
        problem.detail,
        headers=problem.headers,
        extra=problem.extra,
    )


def unauthorized(detail=None):
    return ApiProblem(
        401,
        "unauthorized",
        _("Authentication required"),
        detail or _("Send a valid API token: Authorization: Bearer <token>."),
        headers={"WWW-Authenticate": 'Bearer realm="varoshaza"'},
    )


def forbidden(detail):
    return ApiProblem(403, "forbidden", _("Access denied"), detail)


def not_found(detail=None):
    return ApiProblem(
        404, "not-found", _("Not found"), detail or _("There is no such object here.")
    )


def bad_request(detail, code="invalid"):
    return ApiProblem(400, code, _("Invalid request"), detail)


def conflict(detail, code="conflict"):
    return ApiProblem(409, code, _("Conflict"), detail)


def too_many_requests(seconds):
    return ApiProblem(
        429,
        "rate-limited",
        _("Too many requests"),
        _("This application has made too many calls. Try again in %(seconds)s seconds.")
        % {"seconds": seconds},
        headers={"Retry-After": str(seconds)},
    )


def method_not_allowed(request, allowed):
    return response(
        request,
        405,
        "method-not-allowed",
        _("Method not allowed"),
        _("This address does not accept %(method)s. Allowed: %(allowed)s.")
        % {"method": request.method, "allowed": ", ".join(sorted(allowed))},
        headers={"Allow": ", ".join(sorted(allowed))},
    )


def _where(error):
    return ".".join(str(part) for part in error.get("loc", ()))


def install(api):
    """Put the problem handlers on a NinjaAPI (it answers every error through them)."""

    @api.exception_handler(ApiProblem)
    def _problem(request, exc):
        return from_problem(request, exc)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return from_problem(request, unauthorized())

    @api.exception_handler(ValidationError)
    def _invalid(request, exc):
        errors = [
            {"where": _where(error), "message": str(error.get("msg", ""))[:300]}
            for error in exc.errors
        ]
        return response(
            request,
            422,
            "validation",
            _("Invalid data"),
            _("Some values of the request are missing or have the wrong form; see errors."),
            extra={"errors": errors},
        )

    @api.exception_handler(Http404)
    def _missing(request, exc):
        return from_problem(request, not_found())

    @api.exception_handler(HttpError)
    def _http_error(request, exc):
        if exc.status_code == 403:
            return from_problem(request, forbidden(_("This token may not do this.")))
        if exc.status_code == 404:
            return from_problem(request, not_found())
        return response(request, exc.status_code, "error", _("Request refused"), "")

    @api.exception_handler(DataError)
    def _unstorable(request, exc):
        # A NUL character or a lone surrogate the database refuses (portal.middleware does
        # the same for the web pages): the client's input, so a 400, not a server error.
        return response(
            request,
            400,
            "unstorable-input",
            _("Invalid request"),
            _("The request contains characters that cannot be processed (e.g. a NUL byte)."),
        )

    @api.exception_handler(Exception)
    def _crash(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return response(
            request,
            500,
            "server-error",
            _("Server error"),
            _("The request could not be completed. It has been logged; please try again later."),
        )
