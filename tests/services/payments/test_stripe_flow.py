"""Paying a form fee with Stripe Checkout, through the real stripe-python client against
the local double of the Stripe API, with webhooks signed the way Stripe signs them."""

import pytest
from django.urls import reverse

from services.documents.models import Case
from services.payments import services
from services.payments.constants import PaymentStatus
from services.payments.models import Payment, PaymentEvent, ProviderMessage

from .conftest import FEE, HOST_A, only_submission, post_webhook, stripe_event, submit_form
from .stripe_double import event

pytestmark = pytest.mark.django_db


def test_submitting_a_fee_form_opens_a_checkout_session_on_the_municipalitys_account(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    response = submit_form(client)

    submission = only_submission(municipality_a)
    payment = Payment.objects.for_municipality(municipality_a).get()
    assert response.status_code == 302
    assert response.url == payment.redirect_url
    assert response.url.startswith("https://checkout.stripe.com/")
    assert submission.state == "awaiting_payment"
    assert not Case.objects.for_municipality(municipality_a).exists()
    (request,) = stripe_api.requests
    assert request["account"] == "acct_alsovar0001"
    assert request["idempotency_key"] == f"checkout-{payment.idempotency_key}"
    price = request["params"]["line_items"][0]["price_data"]
    assert (price["currency"], int(price["unit_amount"])) == ("huf", FEE * 100)
    assert payment.amount == FEE == submission.fee
    assert payment.status == PaymentStatus.PENDING


def test_the_webhook_alone_completes_the_payment_and_registers_the_submission(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())

    response = post_webhook(client, stripe_event(stripe_api, "checkout.session.completed", session))

    assert response.status_code == 200
    payment = Payment.objects.for_municipality(municipality_a).get()
    submission = only_submission(municipality_a)
    assert payment.status == PaymentStatus.PAID
    assert payment.provider_charge == session["payment_intent"]
    assert submission.state == "registered"
    assert submission.registry_number
    assert (
        Case.objects.for_municipality(municipality_a).filter(submission_id=submission.pk).count()
        == 1
    )


def test_the_return_page_completes_a_payment_whose_webhook_was_lost(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    payment = Payment.objects.for_municipality(municipality_a).get()

    page = client.get(
        reverse("payments:returned", args=[payment.uuid]) + f"?session_id={session['id']}",
        HTTP_HOST=HOST_A,
        follow=True,
    )

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert "nyugta" in page.content.decode()
    assert only_submission(municipality_a).state == "registered"


@pytest.mark.parametrize("kind", ["duplicate", "replayed_after_refund"])
def test_a_webhook_delivered_again_never_credits_twice(
    client, stripe_api, connected_a, fee_form_a, municipality_a, kind
):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    completed = stripe_event(stripe_api, "checkout.session.completed", session)
    post_webhook(client, completed)
    payment = Payment.objects.for_municipality(municipality_a).get()
    if kind == "replayed_after_refund":
        services.refund(payment, FEE, "Téves befizetés")

    again = post_webhook(client, completed)
    # A different event id with the same content (Stripe may send both).
    other = post_webhook(
        client, stripe_event(stripe_api, "checkout.session.async_payment_succeeded", session)
    )

    assert again.status_code == other.status_code == 200
    payment.refresh_from_db()
    paid_events = PaymentEvent.objects.for_municipality(municipality_a).filter(
        payment=payment, to_status=PaymentStatus.PAID
    )
    assert paid_events.count() == 1
    assert payment.status == (PaymentStatus.PAID if kind == "duplicate" else PaymentStatus.REFUNDED)
    assert Case.objects.for_municipality(municipality_a).count() == 1


def test_out_of_order_failure_after_success_is_ignored(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    post_webhook(
        client, stripe_event(stripe_api, "checkout.session.async_payment_succeeded", session)
    )

    post_webhook(client, stripe_event(stripe_api, "checkout.session.async_payment_failed", session))
    post_webhook(client, stripe_event(stripe_api, "checkout.session.expired", session))

    payment = Payment.objects.for_municipality(municipality_a).get()
    assert payment.status == PaymentStatus.PAID


def test_expired_session_leaves_the_submission_payable_again(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    submit_form(client)
    first = stripe_api.expire(stripe_api.only_session())
    post_webhook(client, stripe_event(stripe_api, "checkout.session.expired", first))
    submission = only_submission(municipality_a)
    assert submission.state == "awaiting_payment"

    again = client.post(
        reverse("intake:pay", args=[submission.municipality.slug, submission.reference]),
        HTTP_HOST=HOST_A,
    )

    payments = Payment.objects.for_municipality(municipality_a).order_by("created_at")
    assert [p.status for p in payments] == [PaymentStatus.EXPIRED, PaymentStatus.PENDING]
    assert again.url == payments[1].redirect_url != payments[0].redirect_url
    assert payments[1].amount == FEE


@pytest.mark.parametrize(
    "signature",
    ["forged", "stale", "missing", "other_secret"],
)
def test_forged_or_stale_signatures_are_refused_and_logged(
    client, stripe_api, connected_a, fee_form_a, municipality_a, signature, caplog
):
    import time

    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    payload = stripe_event(stripe_api, "checkout.session.completed", session)
    options = {
        "forged": {"signature": f"t={int(time.time())},v1={'0' * 64}"},
        "stale": {"timestamp": int(time.time()) - 3600},
        "missing": {"signature": ""},
        "other_secret": {"secret": "whsec_someone_else"},
    }[signature]

    response = post_webhook(client, payload, **options)

    assert response.status_code == 400
    assert "Refused stripe notification" in caplog.text
    assert Payment.objects.for_municipality(municipality_a).get().status == PaymentStatus.PENDING


def test_a_provider_outage_leaves_the_payment_pending_and_the_retry_reuses_its_key(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    stripe_api.fail_next = 1

    failed = submit_form(client)

    submission = only_submission(municipality_a)
    payment = Payment.objects.for_municipality(municipality_a).get()
    # back to the submission's own payment page, which says why
    assert failed.status_code == 302
    assert failed.url == f"/beadvany/{municipality_a.slug}/{submission.reference}/fizetes/"
    assert payment.status == PaymentStatus.PENDING and not payment.redirect_url
    page = client.get(failed.url, HTTP_HOST=HOST_A).content.decode()
    assert "nem érhető el" in page

    retried = client.post(failed.url, HTTP_HOST=HOST_A)

    payment.refresh_from_db()
    assert retried.url == payment.redirect_url
    keys = {r["idempotency_key"] for r in stripe_api.requests}
    assert keys == {f"checkout-{payment.idempotency_key}"}
    assert Payment.objects.for_municipality(municipality_a).count() == 1
    assert submission.fee == payment.amount


def test_a_timeout_leaves_the_payment_pending(
    client, settings, stripe_api, connected_a, fee_form_a, municipality_a
):
    settings.PAYMENT_PROVIDER_TIMEOUT = 0.3
    stripe_api.delay_next = 1.0

    response = submit_form(client)

    payment = Payment.objects.for_municipality(municipality_a).get()
    reference = only_submission(municipality_a).reference
    assert response.url == f"/beadvany/{municipality_a.slug}/{reference}/fizetes/"
    assert payment.status == PaymentStatus.PENDING
    assert only_submission(municipality_a).state == "awaiting_payment"


def test_an_amount_that_differs_from_what_is_owed_is_not_credited(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    session["amount_total"] = 100  # 1 Ft instead of the fee

    post_webhook(client, stripe_event(stripe_api, "checkout.session.completed", session))

    payment = Payment.objects.for_municipality(municipality_a).get()
    assert payment.status == PaymentStatus.PENDING
    assert only_submission(municipality_a).state == "awaiting_payment"


def test_a_webhook_of_another_account_cannot_complete_a_payment(
    client, stripe_api, connected_a, connected_b, fee_form_a, municipality_a
):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    payload = stripe_event(stripe_api, "checkout.session.completed", session)
    payload["account"] = "acct_felsovar002"

    response = post_webhook(client, payload)

    assert response.status_code == 400
    assert Payment.objects.for_municipality(municipality_a).get().status == PaymentStatus.PENDING


def test_refunds_go_to_the_connected_account_and_stop_at_the_rest(
    client, stripe_api, connected_a, fee_form_a, municipality_a, officer_a
):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    post_webhook(client, stripe_event(stripe_api, "checkout.session.completed", session))
    payment = Payment.objects.for_municipality(municipality_a).get()

    services.refund(payment, 1000, "Részben jogosulatlan díj", user=officer_a)
    with pytest.raises(services.PaymentError, match="2\u00a0000 Ft"):
        services.refund(payment, 2500, "Túl sok", user=officer_a)
    services.refund(payment, 2000, "A maradék", user=officer_a)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert stripe_api.refunded_total(session["payment_intent"]) == FEE * 100
    refunds = [r for r in stripe_api.requests if r["path"] == "/v1/refunds"]
    assert {r["account"] for r in refunds} == {"acct_alsovar0001"}
    assert len({r["idempotency_key"] for r in refunds}) == 2


def test_a_refund_made_in_the_stripe_dashboard_is_recorded_once(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    post_webhook(client, stripe_event(stripe_api, "checkout.session.completed", session))
    charge = {
        "id": "ch_test_1",
        "object": "charge",
        "payment_intent": session["payment_intent"],
        "amount": FEE * 100,
        "amount_refunded": 1200 * 100,
        "currency": "huf",
    }
    refunded = event("charge.refunded", charge, stripe_api.account_of(session["id"]))

    post_webhook(client, refunded)
    post_webhook(client, refunded)

    payment = Payment.objects.for_municipality(municipality_a).get()
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED
    assert payment.refunded_amount == 1200


def test_a_payment_never_accepted_is_replaced_once_too_close_to_its_expiry(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    from django.utils import timezone

    stripe_api.fail_next = 1
    failed = submit_form(client)
    Payment.objects.for_municipality(municipality_a).update(
        expires_at=timezone.now() + timezone.timedelta(minutes=20)
    )

    retried = client.post(failed.url, HTTP_HOST=HOST_A)

    old, new = Payment.objects.for_municipality(municipality_a).order_by("created_at")
    assert old.status == PaymentStatus.EXPIRED and new.status == PaymentStatus.PENDING
    assert retried.url == new.redirect_url
    created = [r for r in stripe_api.requests if r["path"] == "/v1/checkout/sessions"]
    assert int(created[-1]["params"]["expires_at"]) >= timezone.now().timestamp() + 30 * 60


def test_a_delayed_payment_method_is_paid_only_when_stripe_says_it_succeeded(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session(), paid=False)

    post_webhook(client, stripe_event(stripe_api, "checkout.session.completed", session))
    payment = Payment.objects.for_municipality(municipality_a).get()
    assert payment.status == PaymentStatus.PENDING
    assert only_submission(municipality_a).state == "awaiting_payment"

    session = stripe_api.complete(session["id"], paid=True)
    post_webhook(
        client, stripe_event(stripe_api, "checkout.session.async_payment_succeeded", session)
    )

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert only_submission(municipality_a).state == "registered"


def test_an_event_about_no_payment_of_ours_is_kept_and_changes_nothing(
    client, stripe_api, connected_a, caplog
):
    stranger = {
        "id": "cs_test_unknown",
        "object": "checkout.session",
        "client_reference_id": None,
        "metadata": {},
        "payment_status": "paid",
        "status": "complete",
        "amount_total": 100000,
        "currency": "huf",
        "payment_intent": "pi_unknown",
    }
    from .stripe_double import event as make_event

    response = post_webhook(
        client, make_event("checkout.session.completed", stranger, "acct_alsovar0001")
    )
    ignored = post_webhook(
        client, make_event("customer.created", {"id": "cus_1"}, "acct_alsovar0001")
    )
    # The merchant account is required on every event, even one we do not act on.
    anonymous = post_webhook(client, make_event("customer.created", {"id": "cus_1"}, ""))

    assert response.status_code == ignored.status_code == 200
    assert anonymous.status_code == 400
    assert "Refused stripe notification" in caplog.text
    # Kept in case its payment turns up (reconciliation tries it again), credited nowhere.
    (kept,) = ProviderMessage.objects.unscoped().all()
    assert (kept.status, kept.reference) == ("pending", "cs_test_unknown")
    assert not Payment.objects.unscoped().exists()


def test_a_refund_the_provider_refuses_is_recorded_as_failed_and_changes_nothing(
    client, stripe_api, connected_a, fee_form_a, municipality_a, officer_a
):
    from services.payments.models import Refund

    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    post_webhook(client, stripe_event(stripe_api, "checkout.session.completed", session))
    payment = Payment.objects.for_municipality(municipality_a).get()
    stripe_api.fail_next = 1

    with pytest.raises(services.PaymentError, match="nem történt visszatérítés"):
        services.refund(payment, 1000, "Próba", user=officer_a)

    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.PAID, 0)
    assert Refund.objects.for_municipality(municipality_a).get().status == "failed"
    assert stripe_api.refunded_total(session["payment_intent"]) == 0
    services.refund(payment, 1000, "Újra", user=officer_a)  # and it can be tried again
    assert stripe_api.refunded_total(session["payment_intent"]) == 1000 * 100
