"""Which theme is in force: the one chosen by the site that serves the current request.

The template loader has no request to look at, so ThemeMiddleware puts the request in a
context variable for the time its response is made; the site's ThemeSettings are read from
the database only when a template is first looked up, so a response that renders no template
(a cached page, a redirect) costs no query."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.functional import cached_property
from wagtail.models import Site

from .registry import registry

_REQUEST_CACHE_ATTR = "_varoshaza_theme_settings"


def theme_settings_for_site(site):
    """The site's ThemeSettings, or unsaved defaults for a site whose admin never chose.

    Not ThemeSettings.for_site(): that creates the row, a write on every first visit."""
    from .models import ThemeSettings

    if site is None:
        return None
    found = (
        ThemeSettings.objects.filter(site=site)
        .select_related("logo", "favicon", "header_image")
        .first()
    )
    return found or ThemeSettings(site=site)


def remember_theme_settings(request, theme_settings):
    """Tell the request its site's ThemeSettings (sites.site_context knows them already)."""
    setattr(request, _REQUEST_CACHE_ATTR, theme_settings)


def theme_settings_for_request(request):
    if not hasattr(request, _REQUEST_CACHE_ATTR):
        site = Site.find_for_request(request)
        setattr(request, _REQUEST_CACHE_ATTR, theme_settings_for_site(site))
    return getattr(request, _REQUEST_CACHE_ATTR)


class _ThemeState:
    def __init__(self, request=None, theme_settings=None, theme_name=None):
        self.request = request
        self._theme_settings = theme_settings
        self._theme_name = theme_name

    @cached_property
    def theme_settings(self):
        if self._theme_settings is None and self.request is not None:
            return theme_settings_for_request(self.request)
        return self._theme_settings

    @cached_property
    def theme(self):
        if self._theme_name:
            return registry.get(self._theme_name)
        if self.theme_settings is not None:
            return registry.get(self.theme_settings.theme)
        return registry.default


_state = ContextVar("themes_current_state", default=None)


def current_theme():
    state = _state.get()
    return state.theme if state is not None else registry.default


def current_theme_settings():
    """The ThemeSettings in force, or None outside a request (then the theme's defaults)."""
    state = _state.get()
    return state.theme_settings if state is not None else None


@contextmanager
def using_request(request):
    token = _state.set(_ThemeState(request=request))
    try:
        yield
    finally:
        _state.reset(token)


@contextmanager
def using_site_theme(site):
    """Render with a site's theme outside that site's requests: e-mails, or previewing a
    page in the admin, which is served from the admin's host and not the page's."""
    token = _state.set(_ThemeState(theme_settings=theme_settings_for_site(site)))
    try:
        yield
    finally:
        _state.reset(token)


@contextmanager
def using_theme(name):
    token = _state.set(_ThemeState(theme_name=name))
    try:
        yield
    finally:
        _state.reset(token)
