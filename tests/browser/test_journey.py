"""The citizen's whole journey in real headless Chromium: log in through the development
identity agent, choose a municipality, fill a multi-step form with an attachment, submit,
pay its fee at the simulated VPOS (declined, then paid again from Ügyeim), see the receipt
and download the PDF; axe-core WCAG 2.1 AA on every journey page."""

import re

import pytest

from portal.journey.demo import DEMO_FORM_TITLE, demo_definition
from services.forms import services as forms
from services.forms.models import Submission
from services.intake import services as intake

from .test_accessibility import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n% forgalmi engedely\n"


@pytest.fixture
def demo_form(live_server, initial_data_restored, given_municipality):
    municipality = given_municipality(
        name="Próbaváros", slug="probavaros", ksh_code="69002", postal_code="3300"
    )
    customisation = forms.copy_as_local(municipality, title=DEMO_FORM_TITLE)
    forms.save_customisation(customisation, definition=demo_definition())
    forms.publish(customisation)
    return customisation


def assert_accessible(page, axe_source, name):
    violations = axe_violations(page, axe_source)
    assert not violations, f"{name}: " + "\n".join(violations)


def test_the_whole_journey_with_an_attachment_and_the_receipt(
    live_server, demo_form, page, axe_source, tmp_path
):
    base = live_server.url
    page.goto(f"{base}/fiok/fejlesztoi-azonositas/?next=/e-ugyintezes/")
    page.get_by_label("Kovács János").check()
    page.get_by_role("button", name="Belépés ezzel a demó ügyféllel").click()
    page.wait_for_url(f"{base}/e-ugyintezes/")

    # Choose the municipality: accents are not needed.
    page.get_by_label("Az önkormányzat neve vagy irányítószáma").fill("probavaros")
    page.locator("form.journey-search").get_by_role("button", name="Keresés").click()
    assert_accessible(page, axe_source, "municipality chooser")
    page.get_by_role("button", name="Próbaváros kiválasztása").click()
    page.wait_for_url(f"{base}/e-ugyintezes/probavaros/")
    assert_accessible(page, axe_source, "form list")

    page.get_by_role("link", name=DEMO_FORM_TITLE).click()
    page.get_by_role("button", name="Kitöltés megkezdése").click()

    # Step 1: the identity is filled in from the identification and locked.
    page.wait_for_url("**/lepes/kerelmezo/")
    assert page.get_by_text("Nagy Mária").is_visible()
    assert page.locator('input[name="kerelmezo_anyja_neve"]').count() == 0
    assert_accessible(page, axe_source, "wizard step")
    page.get_by_label("Irányítószám").fill("3300")
    page.get_by_label("Település").fill("Próbaváros")
    page.get_by_label("Közterület").fill("Dobó tér")
    page.get_by_label("Házszám").fill("1")
    page.get_by_label("E-mail cím").fill("nem-email")
    page.get_by_role("button", name="Következő lépés").click()
    # The server refuses the step in Hungarian and keeps the answers.
    assert page.get_by_text("Érvényes e-mail címet írjon").is_visible()
    assert page.get_by_label("Közterület").input_value() == "Dobó tér"
    page.get_by_label("E-mail cím").fill("kovacs.janos@example.hu")
    page.get_by_role("button", name="Következő lépés").click()

    # Step 2: a repeating group and a conditional field.
    page.wait_for_url("**/lepes/jarmuvek_lepes/")
    page.get_by_label("Rendszám").fill("ABC-123")
    page.get_by_role("button", name="Új sor").click()
    page.locator('input[name="jarmuvek__1__rendszam"]').fill("XYZ-987")
    assert not page.get_by_label("A cég neve").is_visible()
    page.get_by_label("Munkáltatóm vagy cégem").check()
    assert page.get_by_label("A cég neve").is_visible()  # shown in the browser as well
    page.get_by_label("A cég neve").fill("Kovács és Társa Kft.")
    page.get_by_role("button", name="Következő lépés").click()

    # Step 3: the attachment.
    page.wait_for_url("**/lepes/mellekletek/")
    attachment = tmp_path / "forgalmi.pdf"
    attachment.write_bytes(PDF)
    page.get_by_label("A forgalmi engedély másolata").set_input_files(str(attachment))
    page.get_by_role("button", name="Tovább az összesítéshez").click()

    # Summary and declaration.
    page.wait_for_url("**/osszesites/")
    assert page.get_by_text("forgalmi.pdf (29 bájt)").is_visible()
    # "10 000 Ft" with non-breaking spaces (|ft), which Playwright reads as spaces.
    assert page.get_by_text("10 000 Ft").is_visible()
    assert_accessible(page, axe_source, "summary")
    page.get_by_role("button", name="Az űrlap beküldése").click()
    assert page.get_by_text("A beküldéshez fogadja el a nyilatkozatot.").is_visible()
    assert page.get_by_text("A díjat a következő lépésben fizeti meg").is_visible()
    page.get_by_label("Kijelentem, hogy a megadott adatok").check()
    page.get_by_role("button", name="Az űrlap beküldése").click()

    # The fee, at the simulated VPOS: declined first, the form is kept and paid again.
    page.wait_for_url("**/fizetes/szimulalt-bank/*/")
    page.get_by_label("Kártyaszám").fill("4000 0000 0000 0002")
    page.get_by_role("button", name="Fizetés", exact=True).click()
    page.wait_for_url("**/beadvany/probavaros/*/fizetes/")
    assert page.get_by_text("A bank elutasította a fizetést").is_visible()
    submission = Submission.objects.for_municipality(demo_form.municipality).get()
    application = intake.find(demo_form.municipality, submission.reference)
    assert application.state == "awaiting_payment" and not submission.registry_number
    assert_accessible(page, axe_source, "payment page")
    page.goto(f"{base}/ugyeim/befizetesek/")
    assert_accessible(page, axe_source, "my payments")
    page.get_by_role("button", name=f"Fizetés – {submission.reference}").click()
    page.wait_for_url("**/fizetes/szimulalt-bank/*/")
    page.get_by_label("Kártyaszám").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Fizetés", exact=True).click()

    # The receipt, with the registry number and the payment.
    page.wait_for_url("**/beadvany/probavaros/*/nyugta/")
    submission.refresh_from_db()
    assert submission.registry_number
    assert page.get_by_text(submission.registry_number).first.is_visible()
    assert page.get_by_text(re.compile(r"^10\s000\sFt \(\d{4}\. \d\d\. \d\d\. ")).is_visible()
    assert_accessible(page, axe_source, "receipt")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Az igazolás letöltése (PDF)").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    assert download.suggested_filename == f"nyugta-{submission.reference}.pdf"
