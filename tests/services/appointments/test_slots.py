"""Free times come from the weekly hours, the working-day calendar, the office's closures,
the matter's duration and what the desks already hold."""

import datetime

import pytest

from services.appointments import services
from services.appointments.models import Closure
from tests.factories.appointments import at, matter, office

from .conftest import DAY, NOW


def times(slots):
    return [f"{s.starts_at.astimezone(at(DAY, 0).tzinfo):%H:%M}" for s in slots]


def test_a_day_is_cut_by_the_duration_within_the_hours(service_a):
    slots = services.free_slots(service_a, DAY, now=NOW)
    # 30 minutes on a 15-minute grid from 8:00; the last one ends at closing time.
    assert times(slots)[:3] == ["08:00", "08:15", "08:30"]
    assert times(slots)[-1] == "11:30"
    assert len(slots) == 15
    assert all(s.ends_at - s.starts_at == datetime.timedelta(minutes=30) for s in slots)


def test_two_periods_a_day_leave_the_lunch_break_out(municipality_a):
    service = matter(office(municipality_a, hours=((8, 12), (13, 16))), minutes=60)
    got = times(services.free_slots(service, DAY, now=NOW))
    assert "11:00" in got and "11:15" not in got and "12:30" not in got
    assert "13:00" in got and got[-1] == "15:00"


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2026, 12, 24),  # a rest day swapped by the decree (data/calendar)
        datetime.date(2026, 12, 25),  # Christmas
        datetime.date(2026, 8, 21),  # bridge day
        datetime.date(2026, 12, 19),  # Saturday
    ],
)
def test_no_slots_on_days_the_calendar_says_are_not_working_days(service_a, day):
    assert services.free_slots(service_a, day, now=at(day - datetime.timedelta(days=7), 9)) == []


def test_a_swapped_working_saturday_has_no_slots_without_saturday_hours(service_a):
    saturday = datetime.date(2026, 12, 12)
    assert services.free_slots(service_a, saturday, now=NOW - datetime.timedelta(days=7)) == []


def test_an_office_closure_empties_the_day(service_a, office_a, municipality_a):
    Closure.objects.create(municipality=municipality_a, office=office_a, date=DAY, reason="Képzés")
    assert services.free_slots(service_a, DAY, now=NOW) == []
    assert services.free_slots(service_a, DAY + datetime.timedelta(days=1), now=NOW)


def test_the_past_the_notice_and_the_horizon_are_not_offered(municipality_a, settings):
    settings.APPOINTMENTS_MIN_NOTICE_MINUTES = 60
    service = matter(office(municipality_a, days=7))
    same_day = services.free_slots(service, DAY, now=at(DAY, 9, 50))
    assert times(same_day)[0] == "11:00"
    assert services.free_slots(service, DAY - datetime.timedelta(days=1), now=at(DAY, 9)) == []
    assert services.free_slots(service, DAY + datetime.timedelta(days=8), now=at(DAY, 9)) == []


def test_a_booked_time_is_taken_on_its_desk_only(municipality_a, actor_a):
    service = matter(office(municipality_a, desks=2))
    services.book(actor_a, service, at(DAY, 9), name="Kiss Anna", email="a@example.hu", now=NOW)
    slots = {s.value: s for s in services.free_slots(service, DAY, now=NOW)}
    assert len(slots["2026-12-15T09:00"].desk_ids) == 1
    # A 30-minute matter at 8:45 would overlap 9:00 on that desk.
    assert len(slots["2026-12-15T08:45"].desk_ids) == 1
    assert len(slots["2026-12-15T09:30"].desk_ids) == 2


def test_blocked_time_is_not_offered(service_a, office_a, actor_a):
    desk = office_a.desks.first()
    services.block(actor_a, desk, at(DAY, 10), at(DAY, 11), reason="Értekezlet")
    got = times(services.free_slots(service_a, DAY, now=NOW))
    assert "09:30" in got and "09:45" not in got and "10:30" not in got and "11:00" in got


def test_an_inactive_desk_or_matter_offers_nothing(service_a, office_a):
    service_a.active = False
    service_a.save()
    assert services.free_slots(service_a, DAY, now=NOW) == []
