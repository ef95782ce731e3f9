"""The .ics entry, the daily job's reminders (sent once however often it runs), lapsed
holds and the retention of the booker's data."""

import datetime

from django.core import mail
from icalendar import Calendar

from services.appointments import services
from services.appointments.constants import BookingStatus, EventKind
from services.appointments.models import Booking, BookingEvent
from sites.actor import Actor
from tests.factories.appointments import at

from .conftest import DAY, NOW


def confirmed(actor, service, hour=9, email="kiss.anna@example.hu"):
    booking = services.book(actor, service, at(DAY, hour), name="Kiss Anna", email=email, now=NOW)
    return services.confirm(actor, booking, now=NOW)


def test_the_calendar_entry_names_the_time_place_and_link(service_a, actor_a):
    booking = confirmed(actor_a, service_a)
    url = services.manage_url(booking)
    entry = Calendar.from_ical(services.calendar_file.build(booking, url))
    [event] = entry.walk("VEVENT")
    assert entry["METHOD"] == "PUBLISH"
    assert event["UID"] == f"idopont-{booking.pk}@{booking.municipality.hostname}"
    assert event.decoded("DTSTART") == at(DAY, 9)
    assert event.decoded("DTEND") == at(DAY, 9, 30)
    assert "Dobó István tér 2." in str(event["LOCATION"])
    assert str(event["SUMMARY"]).startswith("Helyi adó ügyintézés")
    assert url in str(event["DESCRIPTION"]) and str(event["URL"]) == url
    assert "Személyi igazolvány" in str(event["DESCRIPTION"])
    assert "/idopont/foglalas/" in url and url.startswith(booking.municipality.url.rstrip("/"))


def test_a_moved_entry_supersedes_and_a_cancelled_one_is_withdrawn(service_a, actor_a):
    booking = confirmed(actor_a, service_a)
    before = Calendar.from_ical(services.calendar_file.build(booking)).walk("VEVENT")[0]
    services.rebook(actor_a, booking, at(DAY, 11), now=NOW)
    booking.refresh_from_db()
    moved = Calendar.from_ical(services.calendar_file.build(booking)).walk("VEVENT")[0]
    assert moved["UID"] == before["UID"] and moved["SEQUENCE"] > before["SEQUENCE"]
    services.cancel(actor_a, booking, now=NOW)
    booking.refresh_from_db()
    gone = Calendar.from_ical(services.calendar_file.build(booking))
    assert gone["METHOD"] == "CANCEL" and gone.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_reminders_go_the_day_before_and_only_once(service_a, actor_a):
    tomorrows = confirmed(actor_a, service_a)
    held = services.book(
        actor_a, service_a, at(DAY, 11), name="Nagy Béla", email="b@example.hu", now=NOW
    )
    mail.outbox.clear()
    evening = at(DAY - datetime.timedelta(days=1), 18)
    first = services.send_reminders(Actor.system(), now=evening)
    second = services.send_reminders(Actor.system(), now=evening + datetime.timedelta(hours=1))
    assert (first.reminded, second.reminded) == (1, 0)
    [message] = mail.outbox
    assert message.to == ["kiss.anna@example.hu"] and "Emlékeztető" in message.subject
    assert services.token_for(tomorrows) in message.body
    events = BookingEvent.objects.for_municipality(tomorrows.municipality)
    assert events.filter(kind=EventKind.REMINDED).count() == 1
    assert not events.filter(booking=held, kind=EventKind.REMINDED).exists()


def test_nothing_is_reminded_two_days_ahead(service_a, actor_a):
    confirmed(actor_a, service_a)
    mail.outbox.clear()
    assert (
        services.send_reminders(
            Actor.system(), now=at(DAY - datetime.timedelta(days=2), 18)
        ).reminded
        == 0
    )


def test_a_failed_reminder_is_tried_again_next_run(service_a, actor_a, monkeypatch):
    booking = confirmed(actor_a, service_a)
    evening = at(DAY - datetime.timedelta(days=1), 18)
    from services.appointments.services import mail as mail_module

    monkeypatch.setattr(mail_module, "send", lambda booking, kind: False)
    assert services.send_reminders(Actor.system(), now=evening).failed == 1
    monkeypatch.undo()
    assert services.send_reminders(Actor.system(), now=evening).reminded == 1
    booking.refresh_from_db()
    assert booking.reminded_at is not None


def test_the_daily_job_releases_lapsed_holds_and_forgets_old_bookers(service_a, actor_a, settings):
    settings.APPOINTMENTS_RETENTION_DAYS = 90
    held = services.book(
        actor_a, service_a, at(DAY, 10), name="Nagy Béla", email="b@example.hu", now=NOW
    )
    done = confirmed(actor_a, service_a)
    result = services.daily(Actor.system(), now=at(DAY, 8))
    held.refresh_from_db()
    assert result.expired == 1 and held.status == BookingStatus.EXPIRED
    assert result.anonymised == 0
    later = services.daily(Actor.system(), now=at(DAY + datetime.timedelta(days=91), 8))
    assert later.anonymised == 2
    done = Booking.objects.for_municipality(done.municipality).get(pk=done.pk)
    assert (done.name, done.email, done.phone, done.user) == ("", "", "", None)
    assert set(
        BookingEvent.objects.for_municipality(done.municipality)
        .filter(booking=done)
        .values_list("ip_address", flat=True)
    ) <= {""}
    again = services.daily(Actor.system(), now=at(DAY + datetime.timedelta(days=92), 8))
    assert again.anonymised == 0


def test_the_command_runs_the_job(service_a, actor_a):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("appointment_reminders", "--now", stdout=out)
    assert "emlékeztető" in out.getvalue().lower()
