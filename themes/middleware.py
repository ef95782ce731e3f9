from .current import using_request


class ThemeMiddleware:
    """Makes the request's site's theme the one templates are looked up in (themes.loaders).

    Error pages rendered for this request (404, 500) are inside it too, so they come from
    the site's theme."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with using_request(request):
            return self.get_response(request)
