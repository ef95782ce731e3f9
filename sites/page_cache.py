"""The per-site page cache for anonymous visitors.

Pages are cached by host name, and each host name has a cache generation; invalidating a
site bumps the generation of its host name, so all its pages are stale at once without
listing them, and other sites' pages are untouched. Invalidation happens on publish,
unpublish, move and delete of a page and on a change of the site, its settings or its theme
(see sites/signal_handlers.py and :func:`invalidate_site`), so a publish is visible at the
very next request.

The pages live in the shared cache (Redis in production) and the most requested of them in
each worker's memory too. Each worker also hears every new generation as it is made
(sites.generations), so a hit on a page the worker holds costs neither a query nor a round
trip to the cache; otherwise the generation and the page are read from the cache. The
middleware is the first of the stack, so a hit runs no other middleware. Only a host name
that is a site's own is cached: an unknown host falls back to the default site, whose
generation it does not share."""

import hashlib
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils import timezone
from wagtail.models import Site

from . import security_policy
from .generations import announce, watcher
from .language import chosen_language

HOST_GENERATION_KEY = "page-cache:host:{hostname}:generation"
# The format's version is in the key: after an upgrade, pages stored by the previous release
# are never read.
PAGE_KEY = "page-cache:v2:page:{digest}"
# Headers that belong to one visitor or one transfer, never stored with a page.
UNSHARED_HEADERS = {"set-cookie", "x-page-cache", "connection", "transfer-encoding"}


def _generation_key(hostname):
    return HOST_GENERATION_KEY.format(hostname=hostname.lower())


def _first_generation():
    # Not 1: after the cache server restarts empty, a host starts again from a number that it
    # never had before, so no worker's memory can take an old page for a current one.
    return time.time_ns() // 1000


def current_generation(hostname):
    """The host's generation as this worker heard it, or read from the cache (None if the
    host never had one)."""
    hostname = hostname.lower()
    generation = watcher.get(hostname)
    if generation is None:
        generation = cache.get(_generation_key(hostname))
        watcher.remember(hostname, generation)
    return generation


def host_generation(hostname):
    """The current generation of the pages cached for a host name, made if it has none."""
    generation = current_generation(hostname)
    if generation is None:
        key = _generation_key(hostname)
        cache.add(key, _first_generation(), timeout=None)
        generation = cache.get(key)
    return generation


def _increment(hostname):
    key = _generation_key(hostname)
    try:
        generation = cache.incr(key)
    except ValueError:
        generation = _first_generation()
        cache.set(key, generation, timeout=None)
    watcher.remember(hostname.lower(), generation)  # this worker knows at once
    announce(hostname.lower(), generation)  # the others as soon as Redis tells them


def _bump(hostname):
    _increment(hostname)
    # A request that read the old data between this bump and the commit of the change
    # stored it under the new generation: bump once more when everyone sees the change.
    transaction.on_commit(lambda: _increment(hostname))


class WorkerPages:
    """The pages this worker served last, up to a number of bytes, least recent out first."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._entries = OrderedDict()
        self._bytes = 0

    def get(self, key):
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key, entry):
        size = len(entry[2])
        if size > self.max_bytes:
            return
        self.discard(key)
        self._entries[key] = entry
        self._bytes += size
        while self._bytes > self.max_bytes:
            _key, oldest = self._entries.popitem(last=False)
            self._bytes -= len(oldest[2])

    def discard(self, key):
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry[2])

    def clear(self):
        self._entries.clear()
        self._bytes = 0


worker_pages = WorkerPages(settings.PAGE_CACHE_WORKER_BYTES)


def _fresh(entry, generation):
    # entry: (generation, expires at (epoch seconds), content, headers)
    return entry is not None and entry[0] == generation and entry[1] > time.time()


def _hostname_of(site_id):
    return Site.objects.filter(pk=site_id).values_list("hostname", flat=True).first()


def site_generation(site_id):
    """The cache generation of a site's pages (that of its host name)."""
    hostname = _hostname_of(site_id)
    return host_generation(hostname) if hostname else None


def invalidate_site(site_id):
    """Make every cached page of the site stale; the next request renders afresh."""
    invalidate_hostname(_hostname_of(site_id))


def invalidate_hostname(hostname):
    """A site's host name changed or its site went away: forget the pages cached for it."""
    if hostname:
        _bump(hostname)


def invalidate_page(page):
    """Invalidate every site whose tree holds the page (normally exactly one)."""
    for hostname in Site.objects.filter(
        root_page__in=page.get_ancestors(inclusive=True)
    ).values_list("hostname", flat=True):
        _bump(hostname)


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
        hostname = split_domain_port(request.get_host())[0]
        generation = current_generation(hostname)
        request.host_generation = generation  # sites.site_context needs it too
        if generation is not None:
            entry = worker_pages.get(key)
            if _fresh(entry, generation):
                return self._rebuild(entry)
            entry = cache.get(key)
            if _fresh(entry, generation):
                worker_pages.put(key, entry)
                return self._rebuild(entry)
        response = self.get_response(request)
        if self._storable(request, response, hostname):
            if generation is None:
                generation = host_generation(hostname)
            timeout = self._timeout(request)
            entry = self._freeze(generation, time.time() + timeout, response)
            cache.set(key, entry, timeout)
            worker_pages.put(key, entry)
            response["X-Page-Cache"] = "MISS"
        return response

    @staticmethod
    def _key(request):
        if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None  # SecurityMiddleware, further in, redirects to https
        path = request.get_full_path()
        if path.startswith(("/admin/", "/django-admin/", "/static/", "/media/")):
            return None
        address = f"{request.scheme}://{request.get_host()}{path}#{chosen_language(request)}"
        return PAGE_KEY.format(digest=hashlib.sha256(address.encode()).hexdigest())

    @staticmethod
    def _storable(request, response, hostname):
        site = getattr(request, "_wagtail_site", None)  # Site.find_for_request's memo
        return (
            request.method == "GET"
            and getattr(request, "page_cacheable", False)
            # Not a host that fell back to the default site: its generation is not the site's.
            and site is not None
            and site.hostname.lower() == hostname.lower()
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
    def _freeze(generation, expires_at, response):
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in UNSHARED_HEADERS
        }
        return (generation, expires_at, response.content, headers)

    @staticmethod
    def _rebuild(cached):
        _generation, _expires_at, content, headers = cached
        # The page was rendered for an earlier visitor: its script nonce is not reused.
        headers = dict(headers)
        content = security_policy.renew(content, headers)
        response = HttpResponse(content, headers=headers)
        response["X-Page-Cache"] = "HIT"
        return response
