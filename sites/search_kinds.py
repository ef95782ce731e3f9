"""What a municipal website offers to search: its pages, by kind, and its public documents.

Registered from ``MunicipalSitesConfig.ready()`` into ``sites.searchables``."""

from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, Site
from wagtail.models.sites import SiteRootPath
from wagtail.search import index

from .models import EventPage, MeetingPage, Municipality, NewsPage
from .models.pages import DecreePage
from .models.pages.folded import FOLDED_FIELD, FOLDED_MARK, plain_text
from .normalise import fold_for_index
from .searchables import (
    Hit,
    SearchableKind,
    municipalities_by_path,
    public_pages,
    searchables,
)


def _as_date(value):
    if value is None:
        return None
    if hasattr(value, "hour"):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


class PageKind(SearchableKind):
    """Pages of one or more page types; ``model`` None means every page type that no
    other page kind claims (standard pages, the home page, the service directory …)."""

    model = None

    def __init__(self, name, label, order, model=None, date_field=None):
        self.name, self.label, self.order = name, label, order
        self.model, self.date_field = model, date_field

    def queryset(self, scope):
        if self.model is not None:
            return public_pages(self.model.objects.all(), scope)
        claimed = [
            ContentType.objects.get_for_model(kind.model).pk
            for kind in searchables.values()
            if isinstance(kind, PageKind) and kind.model is not None
        ]
        return public_pages(Page.objects.exclude(content_type_id__in=claimed), scope)

    def hits(self, objects, scope):
        objects = list(objects)
        if self.model is None:
            specific = Page.objects.filter(pk__in=[page.pk for page in objects]).specific()
            by_pk = {page.pk: page for page in specific}
            for page in objects:
                if page.pk in by_pk and hasattr(page, "indexed_text"):
                    by_pk[page.pk].indexed_text = page.indexed_text
            objects = [by_pk.get(page.pk, page) for page in objects]
        names = municipalities_by_path([page.path for page in objects])
        site = scope.site
        root_paths = _site_root_paths([page.path for page in objects])
        if root_paths is not None:
            for page in objects:
                # Wagtail's get_url reads this before the list of every site: with 3,200
                # sites that list took 0.17 s a hit to unpickle and scan.
                page._wagtail_cached_site_root_paths = root_paths
        return [
            Hit(
                kind=self.name,
                title=page.title,
                url=page.get_url(current_site=site) or "",
                text=_page_text(page),
                date=_as_date(
                    getattr(page, self.date_field or "last_published_at", None)
                    or page.last_published_at
                ),
                municipality=names.get(page.path, ""),
            )
            for page in objects
        ]


def _site_root_paths(paths):
    """Wagtail's ``SiteRootPath`` list (most specific first, as ``Site.get_site_root_paths``
    orders it) of only the sites whose root page is an ancestor of one of ``paths``; None
    when translations are on (each site has several roots then: Wagtail's own list)."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return None
    steplen = Page.steplen
    prefixes = {
        path[:length] for path in paths for length in range(steplen, len(path) + 1, steplen)
    }
    sites = (
        Site.objects.filter(root_page__path__in=prefixes)
        .select_related("root_page", "root_page__locale")
        .order_by("-root_page__url_path", "-is_default_site", "hostname")
    )
    return [
        SiteRootPath(
            site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code
        )
        for site in sites
    ]


def _page_text(page):
    # The index's plain text up to the folded copy, when the layer read it with the page
    # (``search.ranked``) and it has the mark (entries indexed before it have not).
    indexed = getattr(page, "indexed_text", None)
    if indexed and FOLDED_MARK in indexed:
        return indexed.split(FOLDED_MARK, 1)[0].strip()
    fields = type(page).get_searchable_search_fields()
    parts = [
        plain_text(field.get_value(page))
        for field in fields
        if field.field_name not in ("title", FOLDED_FIELD)
    ]
    return " ".join(part for part in parts if part)


# ------------------------------------------------------------------------ documents


FLEET_COLLECTIONS_KEY = "search:fleet-public-collections"
FLEET_COLLECTIONS_TTL = 600


def public_collection_ids(scope):
    """The collections of the scope's municipality (every municipality's for the fleet)
    that neither have a view restriction nor sit under one (Wagtail checks a document
    against its collection's and every ancestor's restrictions)."""
    if scope.is_fleet:
        ids = cache.get(FLEET_COLLECTIONS_KEY)
        if ids is None:
            ids = _fleet_public_collection_ids()
            cache.set(FLEET_COLLECTIONS_KEY, ids, FLEET_COLLECTIONS_TTL)
        return ids
    if scope.municipality is None or not scope.municipality.collection_id:
        return []
    root = scope.municipality.collection.path
    collections = Collection.objects.filter(path__startswith=root)
    restricted = CollectionViewRestriction.objects.filter(collection__path__startswith=root)
    restricted = _outermost(restricted.values_list("collection__path", flat=True))
    if restricted:
        collections = collections.exclude(
            reduce(or_, (Q(path__startswith=path) for path in restricted))
        )
    return list(collections.values_list("pk", flat=True))


def _fleet_public_collection_ids():
    """Every municipality's public collections in three reads, whatever their number: a
    filter of one ``path LIKE`` per municipality (3,200 ORs) took 0.7–1.5 s a search.
    A path is a municipality's when one of its prefixes is a municipality's root."""
    roots = set(
        Municipality.objects.exclude(collection=None).values_list("collection__path", flat=True)
    )
    if not roots:
        return []
    restricted = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    steplen = Collection.steplen
    ids = []
    for pk, path in Collection.objects.filter(depth__gt=1).values_list("pk", "path"):
        prefixes = [path[:length] for length in range(steplen, len(path) + 1, steplen)]
        if any(prefix in roots for prefix in prefixes) and not any(
            path.startswith(r) for r in restricted
        ):
            ids.append(pk)
    return ids


def forget_fleet_collections(**kwargs):
    """A collection, a restriction or a municipality changed: the fleet's list is read
    anew (a collection made private must not be searched for ten minutes more)."""
    cache.delete(FLEET_COLLECTIONS_KEY)


def _outermost(paths):
    kept = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def _document_folded_text(document):
    tags = " ".join(tag.name for tag in document.tags.all()) if document.pk else ""
    return fold_for_index(f"{document.title} {tags}")


def index_documents_folded():
    """Wagtail's own document model gets the folded copy and a date filter at start-up,
    as ``sites.storage`` gives it the private storage: a custom document model would move
    every document and every foreign key to it."""
    Document = get_document_model()
    if any(field.field_name == FOLDED_FIELD for field in Document.search_fields):
        return
    Document.folded_search_text = _document_folded_text
    Document.search_fields = [
        *Document.search_fields,
        index.SearchField(FOLDED_FIELD),
        index.FilterField("created_at"),
    ]


class DocumentKind(SearchableKind):
    name = "documents"
    label = pgettext_lazy("search kind", "Documents")
    order = 60
    date_field = "created_at"

    def queryset(self, scope):
        ids = public_collection_ids(scope)
        documents = get_document_model().objects
        if scope.is_fleet and _searched_in_postgres():
            # The fleet's 3,200 collections as one array parameter: as 3,200 parameters
            # Django normalised each and psycopg split the statement at each, a third of a
            # fleet search. Only the database backend reads this (an engine takes a list).
            return documents.filter(
                collection_id__in=RawSQL("SELECT unnest(%s::integer[])", (list(ids),))
            )
        return documents.filter(collection_id__in=ids)

    def hits(self, objects, scope):
        objects = list(objects)
        collection_names = dict(
            Municipality.objects.exclude(collection=None).values_list("collection__path", "name")
        )
        paths = dict(
            Collection.objects.filter(pk__in={d.collection_id for d in objects}).values_list(
                "pk", "path"
            )
        )

        def municipality(document):
            path = paths.get(document.collection_id, "")
            return next((n for root, n in collection_names.items() if path.startswith(root)), "")

        return [
            Hit(
                kind=self.name,
                title=document.title,
                url=document.url,
                text=f"{document.file_extension.upper()} {document.title}",
                date=_as_date(document.created_at),
                municipality=municipality(document),
            )
            for document in objects
        ]


def _searched_in_postgres():
    """Wagtail's database backend on PostgreSQL: the search layer runs its own statement
    (``search.ranked``), which takes any SQL filter."""
    if connection.vendor != "postgresql":
        return False
    from wagtail.search.backends import get_search_backend
    from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend

    return isinstance(get_search_backend(), PostgresSearchBackend)


def register_search_kinds():
    index_documents_folded()
    for model in (Collection, CollectionViewRestriction, Municipality):
        for signal in (post_save, post_delete):
            signal.connect(
                forget_fleet_collections,
                sender=model,
                dispatch_uid=f"search_fleet_collections_{model.__name__}_{signal is post_save}",
            )
    for kind in (
        PageKind("news", pgettext_lazy("search kind", "News"), 10, NewsPage, "date"),
        PageKind("events", pgettext_lazy("search kind", "Events"), 20, EventPage, "start"),
        PageKind(
            "decrees",
            pgettext_lazy("search kind", "Local decrees"),
            30,
            DecreePage,
            "promulgated_on",
        ),
        PageKind(
            "meetings", pgettext_lazy("search kind", "Council meetings"), 40, MeetingPage, "date"
        ),
        PageKind("pages", pgettext_lazy("search kind", "Pages"), 50, None, "last_published_at"),
        DocumentKind(),
    ):
        searchables.register(kind.name, kind)
