"""Deadlines that pause (Ákr. 50. § (5)): a case waiting for the client or suspended is never
late while paused, in the late counter, the lists, the refund at risk and the citizen's
page; when the pause ends the deadline comes back pushed by the paused days; the decision
on the last day of the deadline is on time to the last second."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from services.documents import services
from services.documents.calendar import default_calendar
from services.documents.constants import AuditAction, CaseStatus
from services.documents.deadlines import _end_of_day, case_is_late
from services.documents.models import AuditEvent, Case, CasePause
from services.documents.services.casework import _conclude

from .conftest import new_case

pytestmark = pytest.mark.django_db


def cases_url(municipality):
    return reverse("documents_admin:cases", args=[municipality.pk])


def act(client, case, action, **data):
    return client.post(
        reverse("documents_admin:action", args=[case.municipality_id, case.pk, action]), data
    )


def late_numbers(client, municipality):
    page = client.get(cases_url(municipality), {"deadline": "late"})
    return page.context["counts"]["late"], page.content.decode()


def audit_details(case, action):
    return list(
        AuditEvent.objects.for_municipality(case.municipality_id)
        .filter(case_id=case.pk, action=action)
        .values_list("detail", flat=True)
    )


def asked_days_ago(case, days):
    """The open request went out ``days`` days ago (the case has waited that long)."""
    CasePause.objects.for_municipality(case.municipality_id).filter(
        case=case, ended_at__isnull=True
    ).update(started_at=timezone.now() - datetime.timedelta(days=days))


def test_a_waiting_case_is_not_late_and_its_deadline_is_pushed_when_the_client_answers(
    client, officer_a, municipality_a
):
    # a full procedure (60 days) received 70 days ago, waiting for the client for 30 days
    case = new_case(municipality_a, received_at=timezone.now() - datetime.timedelta(days=70))
    services.assign(case, officer_a)
    original = case.deadline_at
    client.force_login(officer_a)
    act(client, case, "request_info", text="Kérjük a helyszínrajzot.")
    case.refresh_from_db()
    # the deadline is paused at once, with no date, and the change is on the audit trail
    assert case.status == CaseStatus.WAITING
    assert case.deadline_paused and case.deadline_at is None
    assert audit_details(case, AuditAction.REQUEST_INFO) == ["a határidő szünetel"]
    asked_days_ago(case, 30)

    # not late: not counted, not in the late list, no refund at risk, "paused" in the list
    assert not case.is_late
    count, late_page = late_numbers(client, municipality_a)
    assert count == 0 and case.registry_number not in late_page
    listing = client.get(cases_url(municipality_a)).content.decode()
    assert case.registry_number in listing and "szünetel" in listing
    detail = client.get(reverse("documents_admin:case", args=[municipality_a.pk, case.pk]))
    assert detail.context["risk"] is None
    assert "napon lejárt" not in detail.content.decode()
    assert "szünetel, amíg az ügyfélre vár" in detail.content.decode()

    # the client answers: the deadline comes back pushed by the 30 paused days
    act(client, case, "resume", text="Csatolom.")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and not case.deadline_paused
    pushed = timezone.localtime(case.deadline_at).date()
    # The count of 60 days goes on by the 30 paused days, and only then moves to a working
    # day (the original deadline may itself have been moved off a weekend, so "original
    # + 30" is not the rule). A DST change within the pause may shift the local count by
    # a day near midnight.
    received = timezone.localtime(case.received_at).date()
    assert pushed in {
        default_calendar().next_working_day(received + datetime.timedelta(days=60 + paused))
        for paused in (29, 30, 31)
    }
    assert pushed > timezone.localtime(original).date()
    assert pushed >= timezone.localdate()  # 70 - 30 = 40 of 60 days used: not late
    assert not case.is_late
    count, late_page = late_numbers(client, municipality_a)
    assert count == 0 and case.registry_number not in late_page
    listing = client.get(cases_url(municipality_a)).content.decode()
    assert (
        case.deadline_at.astimezone(timezone.get_default_timezone()).strftime("%Y.%m.%d.")
        in listing
    )
    [resumed] = audit_details(case, AuditAction.RESUME)
    assert pushed.isoformat() in resumed


def test_a_case_late_before_the_request_is_late_again_after_the_answer(
    client, officer_a, municipality_a
):
    case = new_case(municipality_a, received_at=timezone.now() - datetime.timedelta(days=90))
    services.assign(case, officer_a)
    client.force_login(officer_a)
    assert late_numbers(client, municipality_a)[0] == 1
    services.request_information(case, text="Kérjük a tervet.", user=officer_a)
    assert late_numbers(client, municipality_a)[0] == 0  # paused: never late while paused
    services.resume(case, text="", user=officer_a)  # answered the same day: nothing gained
    count, late_page = late_numbers(client, municipality_a)
    assert count == 1 and case.registry_number in late_page
    detail = client.get(reverse("documents_admin:case", args=[municipality_a.pk, case.pk]))
    assert detail.context["risk"] == 10000


def test_suspension_pauses_the_deadline_and_is_recorded(client, officer_a, municipality_a):
    case = new_case(municipality_a, received_at=timezone.now() - datetime.timedelta(days=90))
    services.assign(case, officer_a)
    client.force_login(officer_a)
    response = act(client, case, "suspend", reason="Előkérdés a bíróság előtt")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUSPENDED and case.deadline_paused
    assert not case.is_late and late_numbers(client, municipality_a)[0] == 0
    [detail] = audit_details(case, AuditAction.SUSPEND)
    assert "Előkérdés a bíróság előtt" in detail and "szünetel" in detail
    pause = CasePause.objects.for_municipality(municipality_a).get(case=case)
    assert pause.kind == "suspension"
    # deciding or closing a suspended case is refused; resuming ends the pause
    with pytest.raises(services.DocumentsError):
        services.require_decidable(case)
    CasePause.objects.for_municipality(municipality_a).filter(pk=pause.pk).update(
        started_at=timezone.now() - datetime.timedelta(days=45)
    )
    act(client, case, "resume")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and not case.deadline_paused
    assert not case.is_late  # 90 - 45 = 45 of 60 days used
    assert audit_details(case, AuditAction.RESUME)


def test_a_suspension_without_a_reason_is_refused_in_hungarian(client, officer_a, case_a):
    services.assign(case_a, officer_a)
    client.force_login(officer_a)
    page = client.get(reverse("documents_admin:case", args=[case_a.municipality_id, case_a.pk]))
    assert "Az eljárás felfüggesztése" in page.content.decode()
    response = act(client, case_a, "suspend", reason="  ")
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    assert "A felfüggesztés oka" in shown  # the field named in the error
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.ASSIGNED and not case_a.deadline_paused
    assert not audit_details(case_a, AuditAction.SUSPEND)
    with pytest.raises(services.DocumentsError, match="felfüggesztés okát"):
        services.suspend(case_a, reason=" ", user=officer_a)


def test_the_migration_pauses_the_cases_already_waiting(officer_a, municipality_a):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("services.documents.migrations.0008_deadline_pauses")
    waiting = new_case(municipality_a)
    services.assign(waiting, officer_a)
    services.request_information(waiting, text="Kérjük a rajzot.", user=officer_a)
    running = new_case(municipality_a)
    # as the old code left them: the waiting case kept its deadline
    scoped = Case.objects.for_municipality(municipality_a)
    scoped.filter(pk=waiting.pk).update(deadline_paused=False, deadline_at=running.deadline_at)
    migration.pause_waiting_cases(apps, None)
    waiting.refresh_from_db()
    running.refresh_from_db()
    assert waiting.deadline_paused and waiting.deadline_at is None
    assert not running.deadline_paused and running.deadline_at is not None


def test_ex_officio_the_wait_for_information_counts_into_the_deadline(officer_a, municipality_a):
    # Ákr. 103. § (3): ex officio only a suspension stops the clock
    case = new_case(
        municipality_a,
        received_at=timezone.now() - datetime.timedelta(days=90),
        initiated_by_request=False,
    )
    services.assign(case, officer_a)
    deadline = case.deadline_at
    services.request_information(case, text="Kérjük az adatokat.", user=officer_a)
    case.refresh_from_db()
    assert case.status == CaseStatus.WAITING
    assert not case.deadline_paused and case.deadline_at == deadline
    assert case.is_late
    assert (
        Case.objects.for_municipality(municipality_a)
        .filter(services.late_filter(), pk=case.pk)
        .exists()
    )


def test_the_last_second_of_the_due_day_is_on_time_for_the_decision_and_the_counter(
    officer_a, municipality_a
):
    case = new_case(municipality_a)
    due_on = timezone.localtime(case.deadline_at).date()
    last_second = _end_of_day(due_on) + datetime.timedelta(microseconds=999_999)
    next_day = _end_of_day(due_on) + datetime.timedelta(seconds=2)  # 00:00:01
    late_ones = Case.objects.for_municipality(municipality_a).filter(pk=case.pk)
    assert not case_is_late(case, last_second)
    assert not late_ones.filter(services.late_filter(last_second)).exists()
    assert case_is_late(case, next_day)
    assert late_ones.filter(services.late_filter(next_day)).exists()
    # the decision: recorded on time at 23:59:59.999999, late at 00:00:01
    _conclude(case, last_second)
    assert not case.decided_late and case.late_refund is None
    case.decided_at = None
    _conclude(case, next_day)
    assert case.decided_late and case.late_refund == 10000


def test_due_soon_counts_today_and_the_next_three_days_and_never_a_paused_case(
    client, officer_a, municipality_a
):
    # 60-day rule: received 58 days ago is due within three days (holidays may push it)
    soon = new_case(municipality_a, received_at=timezone.now() - datetime.timedelta(days=58))
    services.assign(soon, officer_a)
    client.force_login(officer_a)
    due_on = timezone.localtime(soon.deadline_at).date()
    page = client.get(cases_url(municipality_a), {"deadline": "due3"})
    expected = due_on <= timezone.localdate() + datetime.timedelta(days=3)
    assert (soon.registry_number in page.content.decode()) is expected
    assert page.context["counts"]["due3"] == int(expected)
    services.request_information(soon, text="Kérjük a rajzot.", user=officer_a)
    page = client.get(cases_url(municipality_a), {"deadline": "due3"})
    assert page.context["counts"]["due3"] == 0


def test_the_citizen_sees_the_paused_then_the_pushed_deadline(client, officer_a, municipality_a):
    from tests.portal.affairs.conftest import make_citizen, open_citizen_case

    citizen = make_citizen("kiss-anna", "kiss.anna@example.hu")
    case = open_citizen_case(municipality_a, citizen)
    Case.objects.for_municipality(municipality_a).filter(pk=case.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=70)
    )
    case.refresh_from_db()
    services.assign(case, officer_a)
    services.request_information(case, text="Kérjük a rajzot.", user=officer_a)
    asked_days_ago(case, 30)
    client.force_login(citizen)
    page = client.get(reverse("affairs:case", args=[case.pk])).content.decode()
    assert "szünetel" in page
    listing = client.get(reverse("affairs:index")).content.decode()
    assert "szünetel" in listing
    response = client.post(reverse("affairs:case", args=[case.pk]), {"text": "Csatolom."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.deadline_paused and not case.is_late
    page = client.get(reverse("affairs:case", args=[case.pk])).content.decode()
    assert timezone.localtime(case.deadline_at).strftime("%Y. %m. %d.") in page
