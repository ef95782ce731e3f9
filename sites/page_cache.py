"""The per-site page cache for anonymous visitors.

Every cached page of a site is keyed with the site's cache generation; invalidating a site
bumps the generation, so all its pages are stale at once without listing them, and other
sites' pages are untouched. Invalidation happens on publish, unpublish, move and delete of
a page and on a change of the site's settings or theme (see sites/signal_handlers.py and
:func:`invalidate_site`), so a publish is visible at the very next request."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from wagtail.models import Site

GENERATION_KEY = "page-cache:site:{site_id}:generation"
# Which site a host name resolves to, valid while no Site changes (any change of any Site
# bumps the sites generation: the fallback to the default site depends on all of them).
SITES_GENERATION_KEY = "page-cache:sites:generation"
HOST_KEY = "page-cache:sites:{generation}:host:{host}"
PAGE_KEY = "page-cache:site:{site_id}:{generation}:{language}:{digest}"
# Headers worth keeping with a cached page; anything per visitor is never stored.
KEPT_HEADERS = ("Content-Type", "Content-Language")


def site_generation(site_id):
    key = GENERATION_KEY.format(site_id=site_id)
    generation = cache.get(key)
    if generation is None:
        cache.add(key, 1, timeout=None)
        generation = cache.get(key, 1)
    return generation


def invalidate_site(site_id):
    """Make every cached page of the site stale; the next request renders afresh."""
    key = GENERATION_KEY.format(site_id=site_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def invalidate_sites():
    """A Site was added, changed or removed: forget every host name's resolution."""
    try:
        cache.incr(SITES_GENERATION_KEY)
    except ValueError:
        cache.set(SITES_GENERATION_KEY, 2, timeout=None)


def site_id_for_request(request):
    """Site.find_for_request, remembered per host name: on a cache hit the page is served
    without touching the database (Wagtail's lookup is a query ordering all sites)."""
    sites_generation = cache.get(SITES_GENERATION_KEY)
    if sites_generation is None:
        cache.add(SITES_GENERATION_KEY, 1, timeout=None)
        sites_generation = cache.get(SITES_GENERATION_KEY, 1)
    host_key = HOST_KEY.format(
        generation=sites_generation,
        host=hashlib.sha256(request.get_host().encode()).hexdigest()[:32],
    )
    site_id = cache.get(host_key)
    if site_id is None:
        site = Site.find_for_request(request)
        site_id = site.pk if site is not None else 0
        cache.set(host_key, site_id, timeout=3600)
    return site_id or None


def invalidate_page(page):
    """Invalidate every site whose tree holds the page (normally exactly one)."""
    for site_id in Site.objects.filter(
        root_page__in=page.get_ancestors(inclusive=True)
    ).values_list("pk", flat=True):
        invalidate_site(site_id)


class PageCacheMiddleware:
    """Serves anonymous GET requests for pages from the cache, per site.

    A response is stored only when a Wagtail page said it may be (``cache_for_anonymous``,
    marked by the before_serve_page hook), it is a plain 200 and it sets no cookie; a visitor
    with a session (logged in, or in the middle of something) always gets a fresh page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        cached = cache.get(key)
        if cached is not None:
            return self._rebuild(cached)
        response = self.get_response(request)
        if self._storable(request, response):
            cache.set(key, self._freeze(response), self._timeout(request))
            response["X-Page-Cache"] = "MISS"
        return response

    def _key(self, request):
        if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        if request.path.startswith(("/admin/", "/django-admin/", "/static/", "/media/")):
            return None
        site_id = site_id_for_request(request)
        if site_id is None:
            return None
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        return PAGE_KEY.format(
            site_id=site_id,
            generation=site_generation(site_id),
            language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            digest=digest,
        )

    @staticmethod
    def _storable(request, response):
        return (
            getattr(request, "page_cacheable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _timeout(request):
        timeout = settings.PAGE_CACHE_SECONDS
        expires_at = getattr(request, "page_cache_expires_at", None)
        if expires_at is not None:
            remaining = int((expires_at - timezone.now()).total_seconds())
            timeout = max(1, min(timeout, remaining))
        return timeout

    @staticmethod
    def _freeze(response):
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        return (response.content, headers)

    @staticmethod
    def _rebuild(cached):
        content, headers = cached
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        response["X-Page-Cache"] = "HIT"
        return response
