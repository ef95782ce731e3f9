"""Provisioning: a municipality with its site, page tree, media collection and groups.

Everything a municipality needs is created in one transaction, so a failure leaves nothing
half-made. Provisioning is idempotent: provisioning the same data again changes nothing,
and provisioning changed data updates the record and repairs whatever is missing.
The number of queries per municipality does not depend on how many already exist (the
benchmark in benchmarks/ checks that), which is what lets 3,200 of them load in minutes.
"""

from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .constants import StaffRole
from .models import Municipality, RoleGroup
from .page_cache import invalidate_site
from .roles import role_permissions
from .starter_tree import TREE_ROOT_PATH, create_page_tree, pending_index

# Fields that a provisioning row may set; everything else is edited in the admin.
PROVISIONED_FIELDS = ("name", "slug", "county", "legal_status", "postal_code", "population")

ROLE_GROUP_NAMES = {
    StaffRole.EDITOR: _("editors"),
    StaffRole.MODERATOR: _("moderators"),
    StaffRole.SITE_ADMIN: _("site administrators"),
    StaffRole.OFFICER: _("officers"),
}

# The moderation workflow and its task are named "<municipality> – <these>". Constants, not
# gettext calls inside the f-string, which makemessages cannot see.
WORKFLOW_NAME = _("moderated publishing")
WORKFLOW_TASK_NAME = _("approval by a moderator")

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
    # The KSH code identifies a municipality: a different name under a known code is a
    # typo or a wrong code unless the operator says it is a rename.
    rename: bool = False

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
    pending = pending_index()
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

    if municipality.name != data.name and not data.rename:
        raise ValidationError(
            _(
                "The KSH code %(code)s belongs to %(existing)s, not to %(name)s. Check the "
                "code; to rename the municipality, run provision_municipality with --rename."
            )
            % {"code": data.ksh_code, "existing": municipality.name, "name": data.name},
            code="ksh_code_of_another_name",
        )
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
        municipality.root_page = create_page_tree(municipality)
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
    if _ensure_moderation_workflow(municipality):
        added.append("workflow")
    return added


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


def _ensure_moderation_workflow(municipality):
    """Every page change by an editor goes to the municipality's moderators for approval.

    Wagtail's workflow: an editor (no publish right) submits, a moderator or site admin
    approves — publishing it — or rejects it with a comment."""
    if WorkflowPage.objects.filter(page_id=municipality.root_page_id).exists():
        return False
    with override(settings.LANGUAGE_CODE):
        name = f"{municipality.name} – {WORKFLOW_NAME}"
        task_name = f"{municipality.name} – {WORKFLOW_TASK_NAME}"
    task = GroupApprovalTask.objects.create(name=task_name[:255])
    task.groups.set(
        RoleGroup.objects.for_municipality(municipality)
        .filter(role__in=[StaffRole.MODERATOR, StaffRole.SITE_ADMIN])
        .values_list("group_id", flat=True)
    )
    workflow = Workflow.objects.create(name=name[:255])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page_id=municipality.root_page_id, workflow=workflow)
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
        if municipality.site_id:
            invalidate_site(municipality.site_id)


def reactivate_municipality(municipality):
    if not municipality.active:
        municipality.active = True
        municipality.save(update_fields=["active"])
        if municipality.site_id:
            invalidate_site(municipality.site_id)


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
        workflow_ids = list(
            WorkflowPage.objects.filter(page_id=municipality.root_page_id).values_list(
                "workflow_id", flat=True
            )
        )
        task_ids = list(
            WorkflowTask.objects.filter(workflow_id__in=workflow_ids).values_list(
                "task_id", flat=True
            )
        )
        municipality.delete()  # cascades to every tenant-owned record
        if site is not None:
            site.delete()
        if root_page is not None:
            root_page.delete()
        if collection is not None:
            _delete_collection_with_media(collection)
        Workflow.objects.filter(pk__in=workflow_ids).delete()
        GroupApprovalTask.objects.filter(pk__in=task_ids).delete()
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
