"""The simulated VPOS: the card page, its signed callback, the return, and resuming."""

import base64
import json
import time

import pytest
from django.urls import reverse

from services.documents.models import Case
from services.payments.constants import PaymentStatus
from services.payments.models import Payment, PaymentEvent
from services.payments.providers.signing import sign
from services.payments.providers.simulated import SIGNATURE_HEADER

from .conftest import FEE, HOST_A, HOST_B, only_submission, submit_form

pytestmark = pytest.mark.django_db


def pay_with(client, redirect_url, card):
    path = redirect_url.split("localhost", 1)[1]
    return client.post(path, {"card_number": card, "action": "pay"}, HTTP_HOST=HOST_A)


def test_approved_test_card_pays_the_fee_and_registers_the_submission(
    client, fee_form_a, municipality_a
):
    started = submit_form(client)
    assert started.status_code == 302 and "/fizetes/szimulalt-bank/" in started.url
    card_page = client.get(started.url.split("localhost", 1)[1], HTTP_HOST=HOST_A)
    assert "SZIMULÁLT fizetés – nem valódi bank" in card_page.content.decode()

    back = pay_with(client, started.url, "4242 4242 4242 4242")
    page = client.get(back.url, HTTP_HOST=HOST_A, follow=True)

    payment = Payment.objects.for_municipality(municipality_a).get()
    submission = only_submission(municipality_a)
    assert payment.status == PaymentStatus.PAID and payment.amount == FEE
    assert submission.state == "registered"
    assert submission.registry_number in page.content.decode()
    receipt = client.get(reverse("payments:receipt", args=[payment.uuid]), HTTP_HOST=HOST_A)
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")


@pytest.mark.parametrize("card", ["4000 0000 0000 0002", "4000000000009995", "4000000000000069"])
def test_declined_card_leaves_the_submission_payable_again(
    client, fee_form_a, municipality_a, card
):
    started = submit_form(client)

    back = pay_with(client, started.url, card)
    page = client.get(back.url, HTTP_HOST=HOST_A, follow=True).content.decode()

    payment = Payment.objects.for_municipality(municipality_a).get()
    submission = only_submission(municipality_a)
    assert payment.status == PaymentStatus.FAILED
    assert submission.state == "awaiting_payment"
    assert not Case.objects.for_municipality(municipality_a).exists()
    # the submission's payment page says so and offers to pay again
    assert "A bank elutasította a fizetést" in page
    assert '<form method="post">' in page
    # pay again, this time with the approved card
    again = client.post(
        reverse("intake:pay", args=[submission.municipality.slug, submission.reference]),
        HTTP_HOST=HOST_A,
    )
    pay_with(client, again.url, "4242424242424242")
    assert only_submission(municipality_a).state == "registered"
    assert Payment.objects.for_municipality(municipality_a).filter(status="paid").count() == 1


def test_unknown_card_number_is_a_clear_error_not_a_decline(client, fee_form_a, municipality_a):
    started = submit_form(client)

    response = pay_with(client, started.url, "1234")

    assert response.status_code == 400
    assert "tesztkártya" in response.content.decode()
    assert Payment.objects.for_municipality(municipality_a).get().status == PaymentStatus.PENDING


def test_cancelling_on_the_card_page_keeps_the_payment_to_continue(
    client, fee_form_a, municipality_a
):
    started = submit_form(client)
    path = started.url.split("localhost", 1)[1]

    back = client.post(path, {"action": "cancel"}, HTTP_HOST=HOST_A)
    client.get(back.url, HTTP_HOST=HOST_A, follow=True)
    submission = only_submission(municipality_a)
    again = client.post(
        reverse("intake:pay", args=[submission.municipality.slug, submission.reference]),
        HTTP_HOST=HOST_A,
    )

    assert again.url == started.url  # the same open payment, not a second one
    assert Payment.objects.for_municipality(municipality_a).count() == 1


def _notification(payment, outcome="paid", amount=None, event_id="simevt_1", secret=None):
    body = json.dumps(
        {
            "id": event_id,
            "payment": str(payment.uuid),
            "transaction": payment.provider_reference,
            "outcome": outcome,
            "reason": "approved",
            "amount": payment.amount if amount is None else amount,
            "currency": "HUF",
            "created": int(time.time()),
        }
    ).encode()
    return body, sign(body, secret or "simulated-vpos-development-secret")


def test_the_banks_callback_over_http_completes_the_payment_once(
    client, fee_form_a, municipality_a
):
    submit_form(client)
    payment = Payment.objects.for_municipality(municipality_a).get()
    body, signature = _notification(payment)
    url = reverse("payments:notification", args=["simulated"])

    first = client.post(
        url,
        body,
        content_type="application/json",
        **{"HTTP_" + SIGNATURE_HEADER.upper().replace("-", "_"): signature},
    )
    second = client.post(
        url,
        body,
        content_type="application/json",
        **{"HTTP_" + SIGNATURE_HEADER.upper().replace("-", "_"): signature},
    )

    assert first.status_code == second.status_code == 200
    assert (
        PaymentEvent.objects.for_municipality(municipality_a)
        .filter(to_status=PaymentStatus.PAID)
        .count()
        == 1
    )
    assert only_submission(municipality_a).state == "registered"


def test_a_forged_callback_is_refused(client, fee_form_a, municipality_a, caplog):
    submit_form(client)
    payment = Payment.objects.for_municipality(municipality_a).get()
    body, signature = _notification(payment, secret="not-the-banks-secret")

    response = client.post(
        reverse("payments:notification", args=["simulated"]),
        body,
        content_type="application/json",
        **{"HTTP_" + SIGNATURE_HEADER.upper().replace("-", "_"): signature},
    )

    assert response.status_code == 400
    assert "Refused simulated notification" in caplog.text
    assert Payment.objects.for_municipality(municipality_a).get().status == PaymentStatus.PENDING


def test_a_tampered_return_is_not_believed(client, fee_form_a, municipality_a):
    started = submit_form(client)
    back = pay_with(client, started.url, "4000000000000002")
    payment = Payment.objects.for_municipality(municipality_a).get()
    # the citizen rewrites "failed" into "paid" in the return address
    body, _sig = _notification(payment, event_id="simevt_forged")
    forged = base64.urlsafe_b64encode(body).decode()
    url = back.url.split("?")[0] + f"?result={forged}&signature=t=1,v1=00"

    client.get(url, HTTP_HOST=HOST_A)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED


def test_a_payment_of_another_municipality_is_not_found_on_this_site(
    client, fee_form_a, municipality_a, municipality_b
):
    started = submit_form(client)
    payment = Payment.objects.for_municipality(municipality_a).get()
    path = started.url.split("localhost", 1)[1]

    assert client.get(path, HTTP_HOST=HOST_B).status_code == 404
    assert (
        client.get(reverse("payments:returned", args=[payment.uuid]), HTTP_HOST=HOST_B).status_code
        == 404
    )
    submission = only_submission(municipality_a)
    assert (
        client.get(
            reverse("intake:pay", args=[submission.municipality.slug, submission.reference]),
            HTTP_HOST=HOST_B,
        ).status_code
        == 404
    )


def test_another_browser_cannot_see_someone_elses_payment(client, fee_form_a, municipality_a):
    from django.test import Client

    submit_form(client)
    payment = Payment.objects.for_municipality(municipality_a).get()
    submission = only_submission(municipality_a)
    stranger = Client()

    assert (
        stranger.get(
            reverse("payments:returned", args=[payment.uuid]), HTTP_HOST=HOST_A
        ).status_code
        == 404
    )
    assert (
        stranger.get(
            reverse("intake:pay", args=[submission.municipality.slug, submission.reference]),
            HTTP_HOST=HOST_A,
        ).status_code
        == 404
    )


def test_a_form_without_fee_is_registered_at_once(client, municipality_a):
    from services.forms import services as forms
    from tests.services.forms.conftest import load

    forms.publish(forms.adopt(municipality_a, load("PANASZ-001")))

    response = submit_form(client)

    assert response.status_code == 200
    assert only_submission(municipality_a).state == "registered"
    assert not Payment.objects.for_municipality(municipality_a).exists()


def test_the_demo_form_with_a_fee_is_paid_through_the_simulated_vpos(client, municipality_a):
    from services.payments.demo import DEMO_FEE, load_demo

    customisation = load_demo(municipality_a)
    assert load_demo(municipality_a) is None  # a second run adds nothing

    started = client.post(
        f"/urlapok/{customisation.code}/",
        {"nev": "Demó Polgár", "email": "demo@example.hu", "cel": "Munkavállaláshoz"},
        HTTP_HOST=HOST_A,
    )
    back = pay_with(client, started.url, "4242424242424242")
    client.get(back.url, HTTP_HOST=HOST_A, follow=True)

    payment = Payment.objects.for_municipality(municipality_a).get()
    assert (payment.status, payment.amount) == (PaymentStatus.PAID, DEMO_FEE)
    assert only_submission(municipality_a).registry_number


def test_the_receipt_states_the_payment_and_its_refunds(client, fee_form_a, municipality_a):
    import io

    from pypdf import PdfReader

    from services.payments import services

    started = submit_form(client)
    pay_with(client, started.url, "4242424242424242")
    payment = Payment.objects.for_municipality(municipality_a).get()
    services.refund(payment, 700, "Részleges visszatérítés")

    receipt = client.get(reverse("payments:receipt", args=[payment.uuid]), HTTP_HOST=HOST_A)

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(receipt.content)).pages)
    text = text.replace("\u00a0", " ")  # the thousands and the "Ft" are kept on one line
    assert "Befizetési nyugta" in text
    assert payment.reference in text and "3 000 Ft" in text
    assert "700 Ft" in text and "Részleges visszatérítés" in text
    assert municipality_a.name in text


def test_a_logged_in_citizen_can_pay_their_submission_from_another_browser(
    client, fee_form_a, municipality_a
):
    from django.test import Client

    from tests.factories.municipalities import UserFactory

    citizen, stranger = UserFactory(), UserFactory()
    client.force_login(citizen)
    submit_form(client)
    submission = only_submission(municipality_a)
    url = reverse("intake:pay", args=[submission.municipality.slug, submission.reference])
    elsewhere, other_person = Client(), Client()
    elsewhere.force_login(citizen)
    other_person.force_login(stranger)

    assert elsewhere.get(url, HTTP_HOST=HOST_A).status_code == 200
    assert other_person.get(url, HTTP_HOST=HOST_A).status_code == 404
    payment = Payment.objects.for_municipality(municipality_a).get()
    returned = reverse("payments:returned", args=[payment.uuid])
    # the payer goes on at the submission's own payment page
    assert elsewhere.get(returned, HTTP_HOST=HOST_A)["Location"] == url
    assert elsewhere.get(returned, HTTP_HOST=HOST_A, follow=True).status_code == 200
    assert other_person.get(returned, HTTP_HOST=HOST_A).status_code == 404


def test_the_simulated_bank_is_closed_when_it_is_not_the_provider(
    client, settings, fee_form_a, municipality_a
):
    started = submit_form(client)
    payment = Payment.objects.for_municipality(municipality_a).get()
    body, signature = _notification(payment)
    settings.PAYMENT_PROVIDER = "stripe"

    notified = client.post(
        reverse("payments:notification", args=["simulated"]),
        body,
        content_type="application/json",
        **{"HTTP_" + SIGNATURE_HEADER.upper().replace("-", "_"): signature},
    )
    card_page = client.get(started.url.split("localhost", 1)[1], HTTP_HOST=HOST_A)

    assert notified.status_code == card_page.status_code == 404
    assert Payment.objects.for_municipality(municipality_a).get().status == PaymentStatus.PENDING
