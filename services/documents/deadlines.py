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
nothing). A pause still open is counted up to today, so the projected deadline moves on
while the officer waits."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.registry import Registry

from .calendar import default_calendar

deadline_rules = Registry("deadline rules")


@dataclass(frozen=True)
class Pause:
    started_at: datetime.datetime
    ended_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Deadline:
    due_at: datetime.datetime | None
    provisional: bool = False

    @property
    def due_date(self):
        return timezone.localtime(self.due_at).date() if self.due_at else None


def _local_date(moment):
    return timezone.localtime(moment).date()


def _end_of_day(day):
    moment = datetime.datetime.combine(day, datetime.time(23, 59, 59))
    return timezone.make_aware(moment, timezone.get_default_timezone())


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
        days = self.days if days is None else days
        if days is None:
            return Deadline(None)
        calendar = calendar or default_calendar()
        now = now or timezone.now()
        start = _local_date(received_at)
        last = start + datetime.timedelta(days=days + paused_days(pauses, now))
        due = calendar.next_working_day(last)
        return Deadline(_end_of_day(due), provisional=calendar.is_provisional(start, due))

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
        now = now or timezone.now()
        paused = sum(((p.ended_at or now) - p.started_at for p in pauses), datetime.timedelta())
        hours = self.hours if days is None else days * 24
        return Deadline(received_at + datetime.timedelta(hours=hours) + paused)


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


@deadline_rules.register("none")
class NoDeadline(DeadlineRule):
    label = _("No statutory deadline")


def rule_choices():
    return [(name, rule.label) for name, rule in deadline_rules.items()]


def get_rule(name):
    rule = deadline_rules.get(name) or deadline_rules["none"]
    return rule()
