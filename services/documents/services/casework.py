"""The officer's work on a case, step by step (assign, start, reply, ask for missing
information, suspend, resume, decide, close). A step that starts or ends a pause
recomputes the visible deadline at once and writes the new one to the audit trail."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.hungarian import format_number, user_name

from .. import auditing, delivery
from ..constants import (
    OPEN_STATUSES,
    PAUSED_STATUSES,
    AuditAction,
    CaseStatus,
    Direction,
    PauseKind,
)
from ..models import Case, CasePause, Document
from .deadline import DEADLINE_FIELDS, _refresh_deadline, concluded_late, late_refund
from .errors import DocumentsError
from .registration import register_document


def _require(case, statuses, message):
    if case.status not in statuses:
        raise DocumentsError(message)


def _save(case, *fields):
    case.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def assign(case, officer, *, user=None, actor=None):
    _require(case, OPEN_STATUSES, _("Only an open case can be assigned."))
    case.officer = officer
    if case.status == CaseStatus.RECEIVED:
        case.status = CaseStatus.ASSIGNED
    _save(case, "officer", "status")
    auditing.record(
        AuditAction.ASSIGN,
        municipality_id=case.municipality_id,
        user=user,
        actor=actor,
        case=case,
        detail=user_name(officer),
    )


@transaction.atomic
def start(case, *, user=None, actor=None):
    _require(case, [CaseStatus.ASSIGNED], _("Only an assigned case can be started."))
    case.status = CaseStatus.IN_PROGRESS
    _save(case, "status")
    auditing.record(
        AuditAction.START,
        municipality_id=case.municipality_id,
        user=user,
        actor=actor,
        case=case,
    )


def _outgoing(case, subject, text, files, user, actor, is_decision=False):
    document = register_document(
        case,
        direction=Direction.OUTGOING,
        subject=subject,
        text=text,
        correspondent=case.client_name,
        files=files,
        is_decision=is_decision,
        user=user,
        actor=actor,
    )
    # Delivery runs after commit: a channel must never see a document that was rolled back.
    case_pk, document_pk = case.pk, document.pk
    municipality_id, user_then = case.municipality_id, user

    def send():
        fresh_case = Case.objects.for_municipality(municipality_id).get(pk=case_pk)
        fresh = Document.objects.for_municipality(municipality_id).get(pk=document_pk)
        delivery.deliver(fresh, fresh_case, user=user_then, actor=actor)

    transaction.on_commit(send)
    return document


@transaction.atomic
def reply(case, *, subject, text, files=(), user=None, actor=None):
    """An outgoing document with a message to the client; the case stays open."""
    _require(
        case,
        [CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS],
        _(
            "Assign the case before replying; a case waiting for the client needs their answer "
            "first."
        ),
    )
    document = _outgoing(case, subject, text, files, user, actor)
    if case.status == CaseStatus.ASSIGNED:
        case.status = CaseStatus.IN_PROGRESS
        _save(case, "status")
    return document


def deadline_note(case):
    """The deadline as the audit trail records it after a change."""
    if case.deadline_paused:
        return _("deadline paused")
    if case.deadline_at is None:
        return _("no statutory deadline")
    return _("deadline: %(date)s") % {"date": timezone.localtime(case.deadline_at).date()}


def _pause(case, *, kind, reason, client_deadline=None, status):
    """Open a pause of ``kind`` and recompute the deadline at once (paused, or running on
    where this kind does not stop the clock in this procedure)."""
    CasePause.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        kind=kind,
        reason=reason[:255],
        client_deadline=client_deadline,
    )
    case.status = status
    _refresh_deadline(case)
    _save(case, "status", *DEADLINE_FIELDS)


@transaction.atomic
def request_information(case, *, text, client_deadline=None, files=(), user=None, actor=None):
    """Ask the client for missing information: the deadline stops until they answer."""
    _require(
        case,
        [CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS],
        _("Missing information can be requested in an assigned case in progress."),
    )
    document = _outgoing(case, _("Request for missing information"), text, files, user, actor)
    _pause(
        case,
        kind=PauseKind.MISSING_INFORMATION,
        reason=_("Waiting for the client's missing information (%(number)s)")
        % {"number": document.registry_number},
        client_deadline=client_deadline,
        status=CaseStatus.WAITING,
    )
    auditing.record(
        AuditAction.REQUEST_INFO,
        municipality_id=case.municipality_id,
        user=user,
        actor=actor,
        case=case,
        document=document,
        detail=deadline_note(case),
    )
    return document


@transaction.atomic
def suspend(case, *, reason, text="", files=(), user=None, actor=None):
    """Suspend the procedure (Ákr. 48. §): the order is registered and sent to the client,
    and the deadline stops until the officer resumes the case."""
    _require(
        case,
        [CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS],
        _("Only an assigned case in progress can be suspended."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise DocumentsError(_("Give the reason of the suspension."))
    document = _outgoing(
        case, _("Order suspending the procedure"), text or reason, files, user, actor
    )
    _pause(
        case,
        kind=PauseKind.SUSPENSION,
        reason=_("Suspended: %(reason)s (%(number)s)")
        % {"reason": reason[:200], "number": document.registry_number},
        status=CaseStatus.SUSPENDED,
    )
    auditing.record(
        AuditAction.SUSPEND,
        municipality_id=case.municipality_id,
        user=user,
        actor=actor,
        case=case,
        document=document,
        detail=f"{reason[:200]} – {deadline_note(case)}",
    )
    return document


@transaction.atomic
def resume(case, *, text="", files=(), user=None, actor=None):
    """The client answered (or the suspension ended): the clock runs again, the deadline
    pushed by the paused days. The answer, if given, is registered as an incoming
    document."""
    _require(case, PAUSED_STATUSES, _("This case is not waiting for the client."))
    now = timezone.now()
    CasePause.objects.for_municipality(case.municipality_id).filter(
        case=case, ended_at__isnull=True
    ).update(ended_at=now)
    document = None
    if text or files:
        document = register_document(
            case,
            direction=Direction.INCOMING,
            subject=_("The client's missing information")
            if case.status == CaseStatus.WAITING
            else _("Document received during the suspension"),
            text=text,
            correspondent=case.client_name,
            files=files,
            user=user,
            actor=actor,
        )
    case.status = CaseStatus.IN_PROGRESS
    _refresh_deadline(case)
    _save(case, "status", *DEADLINE_FIELDS)
    auditing.record(
        AuditAction.RESUME,
        municipality_id=case.municipality_id,
        user=user,
        actor=actor,
        case=case,
        detail=deadline_note(case),
    )
    return document


def _conclude(case, moment):
    """Record when the authority concluded and whether it was late (Ákr. 51. §)."""
    if case.decided_at is not None:
        return
    case.decided_at = moment
    # Local dates: a decision at 23:59:59 on the due date is on time (deadlines.is_late).
    case.decided_late = concluded_late(case, moment)
    case.late_refund = late_refund(case) if case.decided_late else None


def require_decidable(case):
    """Refuse (DocumentsError) a case that cannot be decided now, before a decision is
    drawn for it."""
    _require(
        case,
        [CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS],
        _(
            "Only an assigned case in progress can be decided (a waiting case needs the "
            "client's answer first)."
        ),
    )


@transaction.atomic
def decide(case, *, subject, text, files=(), user=None, actor=None):
    require_decidable(case)
    document = _outgoing(case, subject, text, files, user, actor, is_decision=True)
    _conclude(case, document.registered_at)
    case.status = CaseStatus.DECIDED
    _save(case, "status", "decided_at", "decided_late", "late_refund")
    detail = document.registry_number
    if case.decided_late:
        detail += " – " + _("late; owed to the client: %(amount)s Ft") % {
            "amount": format_number(case.late_refund or 0)
        }
    auditing.record(
        AuditAction.DECIDE,
        municipality_id=case.municipality_id,
        user=user,
        actor=actor,
        case=case,
        document=document,
        detail=detail,
    )
    return document


@transaction.atomic
def close(case, *, note="", user=None, actor=None):
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
        actor=actor,
        case=case,
        detail=note,
    )


def retention_end(closed_year, years):
    """The last day of retention: counted in whole years from 1 January after closing."""
    import datetime

    if years is None:
        return None
    return datetime.date(closed_year + years, 12, 31)
