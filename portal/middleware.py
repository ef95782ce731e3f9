from django.conf import settings
from django.utils import translation


class HungarianFirstLocaleMiddleware:
    """Hungarian unless the visitor chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language header; a Hungarian
    authority's pages are Hungarian first, whatever the browser's language is, and English
    only on request (the choice is kept in Django's language cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
