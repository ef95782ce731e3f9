"""Provisioning one municipality: its record, site, page tree, media collection, role
groups (groups.py) and moderation workflow, in one transaction."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from ..constants import StaffRole
from ..models import Municipality, RoleGroup
from ..starter_tree import TREE_ROOT_PATH, create_page_tree, pending_index
from .groups import ensure_role_groups, sync_role_permissions

# Fields that a provisioning row may set; everything else is edited in the admin.
PROVISIONED_FIELDS = ("name", "slug", "county", "legal_status", "postal_code", "population")


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


# The moderation workflow and its task are named "<municipality> – <these>". Constants, not
# gettext calls inside the f-string, which makemessages cannot see.
WORKFLOW_NAME = _("moderated publishing")
WORKFLOW_TASK_NAME = _("approval by a moderator")


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
    if sync_role_permissions(municipality):
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
    if ensure_role_groups(municipality):
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
