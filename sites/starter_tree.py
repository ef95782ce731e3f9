"""The page tree every new municipality starts with, and its indexing.

The starter content is data (data/starter_pages.json): a list of pages, each with a page
type from STARTER_PAGE_TYPES, its fields, inline rows and children. Provisioning thousands
of municipalities must stay quick, so the tree is written with as few queries as Wagtail's
public API allows (see add_starter_pages) and indexed in batches (see bulk_indexing)."""

import datetime
import json
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, ReferenceIndex, get_page_models
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler as search_index_on_save
from wagtail.signal_handlers import disable_reference_index_auto_update

from .models import (
    ContactPage,
    CouncilPage,
    CustomerServicePage,
    DecreeIndexPage,
    DocumentLibraryPage,
    EventIndexPage,
    MunicipalHomePage,
    NewsIndexPage,
    ServiceDirectoryPage,
    StandardPage,
)

STARTER_PAGES_FILE = settings.BASE_DIR / "data" / "starter_pages.json"

STARTER_PAGE_TYPES = {
    "standard": StandardPage,
    "council": CouncilPage,
    "decree_index": DecreeIndexPage,
    "document_library": DocumentLibraryPage,
    "service_directory": ServiceDirectoryPage,
    "customer_service": CustomerServicePage,
    "news_index": NewsIndexPage,
    "event_index": EventIndexPage,
    "contact": ContactPage,
}

# The root of Wagtail's page and collection trees, looked up by its unique path: treebeard's
# get_first_root_node() filters on the unindexed depth column, a scan of every page.
TREE_ROOT_PATH = Page._get_path("", 1, 1)


@cache
def starter_pages():
    with open(STARTER_PAGES_FILE, encoding="utf-8") as handle:
        return json.load(handle)


@cache
def starter_placeholders():
    """The texts of every "starter_section" block of the starter pages, whitespace aside:
    while a section still has one, visitors do not see it (sites.blocks.StarterSectionBlock)."""
    texts = set()

    def collect(specs):
        for spec in specs:
            for field in spec.get("fields", {}).values():
                for block in field if isinstance(field, list) else []:
                    if isinstance(block, dict) and block.get("type") == "starter_section":
                        texts.add(" ".join(block["value"]["text"].split()))
            collect(spec.get("children", []))

    collect(starter_pages())
    return frozenset(texts)


def create_page_tree(municipality):
    """The municipality's home page and its starter pages, all published."""
    # Locked, as treebeard's add_child locks it: concurrent provisioning must not compute
    # the same path for two new home pages.
    root = Page.objects.select_for_update().get(path=TREE_ROOT_PATH)
    home = MunicipalHomePage(
        title=municipality.name,
        slug=municipality.slug,
        intro=f"<p>Üdvözöljük {municipality.name} honlapján!</p>",
    )
    last = root.get_last_child()
    position = last._get_lastpos_in_path() + 1 if last else 1
    created = []
    _save_new_page(root, home, position, created)
    Page.objects.filter(pk=root.pk).update(numchild=F("numchild") + 1)
    add_starter_pages(home, starter_pages(), created, municipality)
    _log_creation(created)
    pending = _pending_index.get()
    if pending is not None:
        pending.stage(created)
    return home


def build_page(spec, municipality):
    model = STARTER_PAGE_TYPES[spec["type"]]
    page = model(
        title=spec["title"], slug=spec["slug"], show_in_menus=True, **spec.get("fields", {})
    )
    if isinstance(page, ContactPage) and not page.to_address:
        page.to_address = municipality.email
    for relation, rows in spec.get("inlines", {}).items():
        related_model = model._meta.get_field(relation).related_model
        setattr(page, relation, [related_model(**_inline_values(row)) for row in rows])
    return page


def _inline_values(row):
    values = dict(row)
    for name, value in row.items():
        if name in {"opens", "closes"} and isinstance(value, str):
            values[name] = datetime.time.fromisoformat(value)
    return values


def add_starter_pages(parent, specs, created, municipality):
    """Add the first children of a new, empty page, and theirs, depth first.

    What treebeard's add_child does for each child, done once for a whole level: the parent
    has no children yet, so their tree paths are simply the first ones, and its child count
    is set once (see _save_new_page for what each page goes through)."""
    for position, spec in enumerate(specs, start=1):
        page = _save_new_page(parent, build_page(spec, municipality), position, created)
        if spec.get("children"):
            add_starter_pages(page, spec["children"], created, municipality)
    Page.objects.filter(pk=parent.pk).update(numchild=len(specs))
    parent.numchild = len(specs)


def add_children(parent, pages, created):
    """Save new pages as the last children of parent, in order, each as the starter pages
    are saved (see _save_new_page); the demo content (sites.demo) uses it. Not for a tree
    that others are changing at the same time: the parent is not locked."""
    last = parent.get_last_child()
    first = last._get_lastpos_in_path() + 1 if last else 1
    for offset, page in enumerate(pages):
        _save_new_page(parent, page, first + offset, created)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)


def _save_new_page(parent, page, position, created):
    """Save a new page as the position-th child of parent (the caller counts the children).

    Each page goes through Wagtail's save() (url_path, draft title, locale) and the minimal
    validation of a draft (title, slug unique among its siblings); the full validation, with
    its queries for every field, is left out for this data the project ships and tests
    (tests/sites/test_provisioning.py validates every starter page fully)."""
    page.depth = parent.depth + 1
    page.path = Page._get_path(parent.path, page.depth, position)
    page.locale_id = parent.locale_id
    page._cached_parent_obj = parent
    # Saves Wagtail a query per page; the site is bound to the home page only afterwards,
    # and creating the Site clears Wagtail's site-root cache itself.
    page._is_site_root = False
    page.minimal_clean()
    page.save(clean=False, log_action=None)  # logged for all pages at once
    del page._is_site_root
    created.append(page)
    return page


def _log_creation(pages):
    """The "created" entries of the pages' history, as Wagtail's save() would write them."""
    now = timezone.now()
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
            label=page.title,
            action="wagtail.create",
            timestamp=now,
            data={},
            page=page,
            content_changed=True,
        )
        for page in pages
    )


# ---------------------------------------------------------------------------- indexing


class _PendingIndex:
    """Pages of provisioned municipalities, waiting to be indexed together.

    A municipality's pages are staged while its transaction runs and accepted once it has
    committed; a row that fails discards them."""

    batch_size = 1000

    def __init__(self):
        self.staged = []
        self.pages = []

    def stage(self, pages):
        self.staged.extend(pages)

    def discard_staged(self):
        self.staged = []

    def accept_staged(self):
        self.pages.extend(self.staged)
        self.staged = []
        if len(self.pages) >= self.batch_size:
            self.flush()

    def flush(self):
        pages, self.pages = self.pages, []
        # Only starter pages are queued here, and the starter content refers to no other
        # page, image or document (a test checks it), so they have no references to index.
        index_pages(pages, with_references=False)


_pending_index = ContextVar("pending_index", default=None)


def pending_index():
    return _pending_index.get()


@contextmanager
def bulk_indexing():
    """Index the pages of many new municipalities together, not one page at a time.

    Wagtail indexes a page for search and references as it is saved, and its PostgreSQL
    search backend then recomputes a statistic over the whole index table: for thousands of
    municipalities that made provisioning slow down as it went. Within this block a
    municipality's pages are queued once its transaction has committed (a failed row queues
    nothing; call provision_municipality outside any transaction of your own) and indexed
    in batches and at the end of the block. Like Wagtail's own indexing through background
    tasks, this follows the commit; should the process be killed mid-run,
    `manage.py update_index` indexes what was missed.

    It switches off the save-time search indexing of page models for the whole process,
    so it is for management commands, never for a web process serving other requests."""
    page_models = get_page_models()
    for model in page_models:
        post_save.disconnect(search_index_on_save, sender=model)
    pending = _PendingIndex()
    token = _pending_index.set(pending)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        _pending_index.reset(token)
        for model in page_models:
            if getattr(model, "search_auto_update", True):
                post_save.connect(search_index_on_save, sender=model)
        pending.flush()


def index_pages(pages, with_references=True):
    """Index pages for search and for references, one search batch per page type."""
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    for backend in get_search_backends(with_auto_update=True):
        for model, objects in by_model.items():
            backend.add_bulk(model, objects)
    if with_references:
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)
