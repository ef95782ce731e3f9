"""What every page of a site needs besides the page itself, remembered in each worker.

Every page of a municipality's site shows the same site, municipality, main menu, footer and
theme; read from the database on every request, that was half of the queries of a page. Each
worker keeps them per host name, together with the host's page-cache generation
(sites.page_cache) they were read under. Everything that changes them — publishing,
unpublishing, moving or deleting a page, a view restriction, the site, the municipality, its
settings, theme or images — bumps that generation, so one small cache read per request tells
whether the worker's copy is still good; a stale one is read again.

Only a host name that is a site's own is remembered: an unknown host falls back to the
default site, whose generation it does not share. Each request gets its own unpickled copy,
so nothing one request changes reaches another.

Apps add what they need as a part (the themes app adds the site's ThemeSettings)::

    site_context_parts.register("theme_settings", build=lambda site: ..., apply=...)

``build(site)`` reads the value (picklable) for a site; ``apply(request, value)`` puts it
where the app's code looks for it on the request."""

import pickle
from collections import OrderedDict
from dataclasses import dataclass

from django.http.request import split_domain_port
from wagtail.models import Site

from .page_cache import host_generation
from .registry import Registry

# Enough for every municipality and the portal; beyond that the least recent goes.
MEMO_SIZE = 4000

_memo = OrderedDict()


@dataclass(frozen=True)
class SiteContextPart:
    name: str
    build: callable
    apply: callable


class SiteContextParts(Registry):
    def register(self, name, plugin=None, *, build=None, apply=None, replace=False):
        """``register(name, build=..., apply=...)``, or a ready SiteContextPart."""
        if build is not None or apply is not None:
            plugin = SiteContextPart(name, build, apply)
        return super().register(name, plugin, replace=replace)


site_context_parts = SiteContextParts("site context parts")


def forget_all():
    """Empty this worker's memory (tests; the generations make it unnecessary otherwise)."""
    _memo.clear()


def load_site_context(request):
    """Put the request's site and the registered parts on the request, from the worker's
    memory when the host's generation says it is still good."""
    host = request.get_host()
    hostname = split_domain_port(host)[0].lower()
    generation = getattr(request, "host_generation", None)
    if generation is None:
        generation = request.host_generation = host_generation(hostname)
    entry = _memo.get(host)
    if entry is not None and entry[0] == generation:
        _memo.move_to_end(host)
        site, values = pickle.loads(entry[1])
        request._wagtail_site = site  # Site.find_for_request's own memo
    else:
        site = Site.find_for_request(request)
        if site is None:
            return
        values = {part.name: part.build(site) for part in site_context_parts.values()}
        # Every route starts from the home page, as its own type: read it once with the rest.
        _home = site.root_page.specific
        if site.hostname.lower() == hostname:
            _memo[host] = (generation, pickle.dumps((site, values), pickle.HIGHEST_PROTOCOL))
            _memo.move_to_end(host)
            while len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
    for part in site_context_parts.values():
        part.apply(request, values[part.name])


# -- the parts of the sites app


def _build_municipality(site):
    from .models import Municipality

    return Municipality.objects.filter(site=site).first()


def _build_site_settings(site):
    from .models import SiteSettings

    return SiteSettings.for_site(site)


def _build_main_menu(site):
    from .visibility import without_private_sections

    return list(without_private_sections(site.root_page.get_children().live().in_menu()))


def _apply_municipality(request, municipality):
    from .tenancy import remember_municipality

    remember_municipality(request, municipality)


site_context_parts.register("municipality", build=_build_municipality, apply=_apply_municipality)
site_context_parts.register(
    "site_settings",
    build=_build_site_settings,
    apply=lambda request, value: setattr(request, "site_settings", value),
)
site_context_parts.register(
    "main_menu",
    build=_build_main_menu,
    apply=lambda request, value: setattr(request, "main_menu_pages", value),
)


def _build_feeds(site):
    from .feeds import site_feed_links

    return site_feed_links(site)


site_context_parts.register(
    "feeds",
    build=_build_feeds,
    apply=lambda request, value: setattr(request, "site_feeds", value),
)
