"""A case's deadline: computed from its procedure rule (``..deadlines``), its arrival and
the pauses that stop its clock (waiting for the client's missing information, suspension).

Lateness is asked here, in Python (:func:`is_late`) and in the database
(:func:`late_filter`, :func:`due_soon_filter`), and both forms come from the rule's own
test (``deadlines.is_late`` / ``late_cutoffs``): the case list, its late counter and
filter, the "refund at risk" warning, the citizen's page and the decision all read it
from here, so "late" means one thing everywhere."""

import datetime

from django.db.models import Q
from django.utils import timezone

from ..calendar import default_calendar
from ..constants import OPEN_STATUSES
from ..deadlines import (
    Pause,
    _end_of_day,
    _local_date,
    case_is_late,
    get_rule,
    late_cutoffs,
    pause_stops_the_clock,
)
from ..deadlines import is_late as _rule_is_late
from ..models import CasePause


def pauses_of(case):
    """The case's pauses that stop its clock (the others count into the deadline)."""
    return [
        Pause(p.started_at, p.ended_at, p.kind)
        for p in CasePause.objects.for_municipality(case.municipality_id).filter(case=case)
        if pause_stops_the_clock(p.kind, case.initiated_by_request)
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
    """Recompute the visible deadline at once: when a pause starts (it becomes paused) and
    when it ends (it comes back pushed by the paused days). The caller saves the fields."""
    deadline = compute_deadline(case)
    case.deadline_at = deadline.due_at
    case.deadline_provisional = deadline.provisional
    case.deadline_paused = deadline.paused


DEADLINE_FIELDS = ("deadline_at", "deadline_provisional", "deadline_paused")


is_late = case_is_late


def concluded_late(case, moment):
    """Was the case concluded late at ``moment`` (Ákr. 51. §)?"""
    return _rule_is_late(case.procedure_rule, case.deadline_at, moment)


def late_filter(now=None):
    """The open cases late at ``now``, as a filter: the database form of :func:`is_late`."""
    by_rule = Q()
    for cutoff, names in late_cutoffs(now).items():
        by_rule |= Q(procedure_rule__in=names, deadline_at__lt=cutoff)
    return Q(status__in=OPEN_STATUSES, deadline_paused=False, deadline_at__isnull=False) & by_rule


def due_soon_end(days, now=None):
    """The end of the last day that counts as "due soon": today and the next ``days``."""
    now = now or timezone.now()
    return _end_of_day(_local_date(now) + datetime.timedelta(days=days))


def due_soon_filter(days, now=None):
    """Open cases not late yet whose deadline falls on today or the next ``days`` days."""
    now = now or timezone.now()
    return Q(
        status__in=OPEN_STATUSES, deadline_paused=False, deadline_at__lte=due_soon_end(days, now)
    ) & ~late_filter(now)


def late_refund(case):
    """Forints owed to the client if the case were concluded now (None: nothing owed)."""
    if not case.initiated_by_request:
        return None
    return get_rule(case.procedure_rule).late_refund(case.fee)
