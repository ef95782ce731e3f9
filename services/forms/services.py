"""The operations of online forms. Other apps, commands and views call these; nobody else
writes the forms' models.

Hand-over of submissions: the document registry and payments (later issues) register a
receiver in :data:`submission_receivers`::

    from services.forms.services import submission_receivers

    @submission_receivers.register("documents")
    def register_submission(submission):  # called once, after the submission is committed
        ...

and import that module from their AppConfig.ready(). :func:`submit` calls every receiver
``on_commit``, in registration order; a receiver must be idempotent (it may be retried).

Work that must succeed or fail together with the submission (registering it in the
document registry) goes in :data:`submission_intake` instead: its receivers run inside
:func:`submit`'s transaction, an exception rolls the submission back, and a receiver may
return the registry number the citizen sees on the receipt.

A submission that waited for its fee is handed over by :func:`hand_over_paid`; work that
belongs to that moment (the portal's receipt, which needs the registry number and the
payment) goes in :data:`submission_paid`: its receivers run once, in the hand-over's
transaction, with the submission and the confirming payment."""

import copy
import logging

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.registry import Registry

from .constants import FormKind, FormStatus, SubmissionStatus, UpdateOutcome
from .definition import check_definition, empty_definition, iter_fields, validate_definition
from .fieldtypes import CleaningContext, field_types
from .models import (
    FormCustomisation,
    FormNotification,
    FormRevision,
    FormTemplate,
    Submission,
    SubmissionFile,
    TemplateVersion,
)
from .overlay import apply_overlay, diff_definitions, normalise_overlay, without_conflicts
from .validation import SubmissionInvalid, clean_submission

__all__ = [
    "FormsError",
    "SubmissionInvalid",
    "adopt",
    "attach_draft_file",
    "copy_as_local",
    "discard_draft",
    "draft_files",
    "hand_over_paid",
    "publish",
    "publish_template_version",
    "reapply",
    "remove_draft_file",
    "resolve_conflicts",
    "save_draft",
    "submission_intake",
    "submission_paid",
    "submission_receivers",
    "submit",
]

logger = logging.getLogger(__name__)

submission_receivers = Registry("submission receivers")
submission_intake = Registry("submission intake receivers")
submission_paid = Registry("paid submission receivers")


class FormsError(Exception):
    """An operation the user asked for cannot be done; ``problems`` says why, in Hungarian."""

    def __init__(self, problems):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


# -- reading


def resolve(customisation):
    """(definition, conflicts) of the customisation's draft, as it would be published."""
    if customisation.kind == FormKind.LOCAL:
        return copy.deepcopy(customisation.local_definition), []
    return apply_overlay(customisation.base_version.definition, customisation.overlay)


def published_forms(municipality):
    return (
        FormCustomisation.objects.for_municipality(municipality)
        .filter(status=FormStatus.PUBLISHED, live_revision__isnull=False)
        .select_related("live_revision", "live_revision__template_version", "template")
        .order_by("category", "code")
    )


def live_form(municipality, code):
    return published_forms(municipality).filter(code=code).first()


# -- a municipality's own forms


@transaction.atomic
def adopt(municipality, template, user=None):
    """Start customising a central template (or return the customisation already made)."""
    if template.current_version_id is None or not template.is_active:
        raise FormsError(_("This template has no published version yet."))
    existing = (
        FormCustomisation.objects.for_municipality(municipality)
        .filter(template=template, kind=FormKind.OVERLAY)
        .first()
    )
    if existing:
        return existing
    return FormCustomisation.objects.create(
        municipality=municipality,
        kind=FormKind.OVERLAY,
        template=template,
        code=template.code,
        title=template.current_version.definition.get("title") or template.title,
        category=template.category,
        base_version=template.current_version,
        overlay={},
        updated_by=user,
    )


def _next_local_code(municipality):
    codes = set(
        FormCustomisation.objects.for_municipality(municipality)
        .filter(kind=FormKind.LOCAL)
        .values_list("code", flat=True)
    )
    number = 1
    while f"HELYI-{number:03d}" in codes:
        number += 1
    return f"HELYI-{number:03d}"


@transaction.atomic
def copy_as_local(municipality, template=None, user=None, title=""):
    """A fully local form: a copy of a template's current version (or an empty form)
    that no longer follows the central versions."""
    from .constants import Category

    if template is not None:
        if template.current_version_id is None:
            raise FormsError(_("This template has no published version yet."))
        definition = copy.deepcopy(template.current_version.definition)
        title = title or _("%(title)s (local copy)") % {
            "title": definition.get("title") or template.title
        }
        definition["title"] = title
    else:
        title = title or _("New local form")
        definition = empty_definition(title)
        definition["steps"] = [{"key": "adatok", "title": _("Details"), "fields": []}]
    return FormCustomisation.objects.create(
        municipality=municipality,
        kind=FormKind.LOCAL,
        template=None,
        copied_from=template.current_version if template else None,
        code=_next_local_code(municipality),
        title=title[:255],
        category=template.category if template else Category.LOCAL,
        local_definition=definition,
        updated_by=user,
    )


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
    customisation.updated_by = user
    customisation.save()
    return revision


@transaction.atomic
def withdraw(customisation, user=None):
    customisation.status = FormStatus.WITHDRAWN
    customisation.updated_by = user
    customisation.save()


# -- legal updates from the provider


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


REASONS = {
    "removed": _("the new version removed this field"),
    "locked": _("the new version locked this field: it cannot be hidden or changed"),
    "required": _("the field is required: it cannot be hidden or made optional"),
    "step_removed": _("the step it was added to was removed"),
    "key_taken": _("the new version has a field with the same key"),
    "in_use": _("other fields or the fee depend on it"),
    "invalid": _("the form does not fit together"),
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


def outdated_customisations():
    """Published forms still served on a template version older than the current one."""
    from django.db.models import F

    return (
        FormCustomisation.objects.unscoped()
        .filter(kind=FormKind.OVERLAY, status=FormStatus.PUBLISHED, live_revision__isnull=False)
        .exclude(live_revision__template_version=F("template__current_version"))
        .select_related("municipality", "template", "live_revision__template_version")
    )


# -- submissions


def _context(municipality, files=None):
    return CleaningContext(municipality=municipality, files=files or {})


@transaction.atomic
def save_draft(customisation, data, submitter=None, draft=None):
    """Keep a citizen's unfinished answers on the revision they started with."""
    if draft is None:
        if not customisation.is_published:
            raise FormsError(_("This form is not published."))
        draft = Submission(
            municipality_id=customisation.municipality_id,
            revision=customisation.live_revision,
            submitter=submitter,
        )
    elif draft.status != SubmissionStatus.DRAFT:
        raise FormsError(_("This submission was already sent."))
    draft.data = data if isinstance(data, dict) else {}
    draft.save()
    return draft


def _stored_files(submission):
    return list(
        SubmissionFile.objects.for_municipality(submission.municipality_id).filter(
            submission=submission
        )
    )


def _store_file(submission, key, upload, cleaned_value):
    stored = SubmissionFile(
        municipality_id=submission.municipality_id,
        submission=submission,
        field_key=key,
        original_name=str(upload.name)[-255:],
        # From the checked content (fieldtypes), never the type the browser claimed.
        content_type=cleaned_value.get("content_type", "")[:100],
        size=upload.size,
    )
    stored.file.save(str(upload.name), upload, save=False)
    stored.save()
    return stored


def draft_files(draft):
    """{field key: SubmissionFile} of the files kept with a draft."""
    return {stored.field_key: stored for stored in _stored_files(draft)}


@transaction.atomic
def attach_draft_file(draft, key, upload):
    """Check one uploaded file against its field and keep it with the draft, replacing an
    earlier one of the same field. Raises SubmissionInvalid ({key: messages})."""
    if draft.status != SubmissionStatus.DRAFT:
        raise FormsError(_("This submission was already sent."))
    spec = next(
        (
            spec
            for _step, spec, group in iter_fields(draft.revision.definition)
            if group is None and spec["key"] == key and spec["type"] == "file"
        ),
        None,
    )
    if spec is None:
        raise SubmissionInvalid({key: [_("This form has no such file field.")]})
    field_type = field_types["file"]()
    if field_type.is_empty(upload):
        raise SubmissionInvalid({key: [_("The file is empty.")]})
    try:
        value = field_type.clean(upload, spec, _context(draft.municipality))
    except ValidationError as error:
        raise SubmissionInvalid({key: [str(m) for m in error.messages]}) from None
    remove_draft_file(draft, key)
    return _store_file(draft, key, upload, value)


@transaction.atomic
def remove_draft_file(draft, key):
    if draft.status != SubmissionStatus.DRAFT:
        raise FormsError(_("This submission was already sent."))
    for stored in _stored_files(draft):
        if stored.field_key == key:
            stored.file.delete(save=False)
            stored.delete()


@transaction.atomic
def discard_draft(draft):
    """Delete an unsent draft with its files (the citizen's choice, or its expiry)."""
    if draft.status != SubmissionStatus.DRAFT:
        raise FormsError(_("This submission was already sent."))
    for stored in _stored_files(draft):
        stored.file.delete(save=False)
    Submission.objects.for_municipality(draft.municipality_id).filter(pk=draft.pk).delete()


def draft_expired(submission, now=None):
    """True when the provider set a hard cut-off that ends drafts of this version."""
    version = submission.revision.template_version
    if version is None:
        return False
    now = now or timezone.now()
    return TemplateVersion.objects.filter(
        template_id=version.template_id, number__gt=version.number, drafts_cutoff__lte=now
    ).exists()


@transaction.atomic
def submit(
    customisation=None, data=None, files=None, submitter=None, draft=None, await_payment=False
):
    """Validate the answers against the exact revision and store the submission.

    Either a published ``customisation`` (a new submission on its live revision) or a
    ``draft`` (finished on the revision it was started with). Raises SubmissionInvalid
    with the Hungarian messages, or FormsError. Receivers are called after commit.

    With ``await_payment``, a submission with a fee is stored as awaiting payment and
    handed over only by :func:`hand_over_paid`, once the payment is confirmed."""
    if draft is not None:
        if draft.status != SubmissionStatus.DRAFT:
            raise FormsError(_("This submission was already sent."))
        if draft_expired(draft):
            raise FormsError(
                _(
                    "This form changed and its earlier version can no longer be submitted. "
                    "Please fill in the current form."
                )
            )
        submission = draft
    else:
        if customisation is None or not customisation.is_published:
            raise FormsError(_("This form is not published."))
        submission = Submission(
            municipality_id=customisation.municipality_id,
            revision=customisation.live_revision,
            submitter=submitter,
        )
    municipality = submission.municipality
    files = dict(files or {})
    # Files uploaded while the draft was filled in are already stored with it: they are
    # checked again with the rest of the answers and kept, not stored a second time.
    kept = {}
    if draft is not None:
        for stored in _stored_files(draft):
            if stored.field_key not in files:
                files[stored.field_key] = File(stored.file.open("rb"), name=stored.original_name)
                kept[stored.field_key] = stored
    try:
        cleaned = clean_submission(
            submission.revision.definition, data, files, _context(municipality, files)
        )
    finally:
        for key in kept:
            files[key].close()
    submission.data = cleaned.data
    submission.fee = cleaned.fee
    awaiting = await_payment and cleaned.fee > 0
    submission.status = (
        SubmissionStatus.AWAITING_PAYMENT if awaiting else SubmissionStatus.SUBMITTED
    )
    submission.submitted_at = timezone.now()
    if submitter is not None and submission.submitter_id is None:
        submission.submitter = submitter
    submission.save()
    if draft is not None:
        # A draft's file for a field that is no longer answered (hidden by a condition, or
        # replaced by a new upload) is not part of what was submitted.
        for stored in _stored_files(draft):
            if stored.field_key not in cleaned.files or stored.field_key not in kept:
                stored.file.delete(save=False)
                stored.delete()
    for key, upload in cleaned.files.items():
        if key in kept:
            continue
        _store_file(submission, key, upload, cleaned.data[key])
    if not awaiting:
        _take_in(submission)
    return submission


def _take_in(submission):
    for _name, intake in submission_intake.items():
        registry_number = intake(submission)
        if registry_number and not submission.registry_number:
            submission.registry_number = str(registry_number)[:40]
            submission.save(update_fields=["registry_number"])
    transaction.on_commit(lambda: _hand_over(submission.pk))


@transaction.atomic
def hand_over_paid(submission, payment=None):
    """The fee of a submission awaiting payment is paid: register and hand it over now,
    in the caller's (the confirming payment's) transaction. Idempotent: a submission
    already handed over is left as it is. Returns the submission.

    The :data:`submission_paid` receivers run only on the first call, in this transaction:
    if one fails, the registration rolls back with it and is retried as a whole."""
    submission = (
        Submission.objects.for_municipality(submission.municipality_id)
        .select_for_update()
        .get(pk=submission.pk)
    )
    if submission.status != SubmissionStatus.AWAITING_PAYMENT:
        return submission
    submission.status = SubmissionStatus.SUBMITTED
    submission.save(update_fields=["status"])
    _take_in(submission)
    for _name, receiver in submission_paid.items():
        receiver(submission, payment)
    return submission


def _hand_over(submission_pk):
    submission = Submission.objects.unscoped().select_related("revision").get(pk=submission_pk)
    for name, receiver in submission_receivers.items():
        try:
            receiver(submission)
        except Exception:  # one failing receiver must not stop the others
            logger.exception("Submission receiver %s failed for %s", name, submission.reference)
