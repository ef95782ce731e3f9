import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from .site_context import load_site_context
from .site_urls import use_site_local_urls
from .tenancy import municipality_for_request

logger = logging.getLogger(__name__)


class CurrentMunicipalityMiddleware:
    """Puts ``request.municipality``: the municipality whose site this host serves, or None.

    Resolution is by hostname through Wagtail's sites, so an unknown host falls back to the
    default site — the central portal — and never to another municipality. On a
    municipality's site, page links are resolved against that site alone (sites.site_urls)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        load_site_context(request)
        request.municipality = municipality_for_request(request)
        use_site_local_urls(request)
        return self.get_response(request)


class RequestSizeMiddleware:
    """A request too large for the platform (settings MAX_REQUEST_MB, files included, and
    Django's DATA_UPLOAD_MAX_MEMORY_SIZE for the fields) gets a Hungarian page that says
    what the limits are, with status 413, instead of Django's bare 400.

    Checked here, before any view (or the CSRF check) reads the body: the declared length
    first, so an oversized upload is refused unread; then a form is parsed here (as the
    CSRF check would parse it next anyway), so that Django's RequestDataTooBig,
    TooManyFieldsSent and TooManyFilesSent are answered with a page, not a bare 400. A
    view exempt from the CSRF check (a webhook) parses its own body: only its length is
    checked here."""

    FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = self.refusal(request)
        return refused if refused is not None else self.get_response(request)

    def refusal(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_MB * 1024 * 1024:
            return self.too_large(request, length)
        if (
            request.method == "POST"
            and request.content_type in self.FORM_TYPES
            and not self.reads_its_own_body(request)
        ):
            try:
                request.POST  # noqa: B018 - parsing is the check
            except RequestDataTooBig:
                return self.too_large(request, length)
            except (TooManyFieldsSent, TooManyFilesSent):
                return self.too_many(request)
        return None

    @staticmethod
    def reads_its_own_body(request):
        """A view exempt from the CSRF check (a provider's webhook) may read the raw body,
        which a parsed multipart body no longer has: its form is left to it."""
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return False
        return getattr(match.func, "csrf_exempt", False)

    def too_large(self, request, length):
        logger.warning("Request of %d bytes to %s refused as too large", length, request.path)
        return render(
            request,
            "sites/request_refused.html",
            {
                "status": 413,
                "title": _("The upload is too large"),
                "message": _(
                    "What you sent is larger than we accept, so nothing was saved. One file "
                    "may be at most %(file)d MB and all files of a form together at most "
                    "%(request)d MB. Go back, attach smaller files (a scan at a lower "
                    "resolution, or a PDF instead of photos) and send the form again."
                )
                % {"file": settings.MAX_UPLOAD_MB, "request": settings.MAX_REQUEST_MB},
            },
            status=413,
        )

    def too_many(self, request):
        logger.warning("Request to %s refused: too many fields or files", request.path)
        return render(
            request,
            "sites/request_refused.html",
            {
                "status": 400,
                "title": _("Too many fields"),
                "message": _(
                    "The form arrived with more fields or files than we accept, so nothing "
                    "was saved. Go back, reload the page and send the form again."
                ),
            },
            status=400,
        )
