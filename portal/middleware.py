import logging

from django.utils import translation

from sites.language import chosen_language

logger = logging.getLogger(__name__)


class HungarianFirstLocaleMiddleware:
    """Hungarian unless the visitor chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language header; a Hungarian
    authority's pages are Hungarian first, whatever the browser's language is, and English
    only on request (the choice is kept in Django's language cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class IncompleteRequestMiddleware:
    """A form sent without a field its view reads (``request.POST["x"]``) is the sender's
    mistake, not the server's: Django raises MultiValueDictKeyError for it, which would be
    a 500. Answer 400 with a Hungarian page that says to reload the form instead. Only
    this exception: anything else is still a bug to see."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render
        from django.utils.datastructures import MultiValueDictKeyError

        if not isinstance(exception, MultiValueDictKeyError):
            return None
        logger.warning("Incomplete request to %s: %s is missing", request.path, exception)
        return render(request, "400.html", status=400)
