import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.http import require_GET


@require_GET
def switch_language(request, language):
    """Choose the site's language with a plain link, remembered in Django's language cookie.

    A link rather than Django's POST form: a form would carry a per-visitor CSRF token and
    keep every page out of the anonymous page cache. Switching language changes nothing
    but a display preference, so a GET is safe."""
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@require_GET
def robots_txt(request):
    """Per site: everything public may be indexed, the admin not; the sitemap of this host."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /kereses/",
        f"Sitemap: {request.scheme}://{request.get_host()}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """Django's 500 page, except when the database cannot be reached (an outage, a
    failover, a connection limit): then 503 with Retry-After, so a balancer and a person
    both know that trying again later is the answer. The page is the theme's 500.html,
    which renders without the database."""
    error = sys.exc_info()[1]
    if not isinstance(error, (OperationalError, InterfaceError)):
        return defaults.server_error(request)
    try:
        body = loader.render_to_string("500.html", {"unavailable": True})
    except Exception:  # the page must not fail in its turn
        body = "<h1>503 Service Unavailable</h1>"
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
    return response
