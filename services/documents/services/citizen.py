"""The registry as its client sees it: the citizen portal's read-only window on the cases
a portal account submitted, and the few things the client does in them.

A case belongs to a portal account through ``Case.client_user`` (set from the submitter
when a submission is registered). The client is the scope of every query here, across
municipalities — the one place where that is right: a citizen handles business with every
municipality from one account. What the client sees is narrower than what an officer
sees: the status steps (not who looked at the case, restricted it or related it), the
documents delivered to them and their own ones (never internal notes or third parties'
letters)."""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .. import auditing
from ..constants import AuditAction, CaseStatus, DeliveryStatus, Direction
from ..delivery import channel_label
from ..files import ChecksumMismatch, verified_copy
from ..models import Case, CasePause, DeliveryAttempt, Document, DocumentFile
from .casework import resume
from .errors import DocumentsError
from .registration import documents_of

logger = logging.getLogger(__name__)

__all__ = [
    "InformationRequest",
    "TimelineStep",
    "answer_request",
    "case_of",
    "cases_of",
    "client_documents",
    "client_file",
    "open_request",
    "open_verified",
    "record_read_receipt",
    "timeline",
]

# The audit actions a status step is read from (see timeline()).
_STEP_ACTIONS = {
    AuditAction.CREATE_CASE: CaseStatus.RECEIVED,
    AuditAction.ASSIGN: CaseStatus.ASSIGNED,
    AuditAction.START: CaseStatus.IN_PROGRESS,
    AuditAction.REQUEST_INFO: CaseStatus.WAITING,
    AuditAction.SUSPEND: CaseStatus.SUSPENDED,
    AuditAction.RESUME: CaseStatus.IN_PROGRESS,
    AuditAction.DECIDE: CaseStatus.DECIDED,
    AuditAction.CLOSE: CaseStatus.CLOSED,
}


def cases_of(user):
    """Every case of the portal account, in every municipality, newest first."""
    # The client is the scope: their own cases in whichever municipality.
    return (
        Case.objects.of_person(user, "client_user")
        .select_related("municipality", "case_type", "book")
        .order_by("-received_at", "-pk")
    )


def case_of(user, case_id):
    """The client's case with this id, or None — also for somebody else's case."""
    return cases_of(user).filter(pk=case_id).first()


@dataclass(frozen=True)
class TimelineStep:
    status: str
    label: str
    at: datetime


def timeline(case):
    """The case's status steps with their dates, as the client sees them.

    Read from the audit trail, which has every change with its time; a step that changed
    nothing (a re-assignment, a second answer) is left out. A reply moves an assigned
    case into progress without an audit step of its own (services.reply), so an outgoing
    document does that here too."""
    events = auditing.history(case).filter(
        action__in=[*_STEP_ACTIONS, AuditAction.REGISTER_DOCUMENT]
    )
    outgoing = set(
        Document.objects.for_municipality(case.municipality_id)
        .filter(case=case, direction=Direction.OUTGOING)
        .values_list("pk", flat=True)
    )
    steps, current = [], None
    for event in events.order_by("at", "pk"):
        if event.action == AuditAction.REGISTER_DOCUMENT:
            if event.document_id not in outgoing or current != CaseStatus.ASSIGNED:
                continue
            status = CaseStatus.IN_PROGRESS
        else:
            status = _STEP_ACTIONS[event.action]
            if event.action == AuditAction.ASSIGN and current != CaseStatus.RECEIVED:
                continue  # services.assign changes the status of a received case only
        if status == current:
            continue
        steps.append(TimelineStep(status, CaseStatus(status).label, event.at))
        current = status
    return steps


@dataclass(frozen=True)
class InformationRequest:
    document: Document | None
    asked_at: datetime
    client_deadline: date | None
    reason: str


def open_request(case):
    """What the office asked for and by when, while the case waits for the client."""
    if case.status != CaseStatus.WAITING:
        return None
    pause = (
        CasePause.objects.for_municipality(case.municipality_id)
        .filter(case=case, ended_at__isnull=True)
        .order_by("-started_at")
        .first()
    )
    if pause is None:
        return None
    asked = (
        auditing.history(case)
        .filter(action=AuditAction.REQUEST_INFO, document_id__isnull=False)
        .order_by("-at", "-pk")
        .first()
    )
    document = (
        Document.objects.for_municipality(case.municipality_id)
        .filter(case=case, pk=asked.document_id)
        .first()
        if asked
        else None
    )
    return InformationRequest(document, pause.started_at, pause.client_deadline, pause.reason)


def answer_request(case, *, text="", files=(), user, actor=None):
    """The client answers a request for missing information: the answer is registered as
    an incoming document and the deadline runs again (services.resume).

    The case row is locked first, so a double-clicked answer is registered once and the
    second gets the "not waiting" error instead of a second document."""
    if case.client_user_id is None or case.client_user_id != getattr(user, "pk", None):
        raise DocumentsError(_("This case is not yours."))
    if not (text or "").strip() and not files:
        raise DocumentsError(_("Write your answer or attach a file."))
    with transaction.atomic():
        locked = (
            Case.objects.for_municipality(case.municipality_id)
            .select_for_update()
            .select_related("book", "case_type")
            .get(pk=case.pk)
        )
        return resume(locked, text=text.strip(), files=files, user=user, actor=actor)


def client_documents(case):
    """The documents of the case its client may see and download: the outgoing ones
    delivered to them, and the incoming ones they registered themselves (the submission,
    their answers)."""
    delivered = DeliveryAttempt.objects.for_municipality(case.municipality_id).filter(
        document__case=case, status=DeliveryStatus.DELIVERED
    )
    condition = Q(direction=Direction.OUTGOING, pk__in=delivered.values("document_id"))
    if case.client_user_id is not None:
        condition |= Q(direction=Direction.INCOMING, registered_by_id=case.client_user_id)
    return documents_of(case).filter(condition).order_by("sub_number")


def client_file(case, file_id):
    """A stored file of one of the client's documents of the case, or None."""
    return (
        DocumentFile.objects.for_municipality(case.municipality_id)
        .filter(pk=file_id, document__in=client_documents(case))
        .select_related("document")
        .first()
    )


def open_verified(stored, *, case, user, actor=None):
    """The file's bytes, checked against the SHA-256 taken at registration, for its client.

    A mismatch (or a file the storage lost) is logged at ERROR, written to the audit
    trail and raised (ChecksumMismatch, OSError): it is never served. A download that
    goes through is written to the audit trail too."""
    try:
        content = verified_copy(stored)
    except (ChecksumMismatch, OSError) as error:
        logger.error(
            "Registered file %s of %s %s (client download): %s",
            stored.pk,
            stored.document.registry_number,
            "does not match its SHA-256" if isinstance(error, ChecksumMismatch) else "is lost",
            error,
        )
        auditing.record(
            AuditAction.CHECKSUM_MISMATCH,
            municipality_id=case.municipality_id,
            user=user,
            actor=actor,
            case=case,
            document=stored.document,
            detail=f"{stored.original_name}: {error}"[:500],
        )
        raise
    auditing.record(
        AuditAction.DOWNLOAD,
        municipality_id=case.municipality_id,
        user=user,
        actor=actor,
        case=case,
        document=stored.document,
        detail=_("client: %(name)s") % {"name": stored.original_name},
    )
    return content


def record_read_receipt(document, *, channel, user, actor=None):
    """The addressee opened a delivered document for the first time: written to the
    audit trail, where the officer sees it on the case's timeline."""
    case = Case.objects.for_municipality(document.municipality_id).get(pk=document.case_id)
    return auditing.record(
        AuditAction.DELIVER,
        municipality_id=document.municipality_id,
        user=user,
        actor=actor,
        case=case,
        document=document,
        detail=_("%(channel)s: opened by the addressee (read receipt)")
        % {"channel": channel_label(channel)},
    )
