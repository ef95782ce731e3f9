"""Local taxes in Ügyeim, end to end in real headless Chromium: the demo citizen sees the
debt on his tax account (loaded by the demo loader), pays the overdue charge at the
simulated VPOS, sees the balance drop and downloads the detailed statement; he also sees
the company he represents; a stranger sees nothing; axe-core finds no WCAG 2.1 A/AA
violation on the new pages at 1280 and 390 px."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from accounts.models import CitizenProfile
from portal.affairs.tax_demo import load_tax_online_demo
from services.tax import services as tax
from services.tax.constants import TaxType
from services.tax.models import CardPaymentOrder
from tests.browser.test_accessibility import axe_violations
from tests.factories.staff import CitizenFactory
from tests.factories.tax import giro, iban
from tests.portal.affairs.test_accessibility import log_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 390)


@pytest.fixture
def tax_demo(live_server, initial_data_restored, given_municipality):
    """The demo citizen (as after his first agent login) and the demo's tax accounts."""
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
    account = giro(serial=11)
    tax.set_collection_account(municipality, TaxType.BUILDING, giro=account, iban=iban(account))
    person, company = load_tax_online_demo(municipality)
    return citizen, person, company, live_server.url


def _check_axe(page, axe_source, name, problems):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page, axe_source)
        if violations:
            problems[f"{name} @ {width}px"] = violations
    page.set_viewport_size({"width": 1280, "height": 900})


def _open(citizen, taxpayer):
    """Overdue and due later together: which of them depends on today's date."""
    summary = tax.tax_summary(tax.access_to(citizen, taxpayer.pk))
    return summary.overdue + summary.due


def test_the_citizen_pays_his_tax_debt_and_downloads_the_detailed_statement(
    tax_demo, page, axe_source
):
    citizen, person, company, base = tax_demo
    before = _open(citizen, person)
    assert before > 0
    problems = {}
    log_in(page, citizen, base)

    # the overview of Ügyeim shows the taxes beside the cases
    page.goto(base + "/ugyeim/", wait_until="load")
    overview = page.locator("main").inner_text() if page.locator("main").count() else ""
    assert "Helyi adók" in page.content() and "Kovács János" in page.content(), overview
    _check_axe(page, axe_source, "overview", problems)
    page.get_by_role("link", name="Kovács János").first.click()
    page.get_by_role("heading", name=re.compile("Helyi adó egyenleg")).wait_for()
    _check_axe(page, axe_source, "balance", problems)

    # the oldest open charge (the payments went to the oldest ones first)
    oldest = page.locator("input[name=tetel]").first
    label = page.locator(f"label[for={oldest.get_attribute('id')}]").inner_text()
    charge = label.split(":")[0]
    oldest.check()
    page.get_by_role("button", name="A kiválasztott tételek befizetése").click()
    page.wait_for_url(re.compile(r"/fizetes/szimulalt-bank/"))
    page.get_by_label("Kártyaszám").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Fizetés", exact=True).click()
    page.get_by_role("heading", name="Adóbefizetését lekönyveltük").wait_for()
    assert charge in page.locator("body").inner_text()
    _check_axe(page, axe_source, "payment result", problems)

    order = CardPaymentOrder.objects.for_municipality(person.municipality_id).get()
    assert order.booked_at is not None
    assert _open(citizen, person) == before - order.amount
    page.get_by_role("link", name="Vissza az egyenleghez").click()
    page.get_by_role("heading", name=re.compile("Helyi adó egyenleg")).wait_for()
    # the charge paid is no longer one to choose
    choices = page.locator("fieldset").inner_text() if page.locator("fieldset").count() else ""
    assert charge not in choices

    # the detailed statement of this year, as a page and as a PDF
    page.get_by_role(
        "link", name=re.compile(f"^részletes kivonat {timezone.localdate().year}")
    ).click()
    page.get_by_role("heading", name=re.compile("Részletes kivonat")).wait_for()
    assert (
        "Kártyás befizetés" in page.locator("body").inner_text()
        or order.reference in page.content()
    )
    _check_axe(page, axe_source, "detailed statement", problems)
    with page.expect_download() as download:
        page.get_by_role("link", name="Letöltés PDF-ben").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")

    page.goto(base + f"/ugyeim/helyi-ado/{person.pk}/kivonat/", wait_until="load")
    _check_axe(page, axe_source, "simple statement", problems)
    page.goto(base + "/ugyeim/helyi-ado/", wait_until="load")
    _check_axe(page, axe_source, "tax index", problems)

    assert not problems, "\n".join(
        f"{where}:\n  " + "\n  ".join(found) for where, found in problems.items()
    )


def test_the_representative_sees_the_companys_balance_and_a_stranger_nothing(tax_demo, page):
    citizen, person, company, base = tax_demo
    log_in(page, citizen, base)

    page.goto(base + "/ugyeim/helyi-ado/", wait_until="load")
    page.get_by_role("link", name="Kovács és Társa Kft.").click()
    page.get_by_role("heading", name=re.compile("Kovács és Társa Kft.")).wait_for()
    text = page.locator("body").inner_text()
    assert "Helyi iparűzési adó" in text and "186\xa0000\xa0Ft" in text
    assert "Képviselő, minden adónemben" in text
    company_path = urlsplit(page.url).path

    stranger = CitizenFactory(username="idegen-ilona", first_name="Ilona", last_name="Idegen")
    page.context.clear_cookies()
    log_in(page, stranger, base)
    response = page.goto(base + company_path, wait_until="load")
    assert response.status == 404
    page.goto(base + "/ugyeim/", wait_until="load")
    assert "Kovács" not in page.locator("body").inner_text()
    page.goto(base + "/ugyeim/helyi-ado/", wait_until="load")
    assert "Portálfiókjához nem kapcsolódik adószámla" in page.locator("body").inner_text()
