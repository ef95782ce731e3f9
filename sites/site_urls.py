"""Page URLs on a municipality's own requests, without scanning every site.

Wagtail turns a page into a URL with ``Site.get_site_root_paths()``: the root path of every
site, read from the cache once per request and then scanned for each link. With 3,200 sites
that was half the time of rendering a page: the list unpickled and its 3,200 tuples rebuilt
on every request, and each link comparing its path with all of them, twice.

A municipal site links only to its own pages (the page chooser and the explorer are scoped
to it, sites.admin_scoping), so while a municipality's site serves a request, the request
carries only that site's root path, which is all a link on it needs. Wagtail reads the root
paths from the request object it is given (``Page._get_site_root_paths(cache_object)``), so
every ``pageurl``, ``page.url`` and ``get_url(request)`` uses the short list unchanged.

The price: on such a request, a page of *another* site has no URL (``get_url(request)``
gives None). Link another municipality's page with ``page.get_full_url()`` without the
request, or with its site's ``root_url``. The portal (the default site) and the admin keep
Wagtail's full list."""

from collections.abc import Sequence

from wagtail.models import Locale, Site
from wagtail.models.sites import SiteRootPath

# Wagtail's attribute for the root paths it caches on a request.
_REQUEST_ATTR = "_wagtail_cached_site_root_paths"
# Paths served by the admin: there pages of every site the user may edit are listed.
_FULL_LIST_PREFIXES = ("/admin/", "/django-admin/")
_language_codes = {}


def _language_code(locale_id):
    # Locales are created once, when a language is added; their code never changes.
    if locale_id not in _language_codes:
        _language_codes[locale_id] = Locale.objects.get(pk=locale_id).language_code
    return _language_codes[locale_id]


class SiteLocalRootPaths(Sequence):
    """The request's own site as the only entry of the root path list, built at the first
    link: by then serving the page has loaded the site's root page, so it costs no query."""

    def __init__(self, request):
        self._request = request
        self._entries = None

    def _load(self):
        if self._entries is None:
            site = Site.find_for_request(self._request)
            root = site.root_page
            self._entries = (
                SiteRootPath(site.pk, root.url_path, site.root_url, _language_code(root.locale_id)),
            )
        return self._entries

    def __getitem__(self, index):
        return self._load()[index]

    def __len__(self):
        return len(self._load())


def use_site_local_urls(request):
    """Called by CurrentMunicipalityMiddleware once the request's municipality is known."""
    if getattr(request, "municipality", None) is None:
        return
    if request.path.startswith(_FULL_LIST_PREFIXES):
        return
    setattr(request, _REQUEST_ATTR, SiteLocalRootPaths(request))
