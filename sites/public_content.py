"""What of a municipality's website and profile is public, as rows: the one place that
decides it for the open data (portal.opendata) and the content API.

A page is public when it is live and no view restriction covers it or any of its
ancestors (``visibility.without_private_sections``); what is read is the live page's own
fields, never a later draft revision. A decree's PDF is left out: it is a Wagtail document
whose collection may be restricted; the decree's page, linked by its URL, shows it to whom
it may. The municipality's profile is the office's public contact data (its address, its
e-mail and phone, which every site's contact page shows), not its bank accounts or staff."""

from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page

from .models import DecreePage, EventPage, Municipality, NewsPage
from .online_services import services_of
from .visibility import without_private_sections

MUNICIPALITY_COLUMNS = (
    "ksh_code",
    "name",
    "slug",
    "county",
    "legal_status",
    "population",
    "postal_code",
    "address",
    "email",
    "phone",
    "website",
    "joined_on",
    "online_services",
)
SERVICE_COLUMNS = ("code", "title", "field", "url", "description")
DECREE_COLUMNS = (
    "id",
    "number",
    "citation",
    "title",
    "promulgated_on",
    "in_force_from",
    "in_force_until",
    "in_force",
    "amends",
    "url",
    "last_published_at",
)
EVENT_COLUMNS = (
    "id",
    "title",
    "start",
    "end",
    "all_day",
    "location",
    "summary",
    "url",
    "last_published_at",
)
NEWS_COLUMNS = ("id", "title", "date", "category", "summary", "tags", "url", "last_published_at")
PAGE_COLUMNS = (
    "id",
    "title",
    "type",
    "parent_id",
    "url",
    "first_published_at",
    "last_published_at",
)


def public_pages(municipality, model=Page):
    """The live, unrestricted pages of the municipality's site, of ``model``."""
    if municipality is None or municipality.root_page_id is None:
        return model.objects.none()
    root = Page.objects.get(pk=municipality.root_page_id)
    return without_private_sections(model.objects.live().descendant_of(root, inclusive=True))


def _stamp(value):
    return value.isoformat() if value else None


def _url(page, municipality):
    return page.get_full_url() or f"{municipality.url.rstrip('/')}{page.url_path}"


def municipalities():
    """Every active municipality with its public profile and how many online services it
    offers."""
    rows = []
    for municipality in Municipality.objects.active().select_related("site"):
        rows.append(
            {
                "ksh_code": municipality.ksh_code,
                "name": municipality.name,
                "slug": municipality.slug,
                "county": municipality.get_county_display(),
                "legal_status": municipality.legal_status,
                "population": municipality.population,
                "postal_code": municipality.postal_code,
                "address": municipality.address,
                "email": municipality.email,
                "phone": municipality.phone,
                "website": municipality.url,
                "joined_on": municipality.joined_on.isoformat(),
                "online_services": len(services_of(municipality)),
            }
        )
    return rows


def online_services(municipality):
    """What a citizen can do online in the municipality (its published forms and the other
    services' plugins, sites.online_services)."""
    return [
        {
            "code": service.code,
            "title": str(service.title),
            "field": service.field,
            "url": service.url,
            "description": str(service.description),
        }
        for service in services_of(municipality).values()
    ]


def decrees(municipality, today=None):
    today = today or timezone.localdate()
    pages = list(
        public_pages(municipality, DecreePage)
        .prefetch_related("amends")
        .order_by("-promulgated_on", "-number", "pk")
    )
    public_ids = {page.pk for page in pages}
    return [
        {
            "id": page.pk,
            "number": page.number,
            "citation": page.official_number,
            "title": page.title,
            "promulgated_on": _stamp(page.promulgated_on),
            "in_force_from": _stamp(page.in_force_from),
            "in_force_until": _stamp(page.in_force_until),
            "in_force": page.is_in_force(today),
            # Only amended decrees that are public themselves are named.
            "amends": [
                other.official_number for other in page.amends.all() if other.pk in public_ids
            ],
            "url": _url(page, municipality),
            "last_published_at": _stamp(page.last_published_at),
        }
        for page in pages
    ]


def events(municipality):
    pages = public_pages(municipality, EventPage).order_by("start", "pk")
    return [
        {
            "id": page.pk,
            "title": page.title,
            "start": _stamp(page.start),
            "end": _stamp(page.end),
            "all_day": page.all_day,
            "location": page.location,
            "summary": page.intro,
            "url": _url(page, municipality),
            "last_published_at": _stamp(page.last_published_at),
        }
        for page in pages
    ]


def news(municipality):
    pages = public_pages(municipality, NewsPage).prefetch_related("tags").order_by("-date", "-pk")
    return [
        {
            "id": page.pk,
            "title": page.title,
            "date": _stamp(page.date),
            "category": page.get_category_display(),
            "summary": page.intro or strip_tags(str(page.body))[:300],
            "tags": sorted(tag.name for tag in page.tags.all()),
            "url": _url(page, municipality),
            "last_published_at": _stamp(page.last_published_at),
        }
        for page in pages
    ]


def pages(municipality):
    """Every public page of the site (any type), in tree order."""
    found = public_pages(municipality).select_related("content_type").order_by("path")
    parents = {}
    rows = []
    for page in found:
        parents[page.path] = page.pk
        rows.append(
            {
                "id": page.pk,
                "title": page.title,
                "type": page.content_type.model,
                "parent_id": parents.get(page.path[: -Page.steplen]),
                "url": _url(page, municipality),
                "first_published_at": _stamp(page.first_published_at),
                "last_published_at": _stamp(page.last_published_at),
            }
        )
    return rows


def page(municipality, page_id):
    """One public page of the site as a row, with its search description and summary (the
    live version's), or None: a draft, a restricted page and another site's page alike."""
    found = (
        public_pages(municipality)
        .filter(pk=page_id)
        .select_related("content_type")
        .specific()
        .first()
    )
    if found is None:
        return None
    parent = found.get_parent()
    summary = getattr(found, "intro", "") or ""
    return {
        "id": found.pk,
        "title": found.title,
        "type": found.content_type.model,
        "parent_id": parent.pk if parent and found.pk != municipality.root_page_id else None,
        "url": _url(found, municipality),
        "first_published_at": _stamp(found.first_published_at),
        "last_published_at": _stamp(found.last_published_at),
        "search_description": found.search_description,
        # A rich-text introduction is given as its text.
        "summary": strip_tags(str(summary)).strip(),
    }
