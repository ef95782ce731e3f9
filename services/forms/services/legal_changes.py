"""A legal change as officers and citizens meet it: the staged version previewed with the
municipality's customisation, the keep-or-take decisions of a notice, and a citizen's
draft carried from an old version to the new one."""

import copy

from django.db import transaction
from django.utils.translation import gettext as _

from ..constants import FormEventKind, SubmissionStatus
from ..definition import field_map
from ..legal import overridden_by_law, take_providers, without_overruled
from ..models import FormEvent, FormNotification, Submission, SubmissionFile
from ..overlay import apply_overlay
from .customising import publish
from .errors import FormsError
from .updates import served_overlay


def staged_version(customisation):
    """The template's next version, published but not yet in force (or None)."""
    if customisation.template_id is None:
        return None
    current = customisation.template.current_version
    version = (
        customisation.template.versions.filter(number__gt=current.number if current else 0)
        .order_by("-number")
        .first()
    )
    return version if version is not None and not version.in_force() else None


def preview_staged(customisation):
    """(version, definition, statements): the form as it will be served once the staged
    version is in force, with the published customisation (as resolved in advance, if it
    was). None when nothing is staged."""
    version = customisation.conflict_version or staged_version(customisation)
    if version is None:
        return None
    overlay = (
        customisation.prepared_overlay
        if customisation.prepared_overlay is not None
        else served_overlay(customisation)
    )
    definition, _conflicts = apply_overlay(
        version.definition, without_overruled(version.definition, overlay)
    )
    return version, definition, overridden_by_law(version.definition, overlay)


@transaction.atomic
def decide(notice, key, take, user=None):
    """The officer keeps their version of a part the provider changed, or takes the
    provider's. Taking changes the draft; a form without unpublished changes is published
    at once (nothing but this decision goes live)."""
    notice = (
        FormNotification.objects.for_municipality(notice.municipality_id)
        .select_for_update()
        .get(pk=notice.pk)
    )
    item = next((i for i in notice.decisions if i.get("key") == key), None)
    if item is None:
        raise FormsError(_("There is no such decision in this notice."))
    if item.get("decided"):
        raise FormsError(_("This was already decided."))
    customisation = notice.customisation
    if take:
        unpublished = customisation.is_published and (
            customisation.overlay != customisation.live_revision.overlay
        )
        customisation.overlay = take_providers(customisation.overlay, key)
        customisation.updated_by = user
        customisation.save()
        if customisation.is_published and not unpublished:
            publish(customisation, user=user)
    item["decided"] = "taken" if take else "kept"
    notice.save(update_fields=["decisions"])
    FormEvent.objects.create(
        municipality_id=customisation.municipality_id,
        customisation=customisation,
        template_version=notice.template_version,
        kind=FormEventKind.TAKEN if take else FormEventKind.KEPT,
        detail=[item.get("label", key)],
        created_by=user,
    )
    return item


# -- a citizen's draft


def _fits(value, old, new):
    if old.get("type") != new.get("type"):
        return False
    choices = {c["value"] for c in new.get("options", {}).get("choices", [])}
    if new["type"] == "choice" and value not in ("", None):
        return value in choices
    if new["type"] == "multichoice" and isinstance(value, list):
        return set(value) <= choices
    if new["type"] == "group" and isinstance(value, list):
        return {s["key"] for s in old.get("fields", [])} <= {
            s["key"] for s in new.get("fields", [])
        }
    return True


@transaction.atomic
def carry_draft(submission):
    """Carry a draft started on an earlier template version to the form now served.

    Answers are kept where the field still exists with the same type (and a chosen value
    is still offered); returns the labels of the fields that need the citizen's attention
    (answers that could not be kept, new required fields), or None when nothing moved."""
    if submission.status != SubmissionStatus.DRAFT:
        return None
    revision = submission.revision
    customisation = revision.customisation
    live = customisation.live_revision
    if (
        not customisation.is_published
        or live is None
        or live.pk == revision.pk
        or revision.template_version is None
        or live.template_version is None
        or live.template_version.number <= revision.template_version.number
    ):
        return None
    old_fields, new_fields = field_map(revision.definition), field_map(live.definition)
    data = copy.deepcopy(submission.data or {})
    attention = []
    kept = {}
    for key, value in data.items():
        old, new = old_fields.get(key), new_fields.get(key)
        if new is not None and old is not None and _fits(value, old, new):
            kept[key] = value
        elif new is not None and value not in ("", None, [], {}):
            attention.append(new.get("label", key))
    for key, spec in new_fields.items():
        if spec.get("required") and key not in old_fields and spec["type"] != "group":
            attention.append(spec.get("label", key))
    for stored in SubmissionFile.objects.for_municipality(submission.municipality_id).filter(
        submission=submission
    ):
        if new_fields.get(stored.field_key, {}).get("type") != "file":
            stored.file.delete(save=False)
            stored.delete()
    Submission.objects.for_municipality(submission.municipality_id).filter(pk=submission.pk).update(
        revision=live, data=kept
    )
    submission.refresh_from_db()
    FormEvent.objects.create(
        municipality_id=submission.municipality_id,
        customisation=customisation,
        template_version=live.template_version,
        kind=FormEventKind.DRAFT_CARRIED,
        detail=attention,
    )
    return list(dict.fromkeys(attention))
