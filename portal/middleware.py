import logging
import re

from django.http.request import RawPostDataException
from django.utils import translation

from sites import normalise
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


class UnstorableInputMiddleware:
    """The last guard for a NUL or a lone surrogate that reached the database: PostgreSQL
    refuses them (a DataError), which would be a 500. Where the request carried such a
    character, answer 400 with a Hungarian page that says what to remove. The forms refuse
    them first with a message on the field (sites.normalise, Django's CharField); this is
    for the form that does not (a JSON field, a raw save), in the admin as on the portal.
    Any other DataError is still a bug to see."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DataError
        from django.shortcuts import render

        if not isinstance(exception, DataError) or not _carries_unstorable(request):
            return None
        logger.warning("Unstorable character in a request to %s: %s", request.path, exception)
        return render(request, "400.html", {"message": normalise.unstorable_message()}, status=400)


def _carries_unstorable(request):
    for query in (request.GET, request.POST):
        for key, items in query.lists():
            if any(normalise.has_unstorable(text) for text in [key, *items]):
                return True
    try:
        body = request.body
    except RawPostDataException:  # multipart, already read: its fields are in POST
        return False
    # A JSON body escapes them (\u0000, \ud800); a DataError was raised, so a well-paired
    # surrogate escape counted here too does no harm.
    return b"\x00" in body or re.search(rb"\\u0000|\\u[dD][89a-fA-F][0-9a-fA-F]{2}", body)
