"""Provisioning: a municipality with its site, page tree, media collection and groups.

Everything a municipality needs is created in one transaction, so a failure leaves nothing
half-made. Provisioning is idempotent: provisioning the same data again changes nothing,
and provisioning changed data updates the record and repairs whatever is missing.
The number of queries per municipality does not depend on how many already exist (the
benchmark in benchmarks/ checks that), which is what lets 3,200 of them load in minutes.
"""

import json
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    ReferenceIndex,
    Site,
    get_page_models,
)
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler as search_index_on_save
from wagtail.signal_handlers import disable_reference_index_auto_update

from .constants import StaffRole
from .models import MunicipalHomePage, Municipality, RoleGroup, StandardPage
from .roles import role_permissions

STARTER_PAGES_FILE = settings.BASE_DIR / "data" / "starter_pages.json"

# Fields that a provisioning row may set; everything else is edited in the admin.
PROVISIONED_FIELDS = ("name", "slug", "county", "legal_status", "postal_code", "population")

ROLE_GROUP_NAMES = {
    StaffRole.EDITOR: _("editors"),
    StaffRole.MODERATOR: _("moderators"),
    StaffRole.SITE_ADMIN: _("site administrators"),
    StaffRole.OFFICER: _("officers"),
}

# Who may do what in their own municipality's page tree and media collection.
_EDIT_PAGES = ("add_page", "change_page", "lock_page")
_PUBLISH_PAGES = (*_EDIT_PAGES, "publish_page", "unlock_page")
_USE_MEDIA = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
)
_MANAGE_MEDIA = (*_USE_MEDIA, "delete_image", "delete_document")
PAGE_PERMISSIONS = {
    StaffRole.EDITOR: _EDIT_PAGES,
    StaffRole.MODERATOR: _PUBLISH_PAGES,
    StaffRole.SITE_ADMIN: (*_PUBLISH_PAGES, "bulk_delete_page"),
    StaffRole.OFFICER: (),
}
MEDIA_PERMISSIONS = {
    StaffRole.EDITOR: _USE_MEDIA,
    StaffRole.MODERATOR: _MANAGE_MEDIA,
    StaffRole.SITE_ADMIN: _MANAGE_MEDIA,
    # Officers attach documents (decisions, notices) to what they publish.
    StaffRole.OFFICER: ("add_document", "change_document", "choose_document"),
}

# The root of Wagtail's page and collection trees, looked up by its unique path: treebeard's
# get_first_root_node() filters on the unindexed depth column, a scan of every page.
TREE_ROOT_PATH = Page._get_path("", 1, 1)


class Outcome(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    UNCHANGED = "unchanged", _("unchanged")


@dataclass
class MunicipalityData:
    """One municipality as a provisioning source (a CSV row, a command line) describes it."""

    name: str
    ksh_code: str
    county: str
    legal_status: str
    postal_code: str
    population: int | None = None
    slug: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        self.name = self.name.strip()
        self.ksh_code = self.ksh_code.strip()
        self.slug = (self.slug or slugify(self.name))[:63].strip("-")


@dataclass
class ProvisionResult:
    municipality: Municipality
    outcome: Outcome
    changed_fields: list = field(default_factory=list)


def site_hostname(slug):
    return f"{slug}.{settings.BASE_DOMAIN}"


def provision_municipality(data: MunicipalityData) -> ProvisionResult:
    """Create or bring up to date one municipality and everything it is served with.

    Raises ValidationError (with Hungarian messages) when the data is not acceptable."""
    pending = _pending_index.get()
    try:
        with transaction.atomic():
            result = _provision(data)
    except BaseException:
        if pending is not None:
            pending.discard_staged()
        raise
    if pending is not None:
        pending.accept_staged()
    return result


def _provision(data):
    municipality = Municipality.objects.filter(ksh_code=data.ksh_code).first()
    if municipality is None:
        municipality = _create_municipality(data)
        _build_infrastructure(municipality)
        return ProvisionResult(municipality, Outcome.CREATED)

    changed = _update_fields(municipality, data)
    repaired = _build_infrastructure(municipality)
    if _sync_role_permissions(municipality):
        repaired.append("permissions")
    if changed or repaired:
        return ProvisionResult(municipality, Outcome.UPDATED, changed + repaired)
    return ProvisionResult(municipality, Outcome.UNCHANGED)


def _validated(municipality, exclude=()):
    # full_clean checks every field validator and the unique slug/KSH code with Hungarian
    # messages; the infrastructure links are filled in afterwards.
    municipality.full_clean(exclude=["site", "root_page", "collection", *exclude])
    return municipality


def _create_municipality(data):
    municipality = Municipality(
        **{name: getattr(data, name) for name in PROVISIONED_FIELDS},
        ksh_code=data.ksh_code,
        **data.extra,
    )
    _validated(municipality).save()
    return municipality


def _update_fields(municipality, data):
    changed = [
        name for name in PROVISIONED_FIELDS if getattr(municipality, name) != getattr(data, name)
    ]
    for name in changed:
        setattr(municipality, name, getattr(data, name))
    if changed:
        _validated(municipality).save(update_fields=changed)
    return changed


def _build_infrastructure(municipality):
    """Make sure the site, pages, collection and groups exist; returns what it had to add."""
    added = []
    if municipality.root_page_id is None:
        municipality.root_page = _create_page_tree(municipality)
        added.append("root_page")
    if municipality.site_id is None:
        municipality.site = Site.objects.create(
            hostname=site_hostname(municipality.slug),
            port=settings.SITE_PORT,
            root_page=municipality.root_page,
            site_name=municipality.name,
        )
        added.append("site")
    if municipality.collection_id is None:
        municipality.collection = _append_collection(municipality.name)
        added.append("collection")
    if added:
        municipality.save(update_fields=added)
    if _ensure_role_groups(municipality):
        added.append("groups")
    return added


class _PendingIndex:
    """Pages of provisioned municipalities, waiting to be indexed together.

    A municipality's pages are staged while its transaction runs and accepted once it has
    committed; a row that fails discards them."""

    batch_size = 600

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
        index_pages(pages)


_pending_index = ContextVar("pending_index", default=None)


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


def index_pages(pages):
    """Index pages for search and for references, one search batch per page type."""
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    for backend in get_search_backends(with_auto_update=True):
        for model, objects in by_model.items():
            backend.add_bulk(model, objects)
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)


def _append_collection(name):
    """A new top-level collection, added after the existing ones.

    Collections keep their siblings sorted by name, so treebeard's add_child rewrites the
    path of every later sibling: provisioning municipalities in any order but alphabetical
    would cost thousands of UPDATEs each. Appending at the end keeps it to one INSERT; the
    admin lists a municipality only its own collection anyway."""
    root = Collection.objects.select_for_update().get(path=TREE_ROOT_PATH)
    last = root.get_children().last()
    depth = root.depth + 1
    path = last._inc_path() if last else Collection._get_path(root.path, depth, 1)
    collection = Collection(name=name, depth=depth, path=path)
    collection.save()
    Collection.objects.filter(pk=root.pk).update(numchild=F("numchild") + 1)
    return collection


def _create_page_tree(municipality):
    """The municipality's home page and its starter pages, all published."""
    root = Page.objects.get(path=TREE_ROOT_PATH)
    home = root.add_child(
        instance=MunicipalHomePage(
            title=municipality.name,
            slug=municipality.slug,
            locale=root.locale,
            intro=f"<p>Üdvözöljük {municipality.name} honlapján!</p>",
        )
    )
    children = [
        StandardPage(
            title=page["title"],
            slug=page["slug"],
            intro=page["intro"],
            body=page["body"],
            show_in_menus=True,
        )
        for page in starter_pages()
    ]
    _add_starter_pages(home, children)
    pending = _pending_index.get()
    if pending is not None:
        pending.stage([home, *children])
    return home


def _add_starter_pages(home, pages):
    """Add the first children of a new, empty home page.

    What treebeard's add_child does for each child, done once for all of them: the home page
    has no children yet, so their tree paths are simply the first ones, and its child count
    is set once. Each page still goes through Wagtail's save() (url_path, locale, draft
    title) and the minimal validation of a draft; the full validation, with its queries for
    every field, is left out for this data the project ships and tests."""
    for position, page in enumerate(pages, start=1):
        page.depth = home.depth + 1
        page.path = Page._get_path(home.path, page.depth, position)
        page._cached_parent_obj = home
        # The locale given saves Wagtail a lookup of the default one for every page.
        page.locale_id = home.locale_id
        page.minimal_clean()
        page.save(clean=False)
    Page.objects.filter(pk=home.pk).update(numchild=len(pages))
    home.numchild = len(pages)


@cache
def starter_pages():
    with open(STARTER_PAGES_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def _ensure_role_groups(municipality):
    existing = set(RoleGroup.objects.for_municipality(municipality).values_list("role", flat=True))
    missing = [role for role in StaffRole if role not in existing]
    if not missing:
        return False
    with override(settings.LANGUAGE_CODE):
        names = [
            f"{municipality.name} ({municipality.slug}) – {ROLE_GROUP_NAMES[role]}"[:150]
            for role in missing
        ]
    # One INSERT per table for all roles: provisioning thousands must stay quick.
    groups = dict(
        zip(missing, Group.objects.bulk_create(Group(name=n) for n in names), strict=True)
    )
    Group.permissions.through.objects.bulk_create(
        Group.permissions.through(group_id=group.pk, permission_id=_permission(dotted).pk)
        for role, group in groups.items()
        for dotted in role_permissions.for_role(role)
    )
    RoleGroup.objects.bulk_create(
        RoleGroup(municipality=municipality, role=role, group=group)
        for role, group in groups.items()
    )
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(
            group=group,
            page_id=municipality.root_page_id,
            permission=_permission(f"wagtailcore.{codename}"),
        )
        for role, group in groups.items()
        for codename in PAGE_PERMISSIONS[role]
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(
            group=group,
            collection_id=municipality.collection_id,
            permission=_permission(_media_permission(codename)),
        )
        for role, group in groups.items()
        for codename in MEDIA_PERMISSIONS[role]
    )
    GroupSitePermission.objects.bulk_create(
        GroupSitePermission(
            group=group, site_id=municipality.site_id, permission=_permission(dotted)
        )
        for role, group in groups.items()
        for dotted in role_permissions.on_site_for_role(role)
    )
    return True


def _media_permission(codename):
    app = "wagtailimages" if codename.endswith("_image") else "wagtaildocs"
    return f"{app}.{codename}"


def _permission(dotted):
    try:
        return _permissions_by_name()[dotted]
    except KeyError:
        raise RuntimeError(f"Unknown permission {dotted!r}: is its app migrated?") from None


@cache
def _permissions_by_name():
    # Looked up once per process: provisioning thousands must not ask for them each time.
    return {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in Permission.objects.select_related("content_type")
    }


def _sync_role_permissions(municipality):
    """Give existing role groups the permissions registered since they were made."""
    role_groups = list(
        RoleGroup.objects.for_municipality(municipality).prefetch_related(
            "group__permissions", "group__site_permissions"
        )
    )
    through = Group.permissions.through
    missing_model = [
        through(group_id=role_group.group_id, permission_id=_permission(dotted).pk)
        for role_group in role_groups
        for dotted in role_permissions.for_role(role_group.role)
        if _permission(dotted) not in role_group.group.permissions.all()
    ]
    missing_on_site = [
        GroupSitePermission(
            group_id=role_group.group_id,
            site_id=municipality.site_id,
            permission=_permission(dotted),
        )
        for role_group in role_groups
        for dotted in role_permissions.on_site_for_role(role_group.role)
        if not any(
            granted.permission_id == _permission(dotted).pk
            and granted.site_id == municipality.site_id
            for granted in role_group.group.site_permissions.all()
        )
    ]
    through.objects.bulk_create(missing_model)
    GroupSitePermission.objects.bulk_create(missing_on_site)
    return bool(missing_model or missing_on_site)


# ---------------------------------------------------------------------------- deprovisioning


def deactivate_municipality(municipality):
    """Stop serving the municipality's site and services; nothing is deleted."""
    if municipality.active:
        municipality.active = False
        municipality.save(update_fields=["active"])


def reactivate_municipality(municipality):
    if not municipality.active:
        municipality.active = True
        municipality.save(update_fields=["active"])


def delete_municipality(municipality):
    """Delete the municipality and everything it owns: pages, site, media, groups, records.

    Irreversible; the command asks for the slug to be typed back before calling this."""
    with transaction.atomic():
        group_ids = list(
            RoleGroup.objects.for_municipality(municipality).values_list("group_id", flat=True)
        )
        site, root_page, collection = (
            municipality.site,
            municipality.root_page,
            municipality.collection,
        )
        municipality.delete()  # cascades to every tenant-owned record
        if site is not None:
            site.delete()
        if root_page is not None:
            root_page.delete()
        if collection is not None:
            _delete_collection_with_media(collection)
        Group.objects.filter(pk__in=group_ids).delete()


def _delete_collection_with_media(collection):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    collections = collection.get_descendants(inclusive=True)
    for model in (get_image_model(), get_document_model()):
        for item in model.objects.filter(collection__in=collections):
            item.file.delete(save=False)
            item.delete()
    collection.delete()
