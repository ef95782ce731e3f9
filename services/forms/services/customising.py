"""A municipality's work on its forms: storing the designer's draft, publishing it as a
revision, withdrawing it; and how a conflict with a template version reads to an officer."""

import copy

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sites.models import Municipality
from sites.page_cache import invalidate_site

from ..constants import FormKind, FormStatus
from ..definition import validate_definition
from ..models import FormRevision
from ..overlay import apply_overlay, normalise_overlay
from .errors import FormsError
from .library import resolve


def save_customisation(customisation, *, overlay=None, definition=None, user=None):
    """Store the designer's work. An overlay that the base version does not allow, or a
    definition with problems, is refused with the reasons."""
    if customisation.kind == FormKind.LOCAL:
        problems = validate_definition(definition)
        if problems:
            raise FormsError(problems)
        customisation.local_definition = definition
        customisation.title = (definition.get("title") or customisation.title)[:255]
    else:
        overlay = normalise_overlay(overlay)
        resolved, conflicts = apply_overlay(customisation.base_version.definition, overlay)
        if conflicts:
            raise FormsError([describe_conflict(c) for c in conflicts])
        customisation.overlay = overlay
        customisation.title = (resolved.get("title") or customisation.title)[:255]
    customisation.updated_by = user
    customisation.save()
    return customisation


def _new_revision(customisation, *, template_version, overlay, definition, user, reason):
    revisions = FormRevision.objects.for_municipality(customisation.municipality_id).filter(
        customisation=customisation
    )
    number = (revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return FormRevision.objects.create(
        municipality_id=customisation.municipality_id,
        customisation=customisation,
        number=number,
        template_version=template_version,
        overlay=copy.deepcopy(overlay),
        definition=definition,
        created_by=user,
        reason=reason[:255],
    )


@transaction.atomic
def publish(customisation, user=None):
    """Serve the current draft to citizens: freeze it as a new revision."""
    definition, conflicts = resolve(customisation)
    problems = [describe_conflict(c) for c in conflicts] or validate_definition(definition)
    if not problems and not any(step["fields"] for step in definition["steps"]):
        problems = [_("Add at least one field before publishing.")]
    if problems:
        raise FormsError(problems)
    revision = _new_revision(
        customisation,
        template_version=customisation.base_version if not customisation.is_local else None,
        overlay=customisation.overlay if not customisation.is_local else {},
        definition=definition,
        user=user,
        reason=_("published by the municipality"),
    )
    customisation.live_revision = revision
    customisation.status = FormStatus.PUBLISHED
    customisation.withdrawn_notice = ""
    customisation.updated_by = user
    if customisation.conflict_version_id and not customisation.is_local:
        # A staged version is checked again against what is now published: a decision
        # taken in advance on the earlier customisation no longer holds.
        _definition, conflicts = apply_overlay(
            customisation.conflict_version.definition, customisation.overlay
        )
        customisation.prepared_overlay = None
        customisation.conflicts = conflicts
        if not conflicts and customisation.conflict_version.in_force():
            customisation.conflict_version = None
    customisation.save()
    site_lists_changed(customisation)
    return revision


@transaction.atomic
def withdraw(customisation, user=None):
    customisation.status = FormStatus.WITHDRAWN
    customisation.updated_by = user
    customisation.save()
    site_lists_changed(customisation)


def site_lists_changed(customisation):
    """The municipality's website lists its published forms (the service directory, the
    home page's quick links): its cached pages go stale once this commits, and so does
    the search layer's copy of them (services.forms.searchable)."""
    from ..searchable import forms_changed

    forms_changed(customisation.municipality_id)
    site_id = (
        Municipality.objects.filter(pk=customisation.municipality_id)
        .values_list("site_id", flat=True)
        .first()
    )
    if site_id is not None:
        transaction.on_commit(lambda: invalidate_site(site_id))


REASONS = {
    "removed": _("the new version removed this field"),
    "locked": _("the new version locked this field: it cannot be hidden or changed"),
    "required": _("the field is required: it cannot be hidden or made optional"),
    "step_removed": _("the step it was added to was removed"),
    "key_taken": _("the new version has a field with the same key"),
    "in_use": _("other fields or the fee depend on it"),
    "invalid": _("the form does not fit together"),
    "type_changed": _("the new version changed the type of this field"),
}
KINDS = {
    "hidden": _("hidden field"),
    "change": _("changed field"),
    "added_field": _("added field"),
    "added_step": _("added step"),
    "definition": _("form"),
}


def describe_conflict(conflict):
    """A conflict in one Hungarian sentence an officer can act on."""
    subject = conflict.get("label") or conflict.get("key") or ""
    if conflict["kind"] == "definition":
        return f"{KINDS['definition']}: {subject}"
    return f"{KINDS.get(conflict['kind'], '')} „{subject}”: {REASONS.get(conflict['reason'], '')}"
