"""The operations of the document registry. Views, commands and other apps call these;
nobody else writes this app's models.

Numbers: a case takes the next main number from its registry book, a document the next
sub-number from its case. Both are taken by locking that one row inside the transaction
that registers, so a rollback gives the number back (no gap) and two registrations never
get the same number; registrations in other books (other municipalities, other years) do
not wait for each other."""

import json
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import auditing, delivery
from .calendar import default_calendar
from .casetypes import case_type_for_form
from .constants import OPEN_STATUSES, AuditAction, CaseStatus, ClientKind, Direction
from .deadlines import Pause, get_rule
from .files import check_upload, sha256_of
from .models import (
    Case,
    CasePause,
    Document,
    DocumentFile,
    RegistryBook,
    RegistrySettings,
    format_number,
)

logger = logging.getLogger(__name__)

__all__ = [
    "DocumentsError",
    "assign",
    "close",
    "correct",
    "decide",
    "open_case",
    "register_document",
    "register_submission",
    "relate",
    "reply",
    "request_information",
    "resume",
    "set_restricted",
    "start",
]


class DocumentsError(Exception):
    """What the officer asked for cannot be done; the message says why, in Hungarian."""


# -- numbers


def registry_prefix(municipality):
    settings_row = RegistrySettings.objects.for_municipality(municipality).first()
    return settings_row.prefix if settings_row else ""


def _locked_book(municipality_id, year, prefix):
    books = RegistryBook.objects.for_municipality(municipality_id).select_for_update()
    book = books.filter(year=year, prefix=prefix).first()
    if book is None:
        # Two first registrations of a year may race: the loser's insert does nothing.
        RegistryBook.objects.bulk_create(
            [RegistryBook(municipality_id=municipality_id, year=year, prefix=prefix)],
            ignore_conflicts=True,
        )
        book = books.get(year=year, prefix=prefix)
    return book


def _take_main_number(municipality, prefix=None):
    prefix = registry_prefix(municipality) if prefix is None else prefix
    book = _locked_book(municipality.pk, timezone.localdate().year, prefix)
    book.last_main_number += 1
    book.save(update_fields=["last_main_number"])
    return book


def _take_sub_number(case):
    locked = Case.objects.for_municipality(case.municipality_id).select_for_update().get(pk=case.pk)
    locked.last_sub_number += 1
    Case.objects.for_municipality(case.municipality_id).filter(pk=case.pk).update(
        last_sub_number=locked.last_sub_number
    )
    case.last_sub_number = locked.last_sub_number
    return locked.last_sub_number


# -- deadlines


def pauses_of(case):
    return [
        Pause(p.started_at, p.ended_at)
        for p in CasePause.objects.for_municipality(case.municipality_id).filter(case=case)
    ]


def compute_deadline(case, calendar=None, now=None):
    return get_rule(case.procedure_rule).compute(
        case.received_at,
        pauses_of(case) if case.pk else [],
        days=case.deadline_days,
        calendar=calendar or default_calendar(),
        now=now,
    )


def _refresh_deadline(case):
    deadline = compute_deadline(case)
    case.deadline_at = deadline.due_at
    case.deadline_provisional = deadline.provisional


def late_refund(case):
    """Forints owed to the client if the case were concluded now (None: nothing owed)."""
    if not case.initiated_by_request:
        return None
    return get_rule(case.procedure_rule).late_refund(case.fee)


# -- registering


@transaction.atomic
def open_case(
    municipality,
    *,
    case_type,
    subject,
    client_name,
    client_kind=ClientKind.PERSON,
    client_email="",
    client_address="",
    client_user=None,
    received_at=None,
    handling_group="",
    fee=0,
    initiated_by_request=True,
    restricted=False,
    submission=None,
    user=None,
    request=None,
):
    """Register a new case under the next main number of this year's book."""
    if case_type.municipality_id != municipality.pk:
        raise DocumentsError(_("This case type belongs to another municipality."))
    book = _take_main_number(municipality)
    case = Case(
        municipality=municipality,
        book=book,
        main_number=book.last_main_number,
        registry_number=format_number(book.prefix, book.last_main_number, book.year),
        subject=subject[:255],
        case_type=case_type,
        client_kind=client_kind,
        client_name=client_name[:255],
        client_email=client_email[:254],
        client_address=client_address[:255],
        client_user=client_user,
        submission_id=getattr(submission, "pk", None),
        submission_reference=getattr(submission, "reference", ""),
        handling_group=(handling_group or case_type.handling_group)[:255],
        restricted=restricted,
        received_at=received_at or timezone.now(),
        initiated_by_request=initiated_by_request,
        fee=fee,
        procedure_rule=case_type.procedure_rule,
        deadline_days=case_type.deadline_days,
    )
    _refresh_deadline(case)
    case.save()
    auditing.record(
        AuditAction.CREATE_CASE,
        municipality_id=municipality.pk,
        user=user,
        request=request,
        case=case,
        detail=case.subject,
    )
    return case


@transaction.atomic
def register_document(
    case,
    *,
    direction,
    subject,
    text="",
    correspondent="",
    files=(),
    corrects=None,
    is_decision=False,
    user=None,
    request=None,
    trusted_files=False,
):
    """Register a document under the case's next sub-number, with its files.

    ``files`` are uploaded files (checked by content unless ``trusted_files``: the
    platform's own renderings). Returns the Document."""
    for upload in files:
        if not trusted_files:
            try:
                check_upload(upload)
            except ValidationError as error:
                raise DocumentsError(f"{upload.name}: {' '.join(error.messages)}") from error
    if corrects is not None and corrects.case_id != case.pk:
        raise DocumentsError(
            _("A correction belongs to the same case as the document it corrects.")
        )
    sub_number = _take_sub_number(case)
    document = Document.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        sub_number=sub_number,
        registry_number=case.sub_number_label(sub_number),
        direction=direction,
        subject=subject[:255],
        text=text,
        correspondent=correspondent[:255],
        corrects=corrects,
        is_decision=is_decision,
        registered_by=user if getattr(user, "is_authenticated", False) else None,
    )
    for upload in files:
        content_type = (
            getattr(upload, "content_type", "") if trusted_files else check_upload(upload)
        ) or ""
        stored = DocumentFile(
            municipality_id=case.municipality_id,
            document=document,
            original_name=str(upload.name)[-255:],
            content_type=content_type[:100],
            size=upload.size,
            sha256=sha256_of(upload),
        )
        stored.file.save(str(upload.name), upload, save=False)
        stored.save()
    auditing.record(
        AuditAction.REGISTER_DOCUMENT,
        municipality_id=case.municipality_id,
        user=user,
        request=request,
        case=case,
        document=document,
        detail=f"{document.get_direction_display()}: {document.subject}",
    )
    return document


def documents_of(case):
    return Document.objects.for_municipality(case.municipality_id).filter(case=case)


def files_of(documents):
    by_document = {}
    ids = [d.pk for d in documents]
    if not ids:
        return by_document
    rows = DocumentFile.objects.for_municipality(documents[0].municipality_id).filter(
        document_id__in=ids
    )
    for row in rows:
        by_document.setdefault(row.document_id, []).append(row)
    return by_document


# -- the officer's work


def _require(case, statuses, message):
    if case.status not in statuses:
        raise DocumentsError(message)


def _save(case, *fields):
    case.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def assign(case, officer, *, user=None, request=None):
    _require(case, OPEN_STATUSES, _("Only an open case can be assigned."))
    case.officer = officer
    if case.status == CaseStatus.RECEIVED:
        case.status = CaseStatus.ASSIGNED
    _save(case, "officer", "status")
    auditing.record(
        AuditAction.ASSIGN,
        municipality_id=case.municipality_id,
        user=user,
        request=request,
        case=case,
        detail=officer.get_full_name() or officer.get_username(),
    )


@transaction.atomic
def start(case, *, user=None, request=None):
    _require(case, [CaseStatus.ASSIGNED], _("Only an assigned case can be started."))
    case.status = CaseStatus.IN_PROGRESS
    _save(case, "status")
    auditing.record(
        AuditAction.START,
        municipality_id=case.municipality_id,
        user=user,
        request=request,
        case=case,
    )


def _outgoing(case, subject, text, files, user, request, is_decision=False):
    document = register_document(
        case,
        direction=Direction.OUTGOING,
        subject=subject,
        text=text,
        correspondent=case.client_name,
        files=files,
        is_decision=is_decision,
        user=user,
        request=request,
    )
    # Delivery runs after commit: a channel must never see a document that was rolled back.
    case_pk, document_pk = case.pk, document.pk
    municipality_id, actor = case.municipality_id, user

    def send():
        fresh_case = Case.objects.for_municipality(municipality_id).get(pk=case_pk)
        fresh = Document.objects.for_municipality(municipality_id).get(pk=document_pk)
        delivery.deliver(fresh, fresh_case, user=actor, request=request)

    transaction.on_commit(send)
    return document


@transaction.atomic
def reply(case, *, subject, text, files=(), user=None, request=None):
    """An outgoing document with a message to the client; the case stays open."""
    _require(
        case,
        [CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS],
        _(
            "Assign the case before replying; a case waiting for the client needs their answer "
            "first."
        ),
    )
    document = _outgoing(case, subject, text, files, user, request)
    if case.status == CaseStatus.ASSIGNED:
        case.status = CaseStatus.IN_PROGRESS
        _save(case, "status")
    return document


@transaction.atomic
def request_information(case, *, text, client_deadline=None, files=(), user=None, request=None):
    """Ask the client for missing information: the deadline stops until they answer."""
    _require(
        case,
        [CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS],
        _("Missing information can be requested in an assigned case in progress."),
    )
    document = _outgoing(case, _("Request for missing information"), text, files, user, request)
    CasePause.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        reason=_("Waiting for the client's missing information (%(number)s)")
        % {"number": document.registry_number},
        client_deadline=client_deadline,
    )
    case.status = CaseStatus.WAITING
    _save(case, "status")
    auditing.record(
        AuditAction.REQUEST_INFO,
        municipality_id=case.municipality_id,
        user=user,
        request=request,
        case=case,
        document=document,
    )
    return document


@transaction.atomic
def resume(case, *, text="", files=(), user=None, request=None):
    """The client answered (or the suspension ended): the clock runs again. The answer,
    if given, is registered as an incoming document."""
    _require(case, [CaseStatus.WAITING], _("This case is not waiting for the client."))
    now = timezone.now()
    CasePause.objects.for_municipality(case.municipality_id).filter(
        case=case, ended_at__isnull=True
    ).update(ended_at=now)
    document = None
    if text or files:
        document = register_document(
            case,
            direction=Direction.INCOMING,
            subject=_("The client's missing information"),
            text=text,
            correspondent=case.client_name,
            files=files,
            user=user,
            request=request,
        )
    case.status = CaseStatus.IN_PROGRESS
    _refresh_deadline(case)
    _save(case, "status", "deadline_at", "deadline_provisional")
    auditing.record(
        AuditAction.RESUME,
        municipality_id=case.municipality_id,
        user=user,
        request=request,
        case=case,
        detail=_("new deadline: %(date)s")
        % {"date": timezone.localtime(case.deadline_at).date() if case.deadline_at else "—"},
    )
    return document


def _conclude(case, moment):
    """Record when the authority concluded and whether it was late (Ákr. 51. §)."""
    if case.decided_at is not None:
        return
    case.decided_at = moment
    case.decided_late = bool(case.deadline_at and moment > case.deadline_at)
    case.late_refund = late_refund(case) if case.decided_late else None


@transaction.atomic
def decide(case, *, subject, text, files=(), user=None, request=None):
    _require(
        case,
        [CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS],
        _(
            "Only an assigned case in progress can be decided (a waiting case needs the "
            "client's answer first)."
        ),
    )
    document = _outgoing(case, subject, text, files, user, request, is_decision=True)
    _conclude(case, document.registered_at)
    case.status = CaseStatus.DECIDED
    _save(case, "status", "decided_at", "decided_late", "late_refund")
    detail = document.registry_number
    if case.decided_late:
        detail += " – " + _("late; owed to the client: %(amount)s Ft") % {
            "amount": case.late_refund if case.late_refund is not None else 0
        }
    auditing.record(
        AuditAction.DECIDE,
        municipality_id=case.municipality_id,
        user=user,
        request=request,
        case=case,
        document=document,
        detail=detail,
    )
    return document


@transaction.atomic
def close(case, *, note="", user=None, request=None):
    """Close the case: from now its retention period runs (from the next year on)."""
    _require(
        case,
        [CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.DECIDED],
        _(
            "Only an assigned case can be closed; a case waiting for the client needs their "
            "answer first."
        ),
    )
    now = timezone.now()
    _conclude(case, now)
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    case_type = case.case_type
    case.retention_years = case_type.retention_years
    case.archival_value = case_type.archival_value
    case.retention_ends_on = retention_end(timezone.localtime(now).year, case_type.retention_years)
    _save(
        case,
        "status",
        "closed_at",
        "decided_at",
        "decided_late",
        "late_refund",
        "retention_years",
        "archival_value",
        "retention_ends_on",
    )
    auditing.record(
        AuditAction.CLOSE,
        municipality_id=case.municipality_id,
        user=user,
        request=request,
        case=case,
        detail=note,
    )


def retention_end(closed_year, years):
    """The last day of retention: counted in whole years from 1 January after closing."""
    import datetime

    if years is None:
        return None
    return datetime.date(closed_year + years, 12, 31)


@transaction.atomic
def set_restricted(case, restricted, *, user=None, request=None):
    case.restricted = bool(restricted)
    _save(case, "restricted")
    auditing.record(
        AuditAction.RESTRICT,
        municipality_id=case.municipality_id,
        user=user,
        request=request,
        case=case,
        detail=_("restricted") if restricted else _("not restricted"),
    )


@transaction.atomic
def relate(case, other, *, user=None, request=None):
    if other.municipality_id != case.municipality_id or other.pk == case.pk:
        raise DocumentsError(_("Only another case of the same municipality can be related."))
    case.related.add(other)
    auditing.record(
        AuditAction.RELATE,
        municipality_id=case.municipality_id,
        user=user,
        request=request,
        case=case,
        detail=other.registry_number,
    )


def correct(document, *, subject, text="", files=(), user=None, request=None):
    """A correction: a new sub-number in the same case that references the corrected
    document (which itself never changes)."""
    case = Case.objects.for_municipality(document.municipality_id).get(pk=document.case_id)
    return register_document(
        case,
        direction=document.direction,
        subject=subject or _("Correction of %(number)s") % {"number": document.registry_number},
        text=text,
        correspondent=document.correspondent,
        files=files,
        corrects=document,
        user=user,
        request=request,
    )


# -- intake from the forms service


def _client_from_answers(definition, data, submitter):
    from services.forms.definition import iter_fields

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
        name = name or submitter.get_full_name() or submitter.get_username()
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
