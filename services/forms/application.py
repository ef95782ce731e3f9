"""A form as a kind of application (services.intake): intake owns the application's life
(draft, fee, submission, registration, receipt); the forms service keeps the answers and
files, checks them against the exact revision, and says what the registry registers and
what the receipt shows of them."""

import hashlib
import json

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from services.documents.constants import ClientKind
from services.documents.services import IncomingEntry
from services.intake.services import ApplicationKind, kinds
from sites.hungarian import user_name

from . import receivers
from .definition import iter_fields
from .fieldtypes import FILE_CONTENT_TYPES
from .models import Submission, SubmissionFile
from .render import answers_context
from .services.drafts import discard_draft, save_draft
from .services.submitting import submit

KIND = "form"


def _submission(application):
    return (
        Submission.objects.for_municipality(application.municipality_id)
        .select_related("revision__customisation__template")
        .get(pk=application.subject_id)
    )


def _files(submission):
    return SubmissionFile.objects.for_municipality(submission.municipality_id).filter(
        submission=submission
    )


def _sha256_of_file(field_file):
    digest = hashlib.sha256()
    with field_file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(64 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _client_from_answers(definition, data, submitter):
    """Who the case is about, read from the answers the way the central templates name
    their fields (``…_neve``, an e-mail, a postal address, a tax number)."""
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


def _sections(definition, data):
    """The answers labelled as the citizen saw them, in the plain shape the registry keeps
    (``IncomingEntry.sections``)."""
    sections = []
    for section in answers_context(definition, data):
        items = []
        for item in section["items"]:
            if "rows" in item:
                rows = [
                    [{"label": str(label), "value": str(value)} for label, value in row]
                    for row in item["rows"]
                ]
                items.append({"label": str(item["label"]), "rows": rows})
            else:
                items.append({"label": str(item["label"]), "value": str(item["value"])})
        sections.append({"title": str(section["title"]), "items": items})
    return sections


def _case_subject(customisation, data):
    # The citizen's own subject line, where the form asks for one, says most to the officer.
    own = data.get("targy") if isinstance(data.get("targy"), str) else ""
    subject = f"{customisation.code} {customisation.title}"
    return f"{subject}: {own}" if own.strip() else subject


@kinds.register(KIND)
class FormApplication(ApplicationKind):
    def start(self, customisation, owner, initial):
        submission = save_draft(customisation, initial, submitter=owner)
        definition = customisation.live_revision.definition
        first_step = definition["steps"][0]["key"] if definition["steps"] else ""
        title = f"{customisation.code} {definition.get('title') or customisation.title}"
        return submission.pk, submission.reference, title, first_step

    def save(self, application, data):
        save_draft(None, data, draft=_submission(application))

    def freeze(self, application, data, files, submitter):
        submission = _submission(application)
        if data is None:
            data = submission.data
        return submit(data=data, files=files, submitter=submitter, draft=submission).fee

    def incoming_entry(self, application):
        submission = _submission(application)
        revision = submission.revision
        customisation = revision.customisation
        received_at = submission.submitted_at or timezone.now()
        answers = ContentFile(
            json.dumps(
                {
                    "form": customisation.code,
                    "title": customisation.title,
                    "revision": revision.number,
                    "reference": submission.reference,
                    "submitted_at": received_at.isoformat(),
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
        files = [answers]
        for stored in _files(submission):
            with stored.file.open("rb") as handle:
                content = ContentFile(handle.read(), name=stored.original_name)
            content.content_type = stored.content_type
            files.append(content)
        return IncomingEntry(
            municipality=submission.municipality,
            source_id=submission.pk,
            source_reference=submission.reference,
            procedure_code=customisation.code,
            template_code=customisation.template.code if customisation.template_id else None,
            subject=_case_subject(customisation, submission.data),
            document_subject=_("Submission %(reference)s: %(title)s")
            % {"reference": submission.reference, "title": customisation.title},
            received_at=received_at,
            fee=submission.fee,
            handling_group=revision.definition.get("handling_group", ""),
            client_user=submission.submitter,
            files=files,
            sections=_sections(revision.definition, submission.data),
            **_client_from_answers(revision.definition, submission.data, submission.submitter),
        )

    def registered(self, application, registry_number):
        Submission.objects.for_municipality(application.municipality_id).filter(
            pk=application.subject_id
        ).update(registry_number=str(registry_number)[:40])
        # The service behind a central template (the trade register for IPAR-...) records
        # it now, in the same transaction as the registration.
        receivers.receive(_submission(application), registry_number)

    def receipt_part(self, application):
        submission = _submission(application)
        revision = submission.revision
        customisation = revision.customisation
        return {
            "form": {
                "code": customisation.code,
                "title": revision.definition.get("title") or customisation.title,
                "revision": revision.number,
            },
            "answers": submission.data,
            "attachments": [
                {
                    "field": stored.field_key,
                    "name": stored.original_name,
                    "size": stored.size,
                    "sha256": _sha256_of_file(stored.file),
                }
                for stored in _files(submission).order_by("field_key", "pk")
            ],
        }

    def receipt_sections(self, application):
        submission = _submission(application)
        return answers_context(
            submission.revision.definition, (application.receipt or {}).get("answers") or {}
        )

    def description(self, application):
        customisation = _submission(application).revision.customisation
        return _("Procedure fee: %(code)s %(title)s") % {
            "code": customisation.code,
            "title": customisation.title,
        }

    def attachment(self, application, key):
        stored = _files(_submission(application)).filter(field_key=str(key)[:120]).first()
        if stored is None:
            return None
        extension = (
            stored.original_name.rsplit(".", 1)[-1].lower() if "." in stored.original_name else ""
        )
        # Served as the type its checked content has, never as the browser claimed it.
        content_type = FILE_CONTENT_TYPES.get(extension, "application/octet-stream")
        if stored.content_type not in ("", content_type):
            content_type = "application/octet-stream"
        return stored.file, stored.original_name, content_type

    def admin_url(self, application):
        return reverse(
            "forms_admin:submission", args=[application.municipality_id, application.subject_id]
        )

    def discard(self, application):
        discard_draft(_submission(application))
