"""The per-site page cache for anonymous visitors.

Every cached page of a site is keyed with the site's cache generation; invalidating a site
bumps the generation, so all its pages are stale at once without listing them, and other
sites' pages are untouched. Invalidation is called explicitly (publish, unpublish, move,
delete, theme or site-setting change) through :func:`invalidate_site`."""

from django.core.cache import cache

GENERATION_KEY = "page-cache:site:{site_id}:generation"


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
