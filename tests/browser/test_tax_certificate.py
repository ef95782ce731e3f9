"""The public check of a tax certificate, end to end in real headless Chromium: the demo's
certificate of Kovács János (loaded by the demo loader, with its documented code) is
found by typing the code into the form, a wrong code gets the neutral message, and
axe-core finds no WCAG 2.1 A/AA violation on the page at 1280 and 390 px."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import CitizenProfile
from portal.affairs.tax_demo import load_tax_online_demo
from portal.affairs.taxcert_demo import DEMO_CODE, load_certificate_demo
from tests.browser.test_accessibility import axe_violations
from tests.factories.staff import CitizenFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 390)
PATH = "/e-ugyintezes/adoigazolas-ellenorzes/"


@pytest.fixture
def certificate_demo(live_server, initial_data_restored, given_municipality):
    municipality = given_municipality(name="Adóvár", slug="adovar", ksh_code="69201")
    citizen = CitizenFactory(username="demo-kovacs-janos", first_name="János", last_name="Kovács")
    CitizenProfile.objects.create(
        user=citizen,
        family_name="Kovács",
        given_name="János",
        date_of_birth=datetime.date(1978, 4, 12),
        identification_method="ugyfelkapu_plus",
        assurance_level="substantial",
        last_identified_at=timezone.now(),
    )
    load_tax_online_demo(municipality)
    assert load_certificate_demo(municipality) == DEMO_CODE
    return municipality, live_server.url


def _check_axe(page, axe_source, name, problems):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page, axe_source)
        if violations:
            problems[f"{name} @ {width}px"] = violations
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_bank_checks_the_demo_certificate_by_its_code(certificate_demo, page, axe_source):
    municipality, base = certificate_demo
    problems = {}

    page.goto(base + PATH, wait_until="load")
    _check_axe(page, axe_source, "empty form", problems)
    page.get_by_label("Ellenőrző kód").fill(DEMO_CODE.lower().replace("-", " "))
    page.get_by_role("button", name="Ellenőrzés").click()
    page.get_by_role("heading", name="Érvényes igazolás: adótartozást tanúsít").wait_for()
    text = page.locator("main").inner_text()
    assert "Kovács János" in text
    assert f"{municipality.name} önkormányzati adóhatósága" in text
    assert "84••••••71" in text and "8406434171" not in text
    assert "Ft" in text
    _check_axe(page, axe_source, "valid code", problems)

    page.get_by_label("Ellenőrző kód").fill("AAAA-BBBB-CCCC-DDDD")
    page.get_by_role("button", name="Ellenőrzés").click()
    page.get_by_text("Ehhez a kódhoz nem tartozik érvényes igazolás").wait_for()
    assert "Kovács" not in page.locator("main").inner_text()
    _check_axe(page, axe_source, "wrong code", problems)

    assert not problems, problems
