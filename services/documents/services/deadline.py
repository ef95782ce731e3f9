"""A case's deadline: computed from its procedure rule (``..deadlines``), its arrival and
the pauses while the client was asked for missing information."""

from ..calendar import default_calendar
from ..deadlines import Pause, get_rule
from ..models import CasePause


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
