"""Legal updates from the provider: a new template version carries every municipality's
form over to it, or records why it cannot; the officer resolves the conflicts."""

import copy

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..constants import FormKind, FormStatus, UpdateOutcome
from ..definition import check_definition
from ..models import FormCustomisation, FormNotification, FormTemplate, TemplateVersion
from ..overlay import apply_overlay, diff_definitions, without_conflicts
from .customising import _new_revision, describe_conflict, publish, site_lists_changed
from .errors import FormsError


@transaction.atomic
def publish_template_version(
    template,
    definition,
    *,
    change_note,
    legal_reference="",
    user=None,
    live_by=None,
    drafts_cutoff=None,
):
    """Publish a new immutable version and carry every municipality's form over to it.

    Returns (version, {outcome: count})."""
    check_definition(definition)
    if not (change_note or "").strip():
        raise FormsError(_("Say what changed and why (the change note)."))
    template = FormTemplate.objects.select_for_update().get(pk=template.pk)
    previous = template.current_version
    number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = TemplateVersion.objects.create(
        template=template,
        number=number,
        definition=copy.deepcopy(definition),
        change_note=change_note.strip(),
        legal_reference=legal_reference.strip(),
        changes=diff_definitions(previous.definition if previous else None, definition),
        live_by=live_by,
        drafts_cutoff=drafts_cutoff,
        published_by=user,
    )
    template.current_version = version
    template.draft_definition = copy.deepcopy(definition)
    template.title = definition.get("title") or template.title
    template.save()
    report = {outcome: 0 for outcome in UpdateOutcome.values}
    if previous is not None:
        customisations = (
            FormCustomisation.objects.unscoped()
            .filter(template=template, kind=FormKind.OVERLAY)
            .select_related("base_version", "live_revision")
        )
        for customisation in customisations.iterator(chunk_size=500):
            report[reapply(customisation, version, user=user)] += 1
    return version, report


def reapply(customisation, version, user=None):
    """Lay the municipality's overlay on ``version``. Moves the draft and, if published, the
    live form; where the overlay does not fit, records the conflicts and leaves everything
    on the old version. Notifies the municipality either way. Returns the outcome."""
    draft_definition, conflicts = apply_overlay(version.definition, customisation.overlay)
    live = customisation.live_revision
    live_definition, live_conflicts = (None, [])
    if live is not None and live.overlay != customisation.overlay:
        live_definition, live_conflicts = apply_overlay(version.definition, live.overlay)
    conflicts = conflicts or live_conflicts
    if conflicts:
        customisation.conflict_version = version
        customisation.conflicts = conflicts
        outcome = UpdateOutcome.CONFLICT
    else:
        customisation.base_version = version
        customisation.conflict_version = None
        customisation.conflicts = []
        outcome = UpdateOutcome.DRAFT_ONLY
        if live is not None and customisation.status == FormStatus.PUBLISHED:
            customisation.live_revision = _new_revision(
                customisation,
                template_version=version,
                overlay=live.overlay,
                definition=live_definition if live_definition is not None else draft_definition,
                user=user,
                reason=_("legal update: version %(number)d") % {"number": version.number},
            )
            outcome = UpdateOutcome.MOVED
    customisation.save()
    if outcome == UpdateOutcome.MOVED:
        site_lists_changed(customisation)
    FormNotification.objects.create(
        municipality_id=customisation.municipality_id,
        customisation=customisation,
        template_version=version,
        outcome=outcome,
        changes=version.changes,
        conflicts=conflicts,
    )
    return outcome


@transaction.atomic
def resolve_conflicts(customisation, user=None):
    """The officer accepts the new version: the customisations it no longer allows are
    dropped, the rest is kept, and a published form moves to the new version."""
    version = customisation.conflict_version
    if version is None:
        raise FormsError(_("This form has no conflict to resolve."))
    overlay = without_conflicts(customisation.overlay, customisation.conflicts)
    _definition, remaining = apply_overlay(version.definition, overlay)
    overlay = without_conflicts(overlay, remaining)
    _definition, remaining = apply_overlay(version.definition, overlay)
    if remaining:
        raise FormsError([describe_conflict(c) for c in remaining])
    customisation.overlay = overlay
    customisation.base_version = version
    customisation.conflict_version = None
    customisation.conflicts = []
    customisation.save()
    if customisation.status == FormStatus.PUBLISHED:
        publish(customisation, user=user)
    return customisation


def outdated_customisations():
    """Published forms still served on a template version older than the current one."""
    from django.db.models import F

    return (
        FormCustomisation.objects.unscoped()
        .filter(kind=FormKind.OVERLAY, status=FormStatus.PUBLISHED, live_revision__isnull=False)
        .exclude(live_revision__template_version=F("template__current_version"))
        .select_related("municipality", "template", "live_revision__template_version")
    )
