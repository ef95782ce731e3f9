"""/api/v1/: the API's patterns, each wrapped so that it is recorded (audit.audited) and a
wrong method is a problem (405) too; anything else under /api/ is a 404 problem, never the
website's HTML page."""

from django.http import HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt

from . import problems
from .api import api
from .audit import audited, record

# The documentation and the schema are public and not worth a call record.
UNRECORDED = {"openapi-json", "openapi-view"}
# Nor is open data (portal.opendata, "open_…"): anyone's download without a token, which
# would otherwise write a row for every anonymous request and every 304.
OPEN_DATA_PREFIX = "open_"


def _problem_on_405(view):
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = [m.strip() for m in response["Allow"].split(",") if m.strip()]
            return problems.method_not_allowed(request, allowed)
        return response

    wrapper.csrf_exempt = getattr(view, "csrf_exempt", False)
    return wrapper


def _patterns():
    patterns, _app_name, _namespace = api.urls
    wrapped = []
    for pattern in patterns:
        view = _problem_on_405(pattern.callback)
        if pattern.name not in UNRECORDED and not pattern.name.startswith(OPEN_DATA_PREFIX):
            view = audited(view)
            view.csrf_exempt = True
        wrapped.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
    return wrapped


@csrf_exempt
def not_found(request, rest=""):
    response = problems.from_problem(request, problems.not_found())
    record(request, response)
    return response


app_name = "openapi_v1"
urlpatterns = [
    *_patterns(),
    # [\s\S], not ".": a path with a line break is a 404 problem too.
    re_path(r"^(?P<rest>[\s\S]*)$", not_found, name="not_found"),
]
