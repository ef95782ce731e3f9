"""Booking, the e-mailed link (confirm, cancel, move), and what the history keeps."""

import datetime

import pytest
from django.core import mail

from services.appointments import services
from services.appointments.constants import BookingStatus, EventKind
from services.appointments.models import Booking, BookingEvent, SlotClaim
from tests.factories.appointments import at, matter, office
from tests.factories.staff import CitizenFactory

from .conftest import DAY, NOW


def book(actor, service, hour=9, minute=0, **kwargs):
    kwargs.setdefault("name", "Kiss Anna")
    kwargs.setdefault("email", "kiss.anna@example.hu")
    kwargs.setdefault("now", NOW)
    return services.book(actor, service, at(DAY, hour, minute), **kwargs)


def kinds(booking):
    return list(
        BookingEvent.objects.for_municipality(booking.municipality)
        .filter(booking=booking)
        .values_list("kind", flat=True)
    )


def test_an_anonymous_booking_is_held_and_asks_for_confirmation(service_a, actor_a, settings):
    settings.APPOINTMENTS_HOLD_MINUTES = 30
    booking = book(actor_a, service_a)
    assert booking.status == BookingStatus.HELD
    assert booking.hold_until == NOW + datetime.timedelta(minutes=30)
    [message] = mail.outbox
    assert message.to == ["kiss.anna@example.hu"]
    assert "Kérjük, erősítse meg" in message.subject
    assert services.token_for(booking) in message.body
    assert not message.attachments  # the calendar entry comes with the confirmation
    assert kinds(booking) == [EventKind.HELD]
    event = BookingEvent.objects.for_municipality(booking.municipality).get(booking=booking)
    assert (event.channel, event.ip_address) == ("site_form", "192.0.2.1")


def test_a_signed_in_citizen_is_booked_at_once_with_the_calendar_entry(service_a, actor_a, db):
    citizen = CitizenFactory()
    booking = book(actor_a, service_a, user=citizen)
    assert booking.status == BookingStatus.CONFIRMED and booking.hold_until is None
    [message] = mail.outbox
    assert message.attachments[0][0] == "idopont.ics"
    assert list(services.bookings_of(citizen)) == [booking]


def test_the_link_confirms_once(service_a, actor_a):
    booking = book(actor_a, service_a)
    found = services.booking_for_token(services.token_for(booking))
    services.confirm(actor_a, found, now=NOW + datetime.timedelta(minutes=5))
    services.confirm(actor_a, found, now=NOW + datetime.timedelta(minutes=6))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert kinds(booking) == [EventKind.HELD, EventKind.CONFIRMED]
    assert len(mail.outbox) == 2


def test_a_lapsed_hold_cannot_be_confirmed_and_frees_the_time(service_a, actor_a, settings):
    settings.APPOINTMENTS_HOLD_MINUTES = 30
    held = book(actor_a, service_a)
    later = NOW + datetime.timedelta(minutes=31)
    with pytest.raises(services.BookingError) as refused:
        services.confirm(actor_a, held, now=later)
    assert "Foglaljon újra" in str(refused.value.message)
    held.refresh_from_db()
    assert held.status == BookingStatus.EXPIRED
    assert not SlotClaim.objects.for_municipality(held.municipality).filter(booking=held).exists()


def test_somebody_else_takes_a_lapsed_hold(service_a, actor_a):
    held = book(actor_a, service_a)
    other = book(
        actor_a,
        service_a,
        name="Nagy Béla",
        email="b@example.hu",
        now=NOW + datetime.timedelta(hours=1),
    )
    held.refresh_from_db()
    assert held.status == BookingStatus.EXPIRED and other.status == BookingStatus.HELD


def test_a_taken_time_is_refused_in_hungarian(service_a, actor_a):
    book(actor_a, service_a)
    with pytest.raises(services.BookingError) as refused:
        book(actor_a, service_a, minute=15, email="masik@example.hu")
    assert (
        str(refused.value.message)
        == "Ezt az időpontot közben lefoglalták. Kérjük, válasszon másikat."
    )


def test_two_desks_take_two_bookings_at_the_same_time(municipality_a, actor_a):
    service = matter(office(municipality_a, desks=2))
    first, second = book(actor_a, service), book(actor_a, service, email="b@example.hu")
    assert first.desk_id != second.desk_id
    with pytest.raises(services.BookingError):
        book(actor_a, service, email="c@example.hu")


def test_cancelling_frees_the_time_and_tells_the_booker(service_a, actor_a):
    booking = book(actor_a, service_a)
    services.cancel(actor_a, booking, now=NOW)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert mail.outbox[-1].subject.startswith("Időpontját lemondtuk")
    assert "METHOD:CANCEL" in str(mail.outbox[-1].attachments[0][1])
    assert any(s.value == "2026-12-15T09:00" for s in services.free_slots(service_a, DAY, now=NOW))
    with pytest.raises(services.BookingError):
        services.cancel(actor_a, booking, now=NOW)


def test_moving_keeps_the_booking_and_frees_the_old_time(service_a, actor_a):
    booking = book(actor_a, service_a)
    services.rebook(actor_a, booking, at(DAY + datetime.timedelta(days=1), 10), now=NOW)
    booking.refresh_from_db()
    assert booking.starts_at == at(DAY + datetime.timedelta(days=1), 10)
    assert booking.ends_at == at(DAY + datetime.timedelta(days=1), 10, 30)
    assert kinds(booking)[-1] == EventKind.REBOOKED
    assert any(s.value == "2026-12-15T09:00" for s in services.free_slots(service_a, DAY, now=NOW))
    claims = SlotClaim.objects.for_municipality(booking.municipality).filter(booking=booking)
    assert claims.count() == 2


def test_moving_by_a_quarter_overlapping_itself_works(service_a, actor_a):
    booking = book(actor_a, service_a)
    services.rebook(actor_a, booking, at(DAY, 9, 15), now=NOW)
    booking.refresh_from_db()
    assert booking.starts_at == at(DAY, 9, 15)


def test_moving_to_a_taken_time_changes_nothing(service_a, actor_a):
    mine = book(actor_a, service_a)
    book(actor_a, service_a, hour=10, email="b@example.hu")
    with pytest.raises(services.BookingError):
        services.rebook(actor_a, mine, at(DAY, 10), now=NOW)
    mine.refresh_from_db()
    assert mine.starts_at == at(DAY, 9)
    assert SlotClaim.objects.for_municipality(mine.municipality).filter(booking=mine).count() == 2


@pytest.mark.parametrize(
    "token",
    ["", "x", "1.abc", "99999999.deadbeef", "1" * 500, "١٢.ab", "1.\x00", "-1.a", None],
)
def test_a_wrong_token_finds_nothing(service_a, actor_a, token):
    book(actor_a, service_a)
    assert services.booking_for_token(token) is None


def test_a_token_of_another_booking_does_not_open_this_one(service_a, actor_a):
    first = book(actor_a, service_a)
    second = book(actor_a, service_a, hour=10, email="b@example.hu")
    forged = f"{first.pk}.{services.token_for(second).split('.')[1]}"
    assert services.booking_for_token(forged) is None
    assert services.booking_for_token(services.token_for(first)) == first


def test_the_link_expires_when_the_appointment_begins(service_a, actor_a):
    booking = book(actor_a, service_a)
    services.confirm(actor_a, booking, now=NOW)
    assert not services.is_changeable(booking, now=at(DAY, 9))
    with pytest.raises(services.BookingError) as refused:
        services.cancel(actor_a, booking, now=at(DAY, 9, 5))
    assert "már nem módosítható" in str(refused.value.message)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_every_booking_is_found_only_in_its_municipality(service_a, actor_a, municipality_b):
    book(actor_a, service_a)
    assert Booking.objects.for_municipality(municipality_b).count() == 0
