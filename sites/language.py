"""The visitor's language, read in one place: the locale middleware activates it and the
page cache keys every page by it, so it lives here, below both."""

from django.conf import settings


def chosen_language(request):
    """The language the visitor chose with the language switch, or Hungarian."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
