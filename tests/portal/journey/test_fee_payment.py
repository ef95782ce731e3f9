"""A form with a fee through the wizard: stored awaiting payment, paid with the simulated
VPOS on the portal, registered and given its receipt only once the payment is confirmed."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from services.documents.models import Case
from services.forms.models import Submission, SubmissionFile
from services.payments import services as payments
from services.payments.constants import PaymentStatus
from services.payments.models import Payment

from .conftest import (
    DECLINED_CARD,
    SIMULATOR,
    fill_all,
    pay_at_simulator,
    reference_of,
    start,
    submit,
    summary_url,
)
from .records import awaiting, drafts, receipts, state_of

pytestmark = pytest.mark.django_db

FEE = 1000  # wizard_definition: 1000 Ft per row of "tetelek"; fill_all gives one row
# How the pages and the receipt write it: a thousands separator, and the separator and the
# "Ft" kept on the line of the number (non-breaking spaces, read here as plain ones).
FEE_TEXT = "1 000 Ft"


def plain(text):
    return text.replace("\u00a0", " ")


def pay_url(form, reference):
    return f"/beadvany/{form.municipality.slug}/{reference}/fizetes/"


def receipt_url(form, reference, suffix=""):
    return f"/beadvany/{form.municipality.slug}/{reference}/nyugta/{suffix}"


def submission_of(form, reference):
    return Submission.objects.for_municipality(form.municipality).get(reference=reference)


def payments_of(form, reference):
    return Payment.objects.for_municipality(form.municipality).filter(reference=reference)


@pytest.fixture
def unpaid(citizen_client, wizard_form):
    """(reference, simulator url): the fee form submitted, its payment not made."""
    reference = reference_of(start(citizen_client, wizard_form))
    fill_all(citizen_client, wizard_form, reference)
    response = submit(citizen_client, wizard_form, reference, pay=False)
    assert response.status_code == 302
    assert SIMULATOR in response["Location"]
    return reference, response["Location"]


def test_the_summary_shows_the_fee_and_that_it_is_paid_next(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    fill_all(citizen_client, wizard_form, reference)

    page = citizen_client.get(summary_url(wizard_form, reference)).content.decode()

    assert FEE_TEXT in plain(page)
    assert "A díjat a következő lépésben fizeti meg bankkártyával." in page


def test_an_unpaid_form_is_kept_but_not_registered(unpaid, citizen_client, wizard_form):
    reference, _simulator = unpaid

    submission = submission_of(wizard_form, reference)
    assert state_of(wizard_form, reference) == "awaiting_payment"
    assert submission.fee == FEE
    assert submission.registry_number == ""
    assert submission.data["tetelek"] == [{"megnevezes": "Asztal", "darab": 2}]
    assert (
        SubmissionFile.objects.for_municipality(wizard_form.municipality)
        .filter(submission=submission)
        .exists()
    )
    assert not Case.objects.for_municipality(wizard_form.municipality).exists()
    assert not receipts(wizard_form.municipality).exists()
    assert not drafts(wizard_form.municipality).exists()
    assert awaiting(wizard_form.municipality).count() == 1
    listing = citizen_client.get("/e-ugyintezes/piszkozataim/").content.decode()
    assert pay_url(wizard_form, reference) in listing
    # The receipt does not exist yet: its address says so instead of failing.
    assert citizen_client.get(receipt_url(wizard_form, reference)).status_code == 404


def test_an_abandoned_payment_is_resumed_from_the_portal(unpaid, citizen_client, wizard_form):
    reference, simulator = unpaid

    page = citizen_client.get(pay_url(wizard_form, reference))
    assert page.status_code == 200
    assert FEE_TEXT in plain(page.content.decode())

    again = citizen_client.post(pay_url(wizard_form, reference))
    assert again.status_code == 302
    # The open payment is continued, not doubled.
    assert again["Location"] == simulator
    assert payments_of(wizard_form, reference).count() == 1

    back = pay_at_simulator(citizen_client, again["Location"])
    assert back["Location"] == receipt_url(wizard_form, reference)
    assert state_of(wizard_form, reference) == "registered"


def test_cancelling_at_the_bank_leads_back_to_the_payment_page(unpaid, citizen_client, wizard_form):
    reference, simulator = unpaid

    response = citizen_client.post(simulator, {"action": "cancel"})
    back = citizen_client.get(response["Location"])

    assert back.status_code == 302
    assert back["Location"] == pay_url(wizard_form, reference)
    assert state_of(wizard_form, reference) == "awaiting_payment"


def test_declined_then_paid_is_registered_once_with_the_payment_on_the_receipt(
    unpaid, citizen_client, wizard_form
):
    reference, simulator = unpaid

    declined = pay_at_simulator(citizen_client, simulator, card=DECLINED_CARD)
    assert declined["Location"] == pay_url(wizard_form, reference)
    page = citizen_client.get(declined["Location"]).content.decode()
    assert "A bank elutasította a fizetést." in page
    assert state_of(wizard_form, reference) == "awaiting_payment"
    assert not receipts(wizard_form.municipality).exists()

    retry = citizen_client.post(pay_url(wizard_form, reference))
    assert retry["Location"] != simulator  # a new payment: the declined one is closed
    paid = pay_at_simulator(citizen_client, retry["Location"])
    assert paid["Location"] == receipt_url(wizard_form, reference)

    submission = submission_of(wizard_form, reference)
    payment = payments_of(wizard_form, reference).get(status=PaymentStatus.PAID)
    # A late or repeated confirmation changes nothing.
    payments.settle_target(payment)
    receipt = receipts(wizard_form.municipality).get()
    assert Case.objects.for_municipality(wizard_form.municipality).count() == 1
    assert not awaiting(wizard_form.municipality).exists()
    assert state_of(wizard_form, reference) == "registered"
    assert submission.registry_number
    assert receipt.receipt["registry_number"] == submission.registry_number
    assert receipt.receipt["payment"]["amount"] == FEE
    assert receipt.receipt["payment"]["provider_reference"] == payment.provider_reference
    assert receipt.paid_at == payment.paid_at

    page = citizen_client.get(paid["Location"]).content.decode()
    assert submission.registry_number in page
    assert payment.provider_reference in page
    assert receipt.receipt_sha256 in page
    pdf = citizen_client.get(receipt_url(wizard_form, reference, "pdf/"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert payment.provider_reference in text
    assert FEE_TEXT in plain(text)


def test_the_amount_charged_is_the_fee_of_the_stored_answers(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    fill_all(citizen_client, wizard_form, reference)

    response = citizen_client.post(
        summary_url(wizard_form, reference), {"declaration": "on", "amount": "1", "fee": "1"}
    )
    citizen_client.post(pay_url(wizard_form, reference), {"amount": "1"})

    (payment,) = payments_of(wizard_form, reference)
    assert payment.amount == submission_of(wizard_form, reference).fee == FEE
    assert SIMULATOR in response["Location"]


def test_a_form_without_a_fee_is_registered_at_once_without_a_payment(
    citizen_client, free_wizard_form
):
    reference = reference_of(start(citizen_client, free_wizard_form))
    fill_all(citizen_client, free_wizard_form, reference)

    response = submit(citizen_client, free_wizard_form, reference, pay=False)

    assert response["Location"] == receipt_url(free_wizard_form, reference)
    receipt = receipts(free_wizard_form.municipality).get()
    assert "payment" not in receipt.receipt
    assert not payments_of(free_wizard_form, reference).exists()
    assert state_of(free_wizard_form, reference) == "registered"


def test_a_registry_failure_at_payment_keeps_it_paid_and_retried(
    monkeypatch, unpaid, citizen_client, wizard_form
):
    from services.intake.services import lifecycle

    reference, simulator = unpaid

    def broken(entry):
        raise RuntimeError("registry down")

    monkeypatch.setattr(lifecycle, "register_incoming", broken)
    back = pay_at_simulator(citizen_client, simulator)

    # The money is taken: the payment is paid, the form waits for its registration.
    assert back["Location"] == pay_url(wizard_form, reference)
    payment = payments_of(wizard_form, reference).get()
    assert payment.status == PaymentStatus.PAID
    assert state_of(wizard_form, reference) == "awaiting_payment"
    assert not receipts(wizard_form.municipality).exists()
    page = citizen_client.get(back["Location"]).content.decode()
    assert '<form method="post">' not in page  # nothing more to pay

    monkeypatch.undo()
    assert payments.settle_target(payment)  # what reconciliation does
    assert receipts(wizard_form.municipality).count() == 1
    assert submission_of(wizard_form, reference).registry_number


def test_another_citizen_cannot_pay_or_see_the_payment(
    unpaid, citizen_client, other_client, wizard_form, municipality_b
):
    reference, simulator = unpaid
    payment = payments_of(wizard_form, reference).get()

    assert other_client.get(pay_url(wizard_form, reference)).status_code == 404
    assert other_client.post(pay_url(wizard_form, reference)).status_code == 404
    assert other_client.get(simulator).status_code == 404
    assert other_client.get(f"/fizetes/{payment.uuid}/").status_code == 404
    assert other_client.get(f"/fizetes/{payment.uuid}/megszakitva/").status_code == 404
    assert reference not in other_client.get("/ugyeim/befizetesek/").content.decode()
    # Not under another municipality's address either, not even for the payer.
    other_place = f"/beadvany/{municipality_b.slug}/{reference}/fizetes/"
    assert citizen_client.get(other_place).status_code == 404
    anonymous = Client()
    assert anonymous.get(f"/fizetes/{payment.uuid}/").status_code == 404
    assert state_of(wizard_form, reference) == "awaiting_payment"


def test_another_citizen_cannot_get_the_payment_receipt(
    unpaid, citizen_client, other_client, wizard_form
):
    reference, simulator = unpaid
    pay_at_simulator(citizen_client, simulator)
    payment = payments_of(wizard_form, reference).get()

    assert citizen_client.get(f"/fizetes/{payment.uuid}/nyugta/").status_code == 200
    assert other_client.get(f"/fizetes/{payment.uuid}/nyugta/").status_code == 404
    assert other_client.get(receipt_url(wizard_form, reference)).status_code == 404
