"""Intake from the forms service: a submitted form becomes the first, incoming document of
a new case."""

import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.hungarian import user_name

from ..casetypes import case_type_for_form
from ..constants import ClientKind, Direction
from ..models import Case
from .registration import documents_of, open_case, register_document


def _client_from_answers(definition, data, submitter):
    from services.forms.services import iter_fields

    name = email = address = ""
    organisation = False
    for _step, spec, group in iter_fields(definition):
        if group is not None:
            continue
        key, kind, value = spec["key"], spec["type"], data.get(spec["key"])
        if value in (None, "", [], {}):
            continue
        if (
            not name
            and kind == "text"
            and key.endswith("_neve")
            and not any(part in key for part in ("szuletesi", "anyja", "uzlet"))
        ):
            name = str(value)
        elif not email and kind == "email":
            email = str(value)
        elif not address and kind == "postal_address":
            address = (
                " ".join(str(v) for v in value.values() if v)
                if isinstance(value, dict)
                else str(value)
            )
        elif kind in ("tax_number", "company_registration_number"):
            organisation = True
    if submitter is not None:
        name = name or user_name(submitter)
        email = email or submitter.email
    return {
        "client_name": name or _("Unknown client"),
        "client_email": email,
        "client_address": address[:255],
        "client_kind": ClientKind.ORGANISATION if organisation else ClientKind.PERSON,
    }


def _subject(customisation, data):
    # The citizen's own subject line, where the form asks for one, says most to the officer.
    own = data.get("targy") if isinstance(data.get("targy"), str) else ""
    subject = f"{customisation.code} {customisation.title}"
    return f"{subject}: {own}" if own.strip() else subject


def register_submission(submission):
    """Register a submitted form as the incoming first document of a new case, inside the
    submitting transaction; returns the document's registry number for the receipt.

    Idempotent: a submission already registered returns its number."""
    from services.forms.models import SubmissionFile

    municipality = submission.municipality
    existing = (
        Case.objects.for_municipality(municipality).filter(submission_id=submission.pk).first()
    )
    if existing is not None:
        first = documents_of(existing).order_by("sub_number").first()
        return first.registry_number if first else existing.registry_number
    revision = submission.revision
    customisation = revision.customisation
    definition = revision.definition
    template_code = customisation.template.code if customisation.template_id else None
    with transaction.atomic():
        case_type = case_type_for_form(municipality, customisation.code, template_code)
        client = _client_from_answers(definition, submission.data, submission.submitter)
        case = open_case(
            municipality,
            case_type=case_type,
            subject=_subject(customisation, submission.data),
            handling_group=definition.get("handling_group", ""),
            fee=submission.fee,
            received_at=submission.submitted_at or timezone.now(),
            client_user=submission.submitter,
            submission=submission,
            user=submission.submitter,
            **client,
        )
        answers = ContentFile(
            json.dumps(
                {
                    "form": customisation.code,
                    "title": customisation.title,
                    "revision": revision.number,
                    "reference": submission.reference,
                    "submitted_at": (submission.submitted_at or timezone.now()).isoformat(),
                    "fee": submission.fee,
                    "answers": submission.data,
                },
                ensure_ascii=False,
                indent=2,
                sort_keys=True,
            ).encode("utf-8"),
            name=f"beadvany-{submission.reference}.json",
        )
        answers.content_type = "application/json"
        attachments = [answers]
        for stored in SubmissionFile.objects.for_municipality(municipality).filter(
            submission=submission
        ):
            with stored.file.open("rb") as handle:
                content = ContentFile(handle.read(), name=stored.original_name)
            content.content_type = stored.content_type
            attachments.append(content)
        document = register_document(
            case,
            direction=Direction.INCOMING,
            subject=_("Submission %(reference)s: %(title)s")
            % {"reference": submission.reference, "title": customisation.title},
            correspondent=client["client_name"],
            files=attachments,
            user=submission.submitter,
            trusted_files=True,
        )
    return document.registry_number
