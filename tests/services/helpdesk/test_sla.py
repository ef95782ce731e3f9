"""The helpdesk's SLA clock on Hungarian working days: weekends, public holidays and rest
days do not count, a Saturday worked in their place does; the clock pauses while the
provider waits for the municipality, stops when resolved and runs on when reopened."""

import datetime
import json

import pytest
from django.utils import timezone

from services.helpdesk import services as helpdesk
from services.helpdesk.constants import Priority, Status
from services.helpdesk.sla import add_working_seconds, budget_days, working_seconds
from sites.actor import Actor
from sites.constants import StaffRole

HOUR = 3600


def at(day, hour=0, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        # Friday afternoon to Monday morning: the weekend does not count.
        (at(D(2026, 11, 27), 15), at(D(2026, 11, 30), 9), 9 + 9),
        # 1 May (a Friday) is a public holiday.
        (at(D(2026, 4, 30), 12), at(D(2026, 5, 4), 12), 12 + 12),
        # 21 August 2026 is a rest day, worked on Saturday 8 August instead.
        (at(D(2026, 8, 7)), at(D(2026, 8, 10)), 48),
        (at(D(2026, 8, 20)), at(D(2026, 8, 24)), 0),
        # Christmas: 24 (rest day), 25 and 26 December.
        (at(D(2026, 12, 23), 12), at(D(2026, 12, 28), 12), 12 + 12),
        (at(D(2026, 11, 30), 9), at(D(2026, 11, 30), 8), 0),
    ],
)
def test_working_time_between_two_moments(start, end, hours):
    assert working_seconds(start, end) == hours * HOUR


def test_the_due_moment_skips_weekends_and_holidays():
    # five working days from Friday 10:00 end on the next Friday 10:00
    assert add_working_seconds(at(D(2026, 11, 27), 10), 5 * 24 * HOUR) == at(D(2026, 12, 4), 10)
    # one working day from 23 December noon ends on 28 December noon
    assert add_working_seconds(at(D(2026, 12, 23), 12), 24 * HOUR) == at(D(2026, 12, 28), 12)


def test_the_budget_per_priority_is_data(settings, tmp_path):
    assert budget_days(Priority.URGENT) == 1
    assert budget_days(Priority.NORMAL) == 5
    other = tmp_path / "sla.json"
    other.write_text(json.dumps({"priorities": {p: {"working_days": 3} for p in Priority.values}}))
    settings.HELPDESK_SLA_FILE = str(other)
    assert budget_days(Priority.URGENT) == 3


@pytest.fixture
def ticket_of_a(municipality_a, make_staff):
    editor = make_staff(municipality_a, StaffRole.EDITOR, username="szerkeszto_sla")
    actor = Actor(user=editor, municipality=municipality_a)
    # Monday 9:00
    return actor, helpdesk.open_ticket(
        municipality_a,
        actor=actor,
        subject="Hiba",
        category="website",
        description="Leírás",
        now=at(D(2026, 11, 23), 9),
    )


@pytest.mark.django_db
def test_the_clock_pauses_while_waiting_for_the_municipality(ticket_of_a, operator):
    staff, ticket = ticket_of_a
    provider = Actor(user=operator)
    # given the provider answered after a day and asked something (Tuesday 9:00)
    helpdesk.answer(
        ticket, actor=provider, body="Kérdés", status=Status.WAITING, now=at(D(2026, 11, 24), 9)
    )
    ticket.refresh_from_db()
    paused = helpdesk.sla_state(ticket, now=at(D(2026, 11, 26), 9))
    assert paused.paused and paused.used_seconds == 24 * HOUR and paused.due_at is None
    # when the municipality answers two days later (Thursday 9:00)
    helpdesk.staff_reply(ticket, actor=staff, body="Válasz", now=at(D(2026, 11, 26), 9))
    ticket.refresh_from_db()
    # then the clock runs on from one day used: Friday 9:00 is two days, not four
    state = helpdesk.sla_state(ticket, now=at(D(2026, 11, 27), 9))
    assert ticket.status == Status.OPEN
    assert state.running and state.used_seconds == 48 * HOUR
    # three working days left of five: due Wednesday 9:00 after the weekend
    assert state.due_at == at(D(2026, 12, 2), 9)
    assert not state.breached


@pytest.mark.django_db
def test_resolving_stops_the_clock_and_reopening_runs_it_on(ticket_of_a, operator):
    staff, ticket = ticket_of_a
    helpdesk.answer(
        ticket,
        actor=Actor(user=operator),
        body="Kész",
        status=Status.RESOLVED,
        now=at(D(2026, 11, 23), 15),
    )
    ticket.refresh_from_db()
    later = helpdesk.sla_state(ticket, now=at(D(2026, 12, 20)))
    assert later.stopped and later.used_seconds == 6 * HOUR and not later.breached
    assert ticket.resolved_at == at(D(2026, 11, 23), 15)
    helpdesk.staff_reply(ticket, actor=staff, body="Újra hibás", now=at(D(2026, 12, 1), 9))
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN and ticket.resolved_at is None
    assert helpdesk.sla_state(ticket, now=at(D(2026, 12, 1), 10)).used_seconds == 7 * HOUR


@pytest.mark.django_db
def test_an_urgent_ticket_over_its_working_day_is_breached(ticket_of_a, operator):
    _staff, ticket = ticket_of_a
    helpdesk.set_priority(
        ticket, actor=Actor(user=operator), priority=Priority.URGENT, now=at(D(2026, 11, 23), 9)
    )
    ticket.refresh_from_db()
    assert not helpdesk.sla_state(ticket, now=at(D(2026, 11, 24), 8)).breached
    assert helpdesk.sla_state(ticket, now=at(D(2026, 11, 24), 10)).breached
    # the queue counts it
    assert helpdesk.helpdesk_load(now=at(D(2026, 11, 24), 10))["breached"] == 1
