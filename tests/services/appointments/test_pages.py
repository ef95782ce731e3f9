"""The public pages (on the municipality's site and on the portal), the booker's link, and
the officers' and site admins' screens. Times are found from today: the pages use the
real clock."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from services.appointments import services
from services.appointments.constants import BookingStatus
from services.appointments.models import Booking, BookingEvent, Office, SlotBlock
from sites.actor import Actor
from tests.factories.appointments import matter, office

HOST_A = "alsovar.localhost"
HOST_B = "felsovar.localhost"


@pytest.fixture
def service(municipality_a):
    return matter(
        office(municipality_a, days=60),
        questions=[("Ügyfélkapuja van?", "Intézze online, nem kell bejönnie.")],
    )


def first_free(service, skip=0):
    for day in services.bookable_days(service.office):
        slots = services.free_slots(service, day)
        if len(slots) > skip:
            return slots[skip]
    raise AssertionError("no free slot in the horizon")


def book_url(service):
    return reverse("appointments:book", args=[service.municipality.slug, service.pk])


def post_booking(client, service, at_slot=None, **fields):
    data = {
        "slot": (at_slot or first_free(service)).value,
        "name": "Kiss Anna",
        "email": "kiss.anna@example.hu",
        "phone": "+36 30 123 4567",
        **fields,
    }
    return client.post(book_url(service), data, HTTP_HOST=HOST_A)


def token_from_mail():
    body = mail.outbox[-1].body
    return body.split("/idopont/foglalas/")[1].split("/")[0]


def test_the_index_lists_matters_with_their_questions(client, service):
    response = client.get("/idopont/", HTTP_HOST=HOST_A)
    assert response.status_code == 302
    page = client.get(response["Location"], HTTP_HOST=HOST_A).content.decode()
    assert "Helyi adó ügyintézés" in page and "Ügyfélkapuja van?" in page
    assert "Időpontot foglalok" in page


def test_a_booking_by_email_link_then_cancelled(client, service):
    response = post_booking(client, service)
    assert response.status_code == 200
    assert "Nézze meg e-mailjeit" in response.content.decode()
    booking = Booking.objects.for_municipality(service.municipality).get()
    assert booking.status == BookingStatus.HELD
    manage = reverse("appointments:manage", args=[token_from_mail()])
    page = client.get(manage, HTTP_HOST=HOST_A).content.decode()
    assert "Megerősítem az időpontot" in page
    client.post(manage, {"action": "confirm"}, HTTP_HOST=HOST_A)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    ics = client.get(manage + "idopont.ics", HTTP_HOST=HOST_A)
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    response = client.post(manage, {"action": "cancel"}, HTTP_HOST=HOST_A, follow=True)
    assert "Időpontját lemondtuk." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    kinds = BookingEvent.objects.for_municipality(booking.municipality).filter(booking=booking)
    assert list(kinds.values_list("kind", flat=True)) == ["held", "confirmed", "cancelled"]


def test_the_link_moves_the_appointment(client, service):
    post_booking(client, service)
    token = token_from_mail()
    target = first_free(service, skip=4)
    response = client.post(
        reverse("appointments:manage", args=[token]),
        {"action": "rebook", "slot": target.value},
        HTTP_HOST=HOST_A,
    )
    assert response.status_code == 302
    booking = Booking.objects.for_municipality(service.municipality).get()
    assert booking.starts_at == target.starts_at


def test_a_signed_in_citizen_goes_straight_to_the_booking_and_sees_it_in_ugyeim(client, service):
    from tests.factories.staff import CitizenFactory

    citizen = CitizenFactory(first_name="Anna", last_name="Kiss")
    client.force_login(citizen)
    response = post_booking(client, service)
    assert response.status_code == 302 and "/idopont/foglalas/" in response["Location"]
    page = client.get(reverse("affairs:appointments")).content.decode()
    assert "Helyi adó ügyintézés" in page and "Alsóvár" in page


@pytest.mark.parametrize(
    "fields",
    [
        {"slot": "2020-01-01T09:00"},
        {"slot": "nem-idopont"},
        {"slot": "9999-99-99T99:99"},
        {"name": ""},
        {"name": "\x00"},
        {"email": "nem-email"},
        {"phone": "٠٣٠"},
        {"name": "x" * 10000},
    ],
)
def test_odd_input_is_refused_in_hungarian_and_nothing_is_booked(client, service, fields):
    response = post_booking(client, service, **fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert any(
        text in page
        for text in ("Kérjük", "Adja meg", "legfeljebb", "Ez az időpont nem szabad", "karakter")
    ), page[:2000]
    assert not Booking.objects.for_municipality(service.municipality).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/idopont/felsovar/",
        "/idopont/alsovar/999999999999/",
        "/idopont/foglalas/1.x/",
        "/idopont/foglalas/%00/idopont.ics",
    ],
)
def test_odd_urls_are_404(client, service, path):
    assert client.get(path, HTTP_HOST=HOST_A).status_code == 404


def test_another_municipalitys_site_does_not_open_the_link(client, service, municipality_b):
    post_booking(client, service)
    manage = reverse("appointments:manage", args=[token_from_mail()])
    assert client.get(manage, HTTP_HOST=HOST_B).status_code == 404
    assert client.post(manage, {"action": "cancel"}, HTTP_HOST=HOST_B).status_code == 404


def test_anonymous_booking_is_rate_limited(client, service, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "book_appointment": "2/h/ip"}
    post_booking(client, service, email="a@example.hu")
    post_booking(client, service, at_slot=first_free(service), email="b@example.hu")
    response = post_booking(client, service, at_slot=first_free(service), email="c@example.hu")
    assert response.status_code == 429
    assert "Túl sok próbálkozás" in response.content.decode()
    assert 'value="c@example.hu"' in response.content.decode()  # what was typed is kept
    assert Booking.objects.for_municipality(service.municipality).count() == 2


# -- the officers' desk and the site admins' set-up


def _booked_today_or_next(service):
    slot = first_free(service)
    booking = services.book(
        Actor.system(), service, slot.starts_at, name="Kiss Anna", email="k@example.hu"
    )
    return services.confirm(Actor.system(), booking)


def test_the_officer_sees_the_day_and_marks_arrival(client, service, officer_a):
    booking = _booked_today_or_next(service)
    client.force_login(officer_a)
    day = timezone.localtime(booking.starts_at).date()
    url = reverse("appointments_admin:day", args=[service.municipality.pk])
    page = client.get(url, {"nap": day.isoformat()}).content.decode()
    assert "Kiss Anna" in page and "Helyi adó ügyintézés" in page
    action = reverse("appointments_admin:booking", args=[service.municipality.pk, booking.pk])
    response = client.post(action, {"action": "arrived"})
    assert response.status_code == 302
    booking.refresh_from_db()
    if day == timezone.localdate():
        assert booking.status == BookingStatus.ARRIVED
    else:  # a later day's client cannot have arrived yet
        assert booking.status == BookingStatus.CONFIRMED
    events = BookingEvent.objects.for_municipality(service.municipality).filter(booking=booking)
    assert events.last().user == (officer_a if day == timezone.localdate() else None)


def test_no_show_is_refused_before_the_time(client, service, officer_a):
    booking = _booked_today_or_next(service)
    client.force_login(officer_a)
    action = reverse("appointments_admin:booking", args=[service.municipality.pk, booking.pk])
    response = client.post(action, {"action": "no_show"}, follow=True)
    assert "csak az időpont kezdete után" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_the_officer_blocks_and_frees_time(client, service, officer_a):
    client.force_login(officer_a)
    slot = first_free(service)
    local = timezone.localtime(slot.starts_at)
    desk = service.desk_list().get()
    url = reverse("appointments_admin:block", args=[service.municipality.pk])
    data = {
        "desk": desk.pk,
        "day": local.date().isoformat(),
        "start": local.strftime("%H:%M"),
        "end": (local + datetime.timedelta(minutes=30)).strftime("%H:%M"),
        "reason": "Értekezlet",
    }
    assert client.post(url, data).status_code == 302
    assert slot.value not in {s.value for s in services.free_slots(service, local.date())}
    again = client.post(url, data)
    assert again.status_code == 400 and "már foglalt vagy zárolt" in again.content.decode()
    block = SlotBlock.objects.for_municipality(service.municipality).get()
    unblock = reverse("appointments_admin:unblock", args=[service.municipality.pk, block.pk])
    assert client.post(unblock).status_code == 302
    assert slot.value in {s.value for s in services.free_slots(service, local.date())}
    kinds = BookingEvent.objects.for_municipality(service.municipality).values_list(
        "kind", flat=True
    )
    assert list(kinds) == ["blocked", "unblocked"]


def test_another_municipalitys_officer_gets_404(client, service, officer_b):
    booking = _booked_today_or_next(service)
    client.force_login(officer_b)
    municipality = service.municipality
    for url in (
        reverse("appointments_admin:day", args=[municipality.pk]),
        reverse("appointments_admin:booking", args=[municipality.pk, booking.pk]),
    ):
        assert client.get(url).status_code == 404
    own = reverse(
        "appointments_admin:booking", args=[officer_b_municipality(officer_b), booking.pk]
    )
    assert client.post(own, {"action": "cancel"}).status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def officer_b_municipality(user):
    from sites.models import Municipality

    return Municipality.objects.for_staff(user).get().pk


def test_the_site_admin_sets_up_an_office(client, site_admin_a, municipality_a):
    client.force_login(site_admin_a)
    url = reverse("appointments_admin:office_add", args=[municipality_a.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": "Ügyfélszolgálat",
        "address": "Fő tér 1.",
        "slot_minutes": "15",
        "days_ahead": "30",
        "active": "on",
        "hours-TOTAL_FORMS": "1",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": "0",
        "hours-0-opens": "08:00",
        "hours-0-closes": "12:00",
        "closures-TOTAL_FORMS": "0",
        "closures-INITIAL_FORMS": "0",
        "desks-TOTAL_FORMS": "1",
        "desks-INITIAL_FORMS": "0",
        "desks-0-name": "1. ablak",
        "desks-0-active": "on",
    }
    bad = client.post(url, {**data, "hours-0-closes": "07:00"})
    assert bad.status_code == 400 and "zárás" in bad.content.decode().lower()
    assert client.post(url, data).status_code == 302
    created = Office.objects.for_municipality(municipality_a).get()
    assert created.periods.count() == 1 and created.desks.count() == 1
    matter_url = reverse("appointments_admin:matter_add", args=[municipality_a.pk])
    response = client.post(
        matter_url,
        {
            "office": created.pk,
            "name": "Anyakönyvi ügyek",
            "duration_minutes": "20",
            "desks": [created.desks.get().pk],
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400 and "15" in response.content.decode()


def test_an_officer_cannot_set_up(client, officer_a, municipality_a):
    client.force_login(officer_a)
    url = reverse("appointments_admin:office_add", args=[municipality_a.pk])
    assert client.get(url).status_code == 404
