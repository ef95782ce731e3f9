"""Statutory deadlines across holidays, rest-day swaps and pauses (Ákr. 50. §)."""

import datetime
import json
import logging

import pytest
from django.conf import settings
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from services.documents.calendar import (
    WorkingCalendar,
    easter_sunday,
    parse_year_file,
    statutory_holidays,
)
from services.documents.constants import PauseKind
from services.documents.deadlines import (
    Pause,
    deadline_rules,
    get_rule,
    is_late,
    late_cutoffs,
    pause_rules,
    pause_stops_the_clock,
)

CALENDAR = WorkingCalendar()
TZ = timezone.get_default_timezone()


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)), TZ)


def due(rule, received, pauses=(), days=None, calendar=CALENDAR):
    return get_rule(rule).compute(at(received), pauses, days=days, calendar=calendar).due_date


D = datetime.date


@pytest.mark.parametrize(
    "rule, received, expected, why",
    [
        ("full", D(2026, 1, 5), D(2026, 3, 6), "60 days end on a Friday"),
        ("summary", D(2026, 8, 13), D(2026, 8, 24), "Aug 21 2026 is a bridge rest day"),
        ("summary", D(2026, 7, 31), D(2026, 8, 8), "Saturday Aug 8 2026 is a working day"),
        ("summary", D(2026, 3, 26), D(2026, 4, 7), "Good Friday, weekend, Easter Monday"),
        ("summary", D(2026, 3, 7), D(2026, 3, 16), "15 March falls on a Sunday"),
        ("summary", D(2025, 10, 16), D(2025, 10, 27), "Oct 24 2025 is a bridge rest day"),
        ("summary", D(2025, 10, 10), D(2025, 10, 18), "Saturday Oct 18 2025 is a working day"),
        ("summary", D(2025, 12, 16), D(2025, 12, 29), "24-26 Dec and a weekend"),
        ("summary", D(2025, 12, 5), D(2025, 12, 13), "Saturday Dec 13 2025 is a working day"),
        ("full", D(2025, 4, 21), D(2025, 6, 20), "received on Easter Monday, counted anyway"),
        ("tax", D(2026, 5, 1), D(2026, 6, 1), "30 days to May 31, a Sunday"),
    ],
)
def test_deadline_examples(rule, received, expected, why):
    assert due(rule, received) == expected, why


def test_the_clock_starts_the_day_after_receipt_whatever_the_hour():
    early = get_rule("summary").compute(at(D(2026, 2, 2), 0), calendar=CALENDAR)
    late = get_rule("summary").compute(at(D(2026, 2, 2), 23), calendar=CALENDAR)
    assert early.due_date == late.due_date == D(2026, 2, 10)
    assert timezone.localtime(early.due_at).time() == datetime.time(23, 59, 59)


def test_waiting_for_the_client_does_not_count():
    received = D(2026, 1, 5)
    pause = Pause(at(D(2026, 1, 10)), at(D(2026, 1, 20)))
    assert due("full", received, [pause]) == D(2026, 3, 16)
    # two pauses add up; an answer on the day of the request costs nothing
    same_day = Pause(at(D(2026, 2, 2), 9), at(D(2026, 2, 2), 15))
    second = Pause(at(D(2026, 2, 10)), at(D(2026, 2, 13)))
    assert due("full", received, [pause, same_day, second]) == D(2026, 3, 19)


def test_an_open_pause_leaves_the_deadline_paused_and_its_end_pushes_it():
    received = at(D(2026, 1, 5))
    rule = get_rule("summary")
    running = rule.compute(received, calendar=CALENDAR)
    assert running.due_date == D(2026, 1, 13) and not running.paused
    # from the moment the request goes out the deadline has no date: it is paused
    open_pause = Pause(at(D(2026, 1, 10)))
    paused = rule.compute(received, [open_pause], calendar=CALENDAR, now=at(D(2026, 1, 20)))
    assert paused.paused and paused.due_at is None and paused.due_date is None
    # the answer on Jan 15: five paused days push Jan 13 to Jan 18, a Sunday, so Jan 19
    answered = Pause(open_pause.started_at, at(D(2026, 1, 15)))
    pushed = rule.compute(received, [answered], calendar=CALENDAR)
    assert pushed.due_date == D(2026, 1, 19) and not pushed.paused
    # the automatic decision pauses the same way
    automatic = get_rule("automatic").compute(received, [open_pause], calendar=CALENDAR)
    assert automatic.paused and automatic.due_at is None


def test_a_case_type_can_set_its_own_number_of_days():
    assert due("full", D(2026, 1, 5), days=15) == D(2026, 1, 20)


def test_automatic_decision_is_24_hours_plus_pauses():
    received = at(D(2026, 4, 3), 14)  # Good Friday: hours run regardless
    result = get_rule("automatic").compute(received, calendar=CALENDAR)
    assert result.due_at == received + datetime.timedelta(hours=24)
    pause = Pause(received + datetime.timedelta(hours=2), received + datetime.timedelta(hours=5))
    paused = get_rule("automatic").compute(received, [pause], calendar=CALENDAR)
    assert paused.due_at == received + datetime.timedelta(hours=27)


def test_no_deadline_rule_gives_none():
    assert get_rule("none").compute(at(D(2026, 1, 5)), calendar=CALENDAR).due_at is None


def test_a_year_without_data_is_a_logged_provisional_fallback(tmp_path, caplog):
    calendar = WorkingCalendar(tmp_path)
    with caplog.at_level(logging.WARNING, logger="services.documents.calendar"):
        result = get_rule("summary").compute(at(D(2031, 12, 17)), calendar=calendar)
    assert result.provisional
    assert "2031" in caplog.text
    # the statutory holidays still hold: 25-26 Dec, then the weekend
    assert result.due_date == D(2031, 12, 29)


def test_published_years_are_not_provisional_and_2027_is():
    assert not get_rule("summary").compute(at(D(2026, 3, 2)), calendar=CALENDAR).provisional
    assert get_rule("full").compute(at(D(2026, 12, 1)), calendar=CALENDAR).provisional


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_calendar_files_are_consistent(year):
    path = settings.BASE_DIR / "data" / "calendar" / f"hu-{year}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    calendar = parse_year_file(path)
    assert data["sources"]
    # every statutory holiday is a rest day of the file
    assert statutory_holidays(year) <= calendar.rest_days
    # swaps: a weekday rest day for each Saturday worked
    swapped = {D.fromisoformat(r["date"]) for r in data["rest_days"]}
    assert all(day.weekday() < 5 for day in swapped)
    assert all(day.weekday() == 5 for day in calendar.working_days)
    assert len(swapped) == len(calendar.working_days)


def test_easter():
    assert [easter_sunday(y) for y in (2025, 2026, 2027)] == [
        D(2025, 4, 20),
        D(2026, 4, 5),
        D(2027, 3, 28),
    ]


def test_late_refund_is_the_fee_or_the_fixed_sum_and_not_for_tax():
    assert get_rule("full").late_refund(3000) == 3000
    assert get_rule("summary").late_refund(0) == settings.DOCUMENTS_LATE_DECISION_FIXED_SUM == 10000
    assert get_rule("tax").late_refund(5000) is None


def test_every_schedule_rule_is_registered():
    data = json.loads((settings.BASE_DIR / "data" / "retention_schedule.json").read_text())
    assert {item["procedure_rule"] for item in data["items"]} <= set(deadline_rules.names())


# -- which pauses stop the clock (data with sources, Ákr. 50. § (5), 103. § (3))


def test_every_pause_kind_has_a_rule_with_a_source():
    rules = pause_rules()
    assert set(rules) == set(PauseKind.values)
    data = json.loads(settings.DOCUMENTS_DEADLINE_PAUSES.read_text(encoding="utf-8"))
    assert data["sources"] and all("Ákr." in source for source in data["sources"])
    assert all(rule["note"] for rule in rules.values())


@pytest.mark.parametrize(
    "kind, on_request, ex_officio",
    [
        ("missing_information", True, False),
        ("suspension", True, True),
        ("stay", True, False),
        ("not_a_kind", False, False),  # never extended on a guess
    ],
)
def test_which_pauses_stop_the_clock(kind, on_request, ex_officio):
    assert pause_stops_the_clock(kind, initiated_by_request=True) is on_request
    assert pause_stops_the_clock(kind, initiated_by_request=False) is ex_officio


# -- "late": local dates in Budapest, also across DST

UTC = datetime.UTC


def utc(*parts):
    return datetime.datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    "due_on, on_time, late, why",
    [
        # winter time (UTC+1): the due day ends at 22:59:59 UTC
        (D(2026, 2, 10), utc(2026, 2, 10, 22, 59, 59, 999999), utc(2026, 2, 10, 23, 0, 1), "CET"),
        # summer time (UTC+2), the day after the clocks went forward (Sunday Mar 29, 2026)
        (D(2026, 3, 30), utc(2026, 3, 30, 21, 59, 59), utc(2026, 3, 30, 22, 0, 1), "CEST"),
        # the day after the clocks went back (Sunday Oct 25, 2026): UTC+1 again
        (D(2026, 10, 26), utc(2026, 10, 26, 22, 59, 59), utc(2026, 10, 26, 23, 0, 1), "CET"),
    ],
)
def test_the_last_second_of_the_due_day_is_on_time_and_the_next_day_is_late(
    due_on, on_time, late, why
):
    deadline = get_rule("summary").compute(
        at(due_on - datetime.timedelta(days=8)), calendar=CALENDAR
    )
    assert deadline.due_date == due_on, why
    assert timezone.localtime(on_time).date() == due_on  # 23:59:59 in Budapest
    assert not is_late("summary", deadline.due_at, on_time), why
    assert is_late("summary", deadline.due_at, late), why
    # the database's form agrees (the late counter and filter use it)
    [cutoff] = [c for c, names in late_cutoffs(on_time).items() if "summary" in names]
    assert not deadline.due_at < cutoff
    [cutoff] = [c for c, names in late_cutoffs(late).items() if "summary" in names]
    assert deadline.due_at < cutoff


def test_a_pause_across_the_dst_change_still_ends_the_deadline_at_local_midnight():
    received = at(D(2026, 3, 20))
    pause = Pause(at(D(2026, 3, 27)), at(D(2026, 3, 31)))  # over Sunday Mar 29
    deadline = get_rule("summary").compute(received, [pause], calendar=CALENDAR)
    assert deadline.due_date == D(2026, 4, 1)  # Mar 28 + 4 paused days
    assert timezone.localtime(deadline.due_at).time() == datetime.time(23, 59, 59)
    assert deadline.due_at.utcoffset() == datetime.timedelta(hours=2)


def test_hours_end_at_their_instant():
    received = at(D(2026, 2, 2), 14)
    due_at = get_rule("automatic").compute(received, calendar=CALENDAR).due_at
    assert not is_late("automatic", due_at, due_at)
    assert is_late("automatic", due_at, due_at + datetime.timedelta(seconds=1))
    assert not is_late("summary", None, received)  # a paused or absent deadline is never late


# -- properties

days_in_data = st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 10, 1))
day_rules = st.sampled_from(["summary", "full", "tax", "complaint"])


@st.composite
def pauses(draw, received):
    result, cursor = [], received
    for _ in range(draw(st.integers(0, 3))):
        start = cursor + datetime.timedelta(days=draw(st.integers(0, 20)))
        end = start + datetime.timedelta(days=draw(st.integers(0, 30)))
        result.append(Pause(at(start), at(end)))
        cursor = end
    return result


@hypothesis_settings(max_examples=300, deadline=None)
@given(data=st.data(), received=days_in_data, rule=day_rules)
def test_the_deadline_is_the_first_working_day_after_the_counted_days(data, received, rule):
    chosen = data.draw(pauses(received))
    result = due(rule, received, chosen)
    counted = get_rule(rule).days + sum((p.ended_at - p.started_at).days for p in chosen)
    earliest = received + datetime.timedelta(days=counted)
    assert result >= earliest
    assert CALENDAR.is_working_day(result)
    day = earliest
    while day < result:
        assert not CALENDAR.is_working_day(day)
        day += datetime.timedelta(days=1)


@hypothesis_settings(max_examples=200, deadline=None)
@given(received=days_in_data, rule=day_rules, extra=st.integers(0, 40))
def test_a_longer_pause_never_brings_the_deadline_earlier(received, rule, extra):
    start = at(received + datetime.timedelta(days=2))
    short = Pause(start, start + datetime.timedelta(days=3))
    longer = Pause(start, start + datetime.timedelta(days=3 + extra))
    assert due(rule, received, [longer]) >= due(rule, received, [short])


moments = st.datetimes(
    min_value=datetime.datetime(2025, 1, 1), max_value=datetime.datetime(2027, 12, 31)
).map(lambda moment: moment.replace(tzinfo=UTC))


@hypothesis_settings(max_examples=300, deadline=None)
@given(due=moments, moment=moments, rule=st.sampled_from(list(deadline_rules.names())))
def test_the_database_form_of_late_is_the_python_form(due, moment, rule):
    """``deadline_at < cutoff`` (the late counter, filter and reports) agrees with
    is_late (the case page, the refund at risk, the decision) at any instant."""
    [cutoff] = [c for c, names in late_cutoffs(moment).items() if rule in names]
    assert (due < cutoff) == is_late(rule, due, moment)
