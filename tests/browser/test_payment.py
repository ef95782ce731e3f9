"""A citizen pays a form fee through the simulated VPOS, end to end in real Chromium: the
municipality's form, the bank's card page (and its signed callback), the return page, the
PDF receipt; then the officer refunds part of it in the admin."""

import re
from urllib.parse import urlsplit

import pytest
from wagtail.models import Site

from services.forms.models import Submission
from services.intake import services as intake
from services.payments.constants import PaymentStatus
from services.payments.demo import DEMO_FEE, load_demo
from services.payments.models import Payment
from sites.hungarian import format_number

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fee_site(live_server, initial_data_restored, given_municipality):
    municipality = given_municipality(name="Fizetővár", slug="fizetovar", ksh_code="69003")
    port = urlsplit(live_server.url).port
    Site.objects.filter(pk=municipality.site_id).update(port=port)
    customisation = load_demo(municipality)
    return municipality, customisation, f"http://{municipality.site.hostname}:{port}"


def test_a_citizen_pays_a_form_fee_with_the_simulated_vpos(page, fee_site):
    municipality, customisation, base = fee_site

    page.goto(f"{base}/urlapok/{customisation.code}/")
    page.get_by_label("Név").fill("Próba Polgár")
    page.get_by_label("E-mail cím").fill("proba@example.hu")
    page.get_by_label("Mire kéri a bizonyítványt?").fill("Munkavállaláshoz")
    page.get_by_role("button", name="Az űrlap beküldése").click()

    page.wait_for_url(re.compile(r"/fizetes/szimulalt-bank/"))
    assert page.get_by_text("SZIMULÁLT fizetés – nem valódi bank").first.is_visible()
    assert f"{format_number(DEMO_FEE)} Ft" in page.locator("body").inner_text()
    page.get_by_label("Kártyaszám").fill("4000 0000 0000 0002")
    page.get_by_role("button", name="Fizetés", exact=True).click()
    # back at the submission's own payment page, which says why and offers to pay again
    page.get_by_role("heading", name="A díj megfizetése").wait_for()
    assert page.get_by_text("A bank elutasította a fizetést").is_visible()

    page.get_by_role("button", name="Fizetés", exact=True).click()
    page.wait_for_url(re.compile(r"/fizetes/szimulalt-bank/"))
    page.get_by_label("Kártyaszám").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Fizetés", exact=True).click()
    # the receipt of the submission, registered once the fee is paid
    page.get_by_role("heading", name="Beküldési igazolás").wait_for()

    submission = Submission.objects.for_municipality(municipality).get()
    assert intake.find(municipality, submission.reference).state == "registered"
    assert submission.registry_number in page.content()
    payments = Payment.objects.for_municipality(municipality).order_by("created_at")
    assert [p.status for p in payments] == [PaymentStatus.FAILED, PaymentStatus.PAID]
    with page.expect_download() as download:
        page.get_by_role("link", name="A nyugta letöltése (PDF)").click(modifiers=["Alt"])
    assert download.value.path().read_bytes().startswith(b"%PDF")
