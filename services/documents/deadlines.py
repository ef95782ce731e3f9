"""Statutory deadlines: one rule per procedure kind, in a registry, chosen per case type.

The General Administrative Procedure Act (Ákr. 50. §) gives 24 hours for an automatic
decision, 8 days for a summary procedure and 60 days for a full procedure; the clock starts
the day after the case was received, a deadline ending on a non-working day moves to the
next working day, and time spent suspended or waiting for the client's missing information
does not count. Tax cases follow the tax procedure act (Art.) instead, so the rule is a
property of the case type, not of the platform. A municipality may set the number of days
per case type where a special law says otherwise.

Pauses are counted in whole calendar days: the day the request goes out still counts, the
days from then until the day the answer arrives do not (an answer on the same day costs
nothing) — how the first and last day of a pause count is not confirmed against the law's
text (the government's Ákr. guidance on it was not readable here). While a pause that
stops the clock is open the deadline has no date at all: it is *paused* (open-ended), and
no case is late while paused; when the pause ends the deadline comes back pushed by the
paused days. Which pauses stop the clock — waiting for missing information, suspension,
stay; in a procedure started on request or ex officio — is data with its sources
(``settings.DOCUMENTS_DEADLINE_PAUSES``, Ákr. 50. § (5) and 103. § (3)).

"Late" is decided here and only here (:func:`is_late`, :func:`case_is_late` and their
database form :func:`late_cutoffs`): a deadline counted in days ends with its last day in
Budapest, so a decision at 23:59:59 local time on the due date is on time and one a second
after midnight is late, whatever the DST offset; a deadline counted in hours (automatic
decision) ends at its instant."""

import datetime
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.registry import Registry

from .calendar import default_calendar
from .constants import OPEN_STATUSES

deadline_rules = Registry("deadline rules")


@dataclass(frozen=True)
class Pause:
    started_at: datetime.datetime
    ended_at: datetime.datetime | None = None
    kind: str = "missing_information"

    @property
    def is_open(self):
        return self.ended_at is None


@dataclass(frozen=True)
class Deadline:
    due_at: datetime.datetime | None
    provisional: bool = False
    # A pause that stops the clock is open: the deadline has no date until it ends.
    paused: bool = False

    @property
    def due_date(self):
        return _local_date(self.due_at) if self.due_at else None


def _zone():
    # The law's days are Hungarian days: the default time zone (Europe/Budapest), never
    # whichever zone a request may have activated.
    return timezone.get_default_timezone()


def _local_date(moment):
    return timezone.localtime(moment, _zone()).date()


def _start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()), _zone())


def _end_of_day(day):
    moment = datetime.datetime.combine(day, datetime.time(23, 59, 59))
    return timezone.make_aware(moment, _zone())


@lru_cache(maxsize=4)
def _pause_rules(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))["kinds"]


def pause_rules():
    """The pause kinds of ``settings.DOCUMENTS_DEADLINE_PAUSES``, each with the procedures
    in which it stops the clock and its source."""
    return _pause_rules(str(settings.DOCUMENTS_DEADLINE_PAUSES))


def pause_stops_the_clock(kind, initiated_by_request=True):
    """Whether a pause of this kind does not count into the deadline (Ákr. 50. § (5) in a
    procedure started on request, 103. § (3) ex officio). An unknown kind stops nothing:
    the deadline is never extended on a guess."""
    rule = pause_rules().get(kind)
    if rule is None:
        return False
    return bool(rule["stops_the_clock"]["request" if initiated_by_request else "ex_officio"])


def paused_days(pauses, now):
    total = 0
    for pause in pauses:
        end = pause.ended_at or now
        total += max(0, (_local_date(end) - _local_date(pause.started_at)).days)
    return total


class DeadlineRule:
    """Override ``compute`` for another way of counting, ``late_refund`` for another
    consequence of a late decision."""

    name = ""
    label = ""
    days = None
    legal_basis = ""

    def compute(self, received_at, pauses=(), days=None, calendar=None, now=None):
        """The deadline given the pauses that stop the clock (the caller leaves out the
        ones that do not, see :func:`pause_stops_the_clock`)."""
        days = self.days if days is None else days
        if days is None:
            return Deadline(None)
        if any(pause.is_open for pause in pauses):
            return Deadline(None, paused=True)
        calendar = calendar or default_calendar()
        now = now or timezone.now()
        start = _local_date(received_at)
        last = start + datetime.timedelta(days=days + paused_days(pauses, now))
        due = calendar.next_working_day(last)
        return Deadline(_end_of_day(due), provisional=calendar.is_provisional(start, due))

    def is_late(self, due_at, moment):
        """Whether something done at ``moment`` misses a deadline ending ``due_at``: the
        last day counts whole, in Budapest (local dates, not instants)."""
        return due_at is not None and _local_date(moment) > _local_date(due_at)

    def late_cutoff(self, now):
        """The instant a deadline must be before to be missed at ``now`` — the database's
        form of :meth:`is_late` (``deadline_at < late_cutoff(now)``): the start of today."""
        return _start_of_day(_local_date(now))

    def late_refund(self, fee):
        """What the authority owes the client for a late decision, in forints (None: the
        rule gives no refund)."""
        return None


class AkrRule(DeadlineRule):
    legal_basis = _("Ákr. 50. § and 51. §")

    def late_refund(self, fee):
        # Ákr. 51. §: the procedure fee, or a fixed sum where there was none.
        return fee if fee else settings.DOCUMENTS_LATE_DECISION_FIXED_SUM


@deadline_rules.register("automatic")
class AutomaticDecision(AkrRule):
    label = _("Automatic decision (24 hours)")
    hours = 24

    def compute(self, received_at, pauses=(), days=None, calendar=None, now=None):
        # Counted in hours from receipt; a pause adds its whole length.
        if any(pause.is_open for pause in pauses):
            return Deadline(None, paused=True)
        paused = sum((p.ended_at - p.started_at for p in pauses), datetime.timedelta())
        hours = self.hours if days is None else days * 24
        return Deadline(received_at + datetime.timedelta(hours=hours) + paused)

    # Hours end at an instant, not with a day.
    def is_late(self, due_at, moment):
        return due_at is not None and moment > due_at

    def late_cutoff(self, now):
        return now


@deadline_rules.register("summary")
class SummaryProcedure(AkrRule):
    label = _("Summary procedure (8 days)")
    days = 8


@deadline_rules.register("full")
class FullProcedure(AkrRule):
    label = _("Full procedure (60 days)")
    days = 60


@deadline_rules.register("tax")
class TaxProcedure(DeadlineRule):
    """Tax cases follow the tax procedure rules (Air., Act CLI of 2017), not the Ákr.: 50. §
    (2) gives 30 days from the day after the request arrives, which the head of the tax
    authority may extend once by 30 days; the Ákr.'s refund does not apply. A case type may
    set its own number of days where a tax law says otherwise."""

    label = _("Tax procedure (30 days)")
    days = 30
    legal_basis = _("Air. (Act CLI of 2017) 50. § (2)")


@deadline_rules.register("complaint")
class Complaint(DeadlineRule):
    """Complaints and public-interest notices (Act CLXV of 2013): 30 days, no refund."""

    label = _("Complaint or public-interest notice (30 days)")
    days = 30
    legal_basis = _("Act CLXV of 2013")


@deadline_rules.register("data_request")
class PublicDataRequest(DeadlineRule):
    """A request for public-interest data (Infotv., Act CXII of 2011, 29. § (1)): as soon
    as possible, within 15 days of receipt at the latest; 29. § (2) lets a request of a
    large volume be extended once by 15 days (the officer sets the case's own deadline).
    The act counts days, not working days; the move of a deadline ending on a non-working
    day to the next working day is the platform's general rule here, unconfirmed for this
    act. No refund: the Ákr. does not apply."""

    label = _("Public-interest data request (15 days)")
    days = 15
    legal_basis = _("Infotv. (Act CXII of 2011) 29. §")


@deadline_rules.register("none")
class NoDeadline(DeadlineRule):
    label = _("No statutory deadline")


def rule_choices():
    return [(name, rule.label) for name, rule in deadline_rules.items()]


def get_rule(name):
    rule = deadline_rules.get(name) or deadline_rules["none"]
    return rule()


def is_late(rule_name, due_at, moment=None):
    """The one test of lateness: done (or still undone) at ``moment``, is a case with this
    rule and deadline late? A paused deadline (``due_at`` None) is never late."""
    return get_rule(rule_name).is_late(due_at, moment or timezone.now())


def case_is_late(case, moment=None):
    """Is the open case late at ``moment`` (now)? Never while its deadline is paused."""
    return bool(
        case.status in OPEN_STATUSES
        and not case.deadline_paused
        and is_late(case.procedure_rule, case.deadline_at, moment)
    )


def late_cutoffs(now=None):
    """For the database: ``{cutoff: [rule names]}`` — a case is late at ``now`` when its
    ``deadline_at`` is before the cutoff of its rule (see :meth:`DeadlineRule.late_cutoff`)."""
    now = now or timezone.now()
    groups = {}
    for name in deadline_rules.names():
        groups.setdefault(get_rule(name).late_cutoff(now), []).append(name)
    return groups
