"""Legal updates from the provider: a new template version, in force from a date and time,
carries every municipality's form over to it, or records why it cannot yet.

- Publishing stages the version: each municipality is told what changes for it (in plain
  words, services.forms.legal), and a form whose published customisation does not fit gets
  a conflict its officer can resolve before the date.
- At the date every form without an open conflict switches (:func:`apply_due_versions`;
  the scheduler calls ``manage.py apply_legal_changes``, and ``live_form`` runs it lazily
  so the switch is exact to the request even when the scheduler is late).
- Statutory parts always reach every municipality; resolving applies the published
  customisation only: an unpublished draft stays a draft, re-based on the new version."""

import copy

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import DeadlinePolicy, FormEventKind, FormKind, FormStatus, UpdateOutcome
from ..definition import check_definition
from ..legal import (
    keep_or_take,
    overridden_by_law,
    resolution,
    statutory_statements,
    without_overruled,
)
from ..models import FormCustomisation, FormEvent, FormNotification, FormTemplate, TemplateVersion
from ..overlay import apply_overlay, diff_definitions
from .customising import _new_revision, site_lists_changed
from .errors import FormsError

NEXT_SWITCH_KEY = "forms:legal:next-switch"


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
    effective_from=None,
    deadline_policy=DeadlinePolicy.SWITCH,
    now=None,
):
    """Publish a new immutable version: in force at once (``effective_from`` empty or
    past), or staged until then. Returns (version, {outcome: count})."""
    now = now or timezone.now()
    check_definition(definition)
    if not (change_note or "").strip():
        raise FormsError(_("Say what changed and why (the change note)."))
    if live_by is not None and live_by < timezone.localdate(now):
        raise FormsError(_("The “must be live by” date cannot be in the past."))
    if live_by is not None and effective_from is not None:
        if live_by < timezone.localdate(effective_from):
            raise FormsError(
                _("The “must be live by” date cannot be before the version comes into force.")
            )
    template = FormTemplate.objects.select_for_update().get(pk=template.pk)
    previous = template.versions.order_by("-number").first()
    if previous is not None and not previous.in_force(now):
        raise FormsError(
            _("Version %(n)d is staged until it comes into force; publish the next one after it.")
            % {"n": previous.number}
        )
    version = TemplateVersion.objects.create(
        template=template,
        number=(template.versions.aggregate(n=Max("number"))["n"] or 0) + 1,
        definition=copy.deepcopy(definition),
        change_note=change_note.strip(),
        legal_reference=legal_reference.strip(),
        changes=diff_definitions(previous.definition if previous else None, definition),
        live_by=live_by,
        drafts_cutoff=drafts_cutoff,
        effective_from=effective_from,
        deadline_policy=deadline_policy or DeadlinePolicy.SWITCH,
        published_by=user,
    )
    template.draft_definition = copy.deepcopy(definition)
    template.save(update_fields=["draft_definition", "updated_at"])
    transaction.on_commit(lambda: cache.delete(NEXT_SWITCH_KEY))
    report = {outcome: 0 for outcome in UpdateOutcome.values}
    if previous is None or version.in_force(now):
        report.update(switch_template(version, user=user))
    else:
        for customisation in _followers(template):
            report[stage(customisation, version, user=user)] += 1
    return version, report


def _followers(template):
    return (
        FormCustomisation.objects.unscoped()
        .filter(template=template, kind=FormKind.OVERLAY)
        .select_related("base_version", "live_revision", "conflict_version")
        .iterator(chunk_size=500)
    )


def served_overlay(customisation):
    """The customisation citizens get: the published one, or the draft of a form not yet
    published (nothing else is at stake for it)."""
    if customisation.is_published:
        return customisation.live_revision.overlay
    return customisation.overlay


def _labelled(conflicts, previous):
    """Conflicts with the label of a field the new version removed, from the old version."""
    from ..definition import field_map

    labels = {k: s.get("label", "") for k, s in field_map(previous or {"steps": []}).items()}
    return [{**c, "label": c.get("label") or labels.get(c["key"], "")} for c in conflicts]


def _notify(customisation, version, outcome, conflicts, *, extra=()):
    previous = customisation.base_version.definition if customisation.base_version else None
    overlay = served_overlay(customisation)
    FormNotification.objects.create(
        municipality_id=customisation.municipality_id,
        customisation=customisation,
        template_version=version,
        outcome=outcome,
        changes=version.changes,
        conflicts=conflicts,
        statements=[
            *statutory_statements(previous, version.definition),
            *overridden_by_law(version.definition, overlay),
            *extra,
        ],
        decisions=keep_or_take(previous, version.definition, overlay),
    )


def _event(customisation, kind, version, detail=(), user=None):
    FormEvent.objects.create(
        municipality_id=customisation.municipality_id,
        customisation=customisation,
        template_version=version,
        kind=kind,
        detail=list(detail),
        created_by=user,
    )


def stage(customisation, version, user=None):
    """Tell the municipality of a version not yet in force; a customisation that will not
    fit is a conflict to resolve before the date. The form itself does not change yet."""
    previous = customisation.base_version.definition if customisation.base_version else None
    _definition, conflicts = apply_overlay(
        version.definition, without_overruled(version.definition, served_overlay(customisation))
    )
    conflicts = _labelled(conflicts, previous)
    customisation.prepared_overlay = None
    if conflicts:
        customisation.conflict_version = version
        customisation.conflicts = conflicts
        outcome = UpdateOutcome.CONFLICT
    else:
        customisation.conflict_version = None
        customisation.conflicts = []
        outcome = UpdateOutcome.STAGED
    customisation.save()
    _notify(customisation, version, outcome, conflicts)
    _event(customisation, FormEventKind.HELD if conflicts else FormEventKind.STAGED, version)
    return outcome


@transaction.atomic
def switch_template(version, user=None, now=None):
    """Make ``version`` the template's current one and switch every form that can.
    Idempotent: a version already current (or superseded) is left alone."""
    template = FormTemplate.objects.select_for_update().get(pk=version.template_id)
    current = template.current_version
    report = {outcome: 0 for outcome in UpdateOutcome.values}
    if current is not None and current.number >= version.number:
        return report
    template.current_version = version
    template.title = version.definition.get("title") or template.title
    template.save()
    if current is not None:
        for customisation in _followers(template):
            report[switch(customisation, version, user=user)] += 1
    return report


def switch(customisation, version, user=None, *, force=False, kind=FormEventKind.SWITCHED):
    """Move one form to ``version``. The published customisation (as the officer prepared
    it, if they resolved in advance) is laid on the version; where it does not fit, the
    form stays on its old version with a conflict, unless ``force`` (a passed deadline)
    drops the incompatible overrides. The draft follows, re-based, and stays a draft."""
    previous = customisation.base_version.definition if customisation.base_version else None
    prepared = (
        customisation.prepared_overlay
        if customisation.conflict_version_id == version.pk
        and customisation.prepared_overlay is not None
        else None
    )
    served = without_overruled(
        version.definition, prepared if prepared is not None else served_overlay(customisation)
    )
    definition, conflicts = apply_overlay(version.definition, served)
    dropped = []
    if conflicts and not force:
        conflicts = _labelled(conflicts, previous)
        customisation.conflict_version = version
        customisation.conflicts = conflicts
        customisation.save()
        _notify(customisation, version, UpdateOutcome.CONFLICT, conflicts)
        _event(customisation, FormEventKind.HELD, version, user=user)
        return UpdateOutcome.CONFLICT
    if conflicts:
        served, dropped = resolution(version.definition, served, previous)
        definition, _conflicts = apply_overlay(version.definition, served)
    draft_changed = customisation.is_published and (
        customisation.overlay != customisation.live_revision.overlay
    )
    if draft_changed:
        draft, draft_dropped = resolution(version.definition, customisation.overlay, previous)
    else:
        draft, draft_dropped = served, []
    # The notice is worded against the customisation before the switch.
    extra = []
    if dropped:
        extra.append(
            _("Dropped so that the form fits the new version: %(items)s.")
            % {"items": ", ".join(f"„{d['label']}”" for d in dropped)}
        )
    if draft_dropped:
        extra.append(
            _("Your unpublished draft was re-based; these changes did not fit: %(items)s.")
            % {"items": ", ".join(f"„{d['label']}”" for d in draft_dropped)}
        )
    outcome = UpdateOutcome.DRAFT_ONLY
    if customisation.is_published:
        customisation.live_revision = _new_revision(
            customisation,
            template_version=version,
            overlay=served,
            definition=definition,
            user=user,
            reason=_("legal update: version %(number)d") % {"number": version.number},
        )
        outcome = UpdateOutcome.MOVED
    customisation.overlay = draft
    customisation.base_version = version
    customisation.conflict_version = None
    customisation.conflicts = []
    customisation.prepared_overlay = None
    customisation.save()
    if outcome == UpdateOutcome.MOVED:
        site_lists_changed(customisation)
    _notify_moved(customisation, version, extra, outcome, previous)
    _event(customisation, kind, version, [d["label"] for d in dropped], user=user)
    if draft_dropped:
        _event(
            customisation,
            FormEventKind.DRAFT_REBASED,
            version,
            [d["label"] for d in draft_dropped],
            user=user,
        )
    return outcome


def _notify_moved(customisation, version, extra, outcome, previous):
    # Reported against the old version's definition (base_version already moved on).
    overlay = served_overlay(customisation)
    FormNotification.objects.create(
        municipality_id=customisation.municipality_id,
        customisation=customisation,
        template_version=version,
        outcome=outcome,
        changes=version.changes,
        conflicts=[],
        statements=[*statutory_statements(previous, version.definition), *extra],
        decisions=keep_or_take(previous, version.definition, overlay),
    )


def resolution_preview(customisation):
    """[{kind, key, label}]: what resolving would drop from the published customisation."""
    version = customisation.conflict_version
    if version is None or not customisation.conflicts:
        return []
    previous = customisation.base_version.definition if customisation.base_version else None
    return resolution(version.definition, served_overlay(customisation), previous)[1]


@transaction.atomic
def resolve_conflicts(customisation, user=None, now=None):
    """The officer accepts the new version without the overrides it cannot take. Only the
    published customisation is used; the unpublished draft stays a draft. Before the date
    in force the decision is kept for the switch; after it the form moves now."""
    customisation = (
        FormCustomisation.objects.unscoped().select_for_update().get(pk=customisation.pk)
    )
    version = customisation.conflict_version
    if version is None or not customisation.conflicts:
        raise FormsError(_("This form has no conflict to resolve."))
    previous = customisation.base_version.definition if customisation.base_version else None
    prepared, dropped = resolution(version.definition, served_overlay(customisation), previous)
    customisation.prepared_overlay = prepared
    customisation.conflicts = []
    customisation.save()
    _event(customisation, FormEventKind.RESOLVED, version, [d["label"] for d in dropped], user)
    if version.in_force(now) and version.template.current_version_id == version.pk:
        switch(customisation, version, user=user)
        customisation.refresh_from_db()
    return customisation


# -- the switch at the date in force


def pending_versions(now=None):
    """Versions in force whose template has not switched to them yet, oldest first."""
    now = now or timezone.now()
    return (
        TemplateVersion.objects.filter(effective_from__isnull=False, effective_from__lte=now)
        .filter(number__gt=F("template__current_version__number"))
        .select_related("template")
        .order_by("effective_from", "number")
    )


def apply_due_versions(now=None, user=None):
    """Switch every version whose date in force has come. Returns how many switched."""
    switched = 0
    for version in pending_versions(now):
        switch_template(version, user=user, now=now)
        switched += 1
    cache.delete(NEXT_SWITCH_KEY)
    return switched


def switch_if_due(now=None):
    """The lazy half of the switch, for the request that serves a form: one cache read
    while nothing is due; the database only when the next date in force has come."""
    now = now or timezone.now()
    upcoming = cache.get(NEXT_SWITCH_KEY)
    if upcoming is None:
        upcoming = (
            TemplateVersion.objects.filter(effective_from__isnull=False)
            .filter(number__gt=F("template__current_version__number"))
            .aggregate(first=Min("effective_from"))["first"]
        )
        upcoming = upcoming.timestamp() if upcoming else float("inf")
        cache.set(NEXT_SWITCH_KEY, upcoming, 300)
    if now.timestamp() >= upcoming:
        apply_due_versions(now)


def outdated_customisations():
    """Published forms still served on a template version older than the current one."""
    return (
        FormCustomisation.objects.unscoped()
        .filter(kind=FormKind.OVERLAY, status=FormStatus.PUBLISHED, live_revision__isnull=False)
        .exclude(live_revision__template_version=F("template__current_version"))
        .select_related("municipality", "template", "live_revision__template_version")
    )


# kept for callers that re-lay one form on a version (demo data, the commerce demo)
def reapply(customisation, version, user=None):
    if version.in_force():
        return switch(customisation, version, user=user)
    return stage(customisation, version, user=user)
