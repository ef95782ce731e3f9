"""The SLA clock of a ticket, counted on Hungarian working days.

A ticket's budget is a number of working days per priority (``data/helpdesk/sla.json``,
the provider's contract: data, not law). The clock counts the working time the ticket
spends with the provider: a working day of the registry's calendar (``data/calendar``:
holidays, rest days and the Saturdays worked in their place) counts whole, any other day
not at all. It is paused while the provider waits for the municipality's answer and
stopped when the ticket is resolved (``services/helpdesk/services/tickets.py`` moves it)."""

import datetime
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from services.documents.services import default_calendar

DAY = 24 * 3600


def sla_file():
    return Path(
        getattr(settings, "HELPDESK_SLA_FILE", "")
        or settings.BASE_DIR / "data" / "helpdesk" / "sla.json"
    )


@lru_cache(maxsize=8)
def _budgets(path, modified):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {name: int(entry["working_days"]) for name, entry in data["priorities"].items()}


def budget_days(priority):
    """Working days the provider has for a ticket of this priority (re-read when the file
    changes, so a new contract needs no restart)."""
    path = sla_file()
    return _budgets(str(path), path.stat().st_mtime_ns)[priority]


def _local(moment):
    return timezone.localtime(moment)


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def working_seconds(start, end, calendar=None):
    """Seconds between two moments that fall on working days (local time)."""
    if end <= start:
        return 0
    calendar = calendar or default_calendar()
    total = 0
    day = _local(start).date()
    last = _local(end).date()
    while day <= last:
        if calendar.is_working_day(day):
            begin = max(start, _midnight(day))
            finish = min(end, _midnight(day + datetime.timedelta(days=1)))
            if finish > begin:
                total += int((finish - begin).total_seconds())
        day += datetime.timedelta(days=1)
    return total


def add_working_seconds(start, seconds, calendar=None):
    """The moment ``seconds`` of working time after ``start``."""
    calendar = calendar or default_calendar()
    moment = start
    left = seconds
    # A ticket's budget is a few working days: the walk is a few dozen days at most.
    for _day in range(3660):
        day = _local(moment).date()
        day_end = _midnight(day + datetime.timedelta(days=1))
        if calendar.is_working_day(day):
            available = int((day_end - moment).total_seconds())
            if left <= available:
                return moment + datetime.timedelta(seconds=left)
            left -= available
        moment = day_end
    raise ValueError("SLA budget beyond ten years")


@dataclass(frozen=True)
class SlaState:
    budget_seconds: int
    used_seconds: int
    running: bool
    stopped: bool  # resolved: the clock no longer counts
    due_at: object  # when it runs out if it keeps running (None while paused or stopped)

    @property
    def remaining_seconds(self):
        return self.budget_seconds - self.used_seconds

    @property
    def breached(self):
        return self.used_seconds > self.budget_seconds

    @property
    def paused(self):
        return not self.running and not self.stopped

    @property
    def used_percent(self):
        return (
            min(100, round(100 * self.used_seconds / self.budget_seconds))
            if self.budget_seconds
            else 100
        )

    @property
    def remaining_working_hours(self):
        return round(self.remaining_seconds / 3600, 1)


def state(ticket, now=None, calendar=None):
    """Where the ticket's clock stands now."""
    from .constants import Status

    now = now or timezone.now()
    calendar = calendar or default_calendar()
    budget = budget_days(ticket.priority) * DAY
    used = ticket.sla_used_seconds
    running = ticket.clock_since is not None
    if running:
        used += working_seconds(ticket.clock_since, now, calendar)
    due = None
    if running and used <= budget:
        due = add_working_seconds(now, budget - used, calendar)
    return SlaState(budget, used, running, ticket.status == Status.RESOLVED, due)
