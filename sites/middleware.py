from .tenancy import municipality_for_request


class CurrentMunicipalityMiddleware:
    """Puts ``request.municipality``: the municipality whose site this host serves, or None.

    Resolution is by hostname through Wagtail's sites, so an unknown host falls back to the
    default site — the central portal — and never to another municipality."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.municipality = municipality_for_request(request)
        return self.get_response(request)
