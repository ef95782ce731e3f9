from .site_context import load_site_context
from .site_urls import use_site_local_urls
from .tenancy import municipality_for_request


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
