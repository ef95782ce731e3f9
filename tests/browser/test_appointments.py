"""Appointment booking end to end in real headless Chromium: a visitor without an account
picks a matter (reading its questions), a day and a time, gives name and address, opens
the e-mailed link, confirms, then cancels; a signed-in citizen sees the booking in Ügyeim.
axe-core finds no WCAG 2.1 A/AA violation on any of these pages at 1280 and 390 px, and
none scrolls sideways on a phone."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from wagtail.models import Site

from services.appointments.constants import BookingStatus
from services.appointments.models import Booking
from tests.browser.test_accessibility import axe_violations
from tests.factories.appointments import matter, office
from tests.factories.staff import CitizenFactory
from tests.portal.affairs.test_accessibility import log_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 390)


@pytest.fixture
def booking_site(live_server, initial_data_restored, given_municipality):
    municipality = given_municipality(name="Foglalóvár", slug="foglalovar", ksh_code="69301")
    port = urlsplit(live_server.url).port
    Site.objects.filter(pk=municipality.site_id).update(port=port)
    place = office(municipality, days=60)
    matter(
        place,
        questions=[("Van Ügyfélkapu+ hozzáférése?", "Egyenlegét az Ügyeimben is látja.")],
    )
    matter(place, name="Anyakönyvi ügyek")
    return municipality, f"http://{municipality.site.hostname}:{port}", live_server.url


def _check(page, axe_source, name, problems):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page, axe_source)
        if violations:
            problems[f"{name} @ {width}px"] = violations
        if width == 390 and page.evaluate(
            "() => document.documentElement.scrollWidth > window.innerWidth + 1"
        ):
            problems[f"{name} @ 390px"] = ["scrolls sideways"]
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_visitor_books_confirms_and_cancels(booking_site, page, axe_source):
    municipality, base, _portal = booking_site
    problems = {}
    page.goto(base + "/idopont/", wait_until="load")
    page.get_by_text("Foglalás előtt").first.click()
    assert "Van Ügyfélkapu+ hozzáférése?" in page.content()
    _check(page, axe_source, "index", problems)
    page.get_by_role("link", name="Időpontot foglalok – Helyi adó ügyintézés").click()
    page.get_by_role("heading", name="Helyi adó ügyintézés").wait_for()
    _check(page, axe_source, "times", problems)
    page.locator("input[name=slot]").first.check()
    page.get_by_label("Név").fill("Kiss Anna")
    page.get_by_label("E-mail-cím").fill("kiss.anna@example.hu")
    page.get_by_role("button", name="Lefoglalom ezt az időpontot").click()
    page.get_by_role("heading", name="Nézze meg e-mailjeit").wait_for()
    _check(page, axe_source, "check e-mail", problems)

    link = next(word for word in mail.outbox[-1].body.split() if "/idopont/foglalas/" in word)
    page.goto(link, wait_until="load")
    _check(page, axe_source, "manage (held)", problems)
    page.get_by_role("button", name="Megerősítem az időpontot").click()
    page.get_by_text("időpontját megerősítette").wait_for()
    booking = Booking.objects.for_municipality(municipality).get()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    _check(page, axe_source, "manage (confirmed)", problems)
    page.get_by_role("button", name="Lemondom az időpontot").click()
    page.get_by_text("Időpontját lemondtuk.").wait_for()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert not problems, problems


def test_a_citizen_sees_the_booking_in_ugyeim(booking_site, page, axe_source):
    municipality, base, portal = booking_site
    citizen = CitizenFactory(first_name="János", last_name="Kovács")
    log_in(page, citizen, base)
    page.goto(base + "/idopont/", wait_until="load")
    page.get_by_role("link", name="Időpontot foglalok – Anyakönyvi ügyek").click()
    page.locator("input[name=slot]").first.check()
    page.get_by_role("button", name="Lefoglalom ezt az időpontot").click()
    page.get_by_role("heading", name="Az Ön időpontja").wait_for()
    log_in(page, citizen, portal)
    page.goto(portal + "/ugyeim/idopontok/", wait_until="load")
    assert "Anyakönyvi ügyek" in page.content() and "Foglalóvár" in page.content()
    problems = {}
    _check(page, axe_source, "Ügyeim appointments", problems)
    assert not problems, problems
