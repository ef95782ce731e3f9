"""A company's representative files a notification of trading (IPAR-001) for Eger on the
portal in real headless Chromium: logs in through the development identity agent, acts in
the name of Kovács és Társa Kft., goes through the wizard, finds the certificate of
registration in Ügyeim's mailbox and downloads it, then finds the new shop on the public
register page of Eger's website. axe-core (WCAG 2.1 A and AA) finds no violation on the
form's pages, the mailbox and the register page, at 1280 and at 390 px.

Set VH_SCREENSHOTS=<folder> to keep screenshots of those pages at both widths."""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import Site

from portal.affairs.models import MailboxMessage
from services.commerce import demo_notifications
from services.commerce.demo import _register_page
from services.commerce.models import Trade
from tests.services.forms.conftest import load

from .test_accessibility import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
FORM_TITLE = "Kereskedelmi tevékenység bejelentése"
SHOP = "Dobó Csemege"


@pytest.fixture
def eger(live_server, initial_data_restored, given_municipality):
    municipality = given_municipality(
        name="Eger", slug="eger", ksh_code="20491", postal_code="3300"
    )
    # Another municipality on the platform, the competent one for a shop there.
    given_municipality(name="Felsővár", slug="felsovar", ksh_code="60002", postal_code="9999")
    # The site answers at eger.localhost:<live server port> (Chromium resolves *.localhost).
    Site.objects.filter(pk=municipality.site_id).update(port=urlsplit(live_server.url).port)
    for code in demo_notifications.FORMS:
        load(code)
    assert demo_notifications.load_demo(municipality) == len(demo_notifications.FORMS)
    assert demo_notifications.load_demo(municipality) == 0  # idempotent
    _register_page(municipality)
    municipality.site.refresh_from_db()
    return municipality


def check(page, axe_source, name, problems):
    """axe-core at both widths (and no sideways scrolling on the phone); the page is left
    at 1280 px."""
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        violations = axe_violations(page, axe_source)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > size["width"]:
            violations.append(f"scrolls sideways: {width} px")
        if violations:
            problems[f"{name} ({label})"] = violations
        folder = os.environ.get("VH_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{folder}/{name}-{size['width']}.png", full_page=True)
    page.set_viewport_size(WIDTHS["wide"])


def test_a_representative_files_a_notice_of_trading_and_finds_the_shop_in_the_register(
    eger, page, axe_source, tmp_path
):
    portal = f"http://localhost:{eger.site.port}"
    site = f"http://{eger.site.hostname}:{eger.site.port}"
    problems = {}
    page.goto(f"{portal}/fiok/fejlesztoi-azonositas/?next=/e-ugyintezes/kinek-a-neveben/")
    page.get_by_label("Kovács János").check()
    page.get_by_role("button", name="Belépés ezzel a demó ügyféllel").click()
    page.wait_for_url("**/e-ugyintezes/kinek-a-neveben/")

    # The representation, recorded by the citizen himself, then chosen.
    from portal.journey.demo import load_demo as load_journey_demo

    load_journey_demo(eger)
    page.reload()
    page.get_by_label("Kovács és Társa Kft.").check()
    page.get_by_role("button", name="Tovább", exact=True).click()
    page.goto(f"{portal}/e-ugyintezes/eger/")
    page.get_by_role("link", name=FORM_TITLE).click()
    page.get_by_role("button", name="Kitöltés megkezdése").click()

    # Step 1: the trader; its name and tax number come from the representation.
    page.wait_for_url("**/lepes/kereskedo/")
    assert page.get_by_label("A kereskedő neve / cégneve").input_value() == "Kovács és Társa Kft."
    assert page.get_by_label("Adószám").input_value() == "12345676-2-10"
    check(page, axe_source, "1-form-first-step", problems)
    page.get_by_label("Gazdasági társaság, egyéb szervezet").check()
    page.get_by_label("Irányítószám", exact=True).fill("3300")
    page.get_by_label("Település", exact=True).fill("Eger")
    page.get_by_label("Közterület", exact=True).fill("Széchenyi István utca")
    page.get_by_label("Házszám", exact=True).fill("12")
    page.get_by_label("Cégjegyzékszám").fill("10-09-123456")
    page.get_by_label("E-mail cím").fill("iroda@kovacsestarsa.hu")
    page.get_by_label("E-mail cím").press("Enter")  # the keyboard submits the step

    # Step 2: the activity, its place in Eger and the product groups.
    page.wait_for_url("**/lepes/tevekenyseg/")
    page.get_by_label("Üzletben").check()
    page.get_by_label("Kiskereskedelem").check()
    page.get_by_label("Irányítószám", exact=True).fill("9999")
    page.get_by_label("Település", exact=True).fill("Felsővár")
    page.get_by_label("Közterület", exact=True).fill("Fő tér")
    page.get_by_label("Házszám", exact=True).fill("3")
    page.get_by_label("1.6. Zöldség és gyümölcs").check()
    starts = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("A tevékenység megkezdésének napja").fill(starts.isoformat())
    page.get_by_role("button", name="Következő lépés").click()
    # A shop in another town is not Eger's notary's to register: refused in Hungarian,
    # naming the competent one, with every answer kept.
    page.wait_for_url("**/lepes/tevekenyseg/")
    refusal = page.locator(".error-message").filter(has_text="Felsővár").first
    assert refusal.is_visible(), page.locator(".error-message").all_inner_texts()
    assert page.get_by_label("1.6. Zöldség és gyümölcs").is_checked()
    # The summary at the top links to the refused answer.
    link = page.locator(".error-summary").get_by_role("link", name="A kereskedelmi tevékenység")
    assert link.get_attribute("href") == "#mezo-tevekenyseg_helye"
    assert page.locator("#mezo-tevekenyseg_helye").get_by_text("Felsővár jegyzője").is_visible()
    check(page, axe_source, "2-form-refusal", problems)
    page.get_by_label("Irányítószám", exact=True).fill("3300")
    page.get_by_label("Település", exact=True).fill("Eger")
    page.get_by_label("Közterület", exact=True).fill("Dobó István tér")
    page.get_by_role("button", name="Következő lépés").click()

    # Step 3: the shop.
    page.wait_for_url("**/lepes/uzlet/")
    page.get_by_label("Az üzlet elnevezése").fill(SHOP)
    page.get_by_label("Az üzlet alapterülete").fill("85")
    page.get_by_label("Bérlő").check()
    page.get_by_label("Hétfő").fill("07:00-19:00")
    page.get_by_label("Szombat").fill("07:00-12:00")
    page.get_by_role("button", name="Következő lépés").click()

    # The attachments (none needed for a leased shop here), the declaration, the summary.
    page.wait_for_url("**/lepes/mellekletek/")
    page.get_by_role("button", name="Következő lépés").click()
    page.wait_for_url("**/lepes/nyilatkozatok/")
    page.get_by_label("Büntetőjogi felelősségem tudatában").check()
    page.get_by_label("Kelt (település)").fill("Eger")
    page.get_by_role("button", name="Tovább az összesítéshez").click()
    page.wait_for_url("**/osszesites/")
    check(page, axe_source, "3-form-summary", problems)
    declaration = page.get_by_label("Kijelentem, hogy a megadott adatok")
    if declaration.count():
        declaration.check()
    page.get_by_role("button", name="Az űrlap beküldése").click()
    page.wait_for_url("**/nyugta/")

    trade = Trade.objects.for_municipality(eger).get()
    message = MailboxMessage.objects.for_municipality(eger).get(
        document__subject__contains=trade.register_number
    )

    # Ügyeim: the certificate of registration in the mailbox, downloaded.
    page.goto(f"{portal}/ugyeim/postafiok/")
    check(page, axe_source, "4-ugyeim-mailbox", problems)
    page.get_by_role("link", name=message.document.subject).click()
    page.wait_for_url(f"**/ugyeim/postafiok/{message.pk}/")
    check(page, axe_source, "4-ugyeim-certificate", problems)
    with page.expect_download() as download_info:
        page.locator("a[download]").first.click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(saved).pages).split())
    for expected in (trade.register_number, "Kovács és Társa Kft.", SHOP, "A kereskedő"):
        assert expected in text, expected

    # Eger's public register page lists the new shop.
    page.goto(f"{site}/kereskedelmi-nyilvantartas/")
    assert page.get_by_text(SHOP).first.is_visible()
    check(page, axe_source, "5-register", problems)

    assert not problems, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in problems.items())
