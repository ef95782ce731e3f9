"""Money events in any order: a refund or a dispute that Stripe sends before the payment's
completion is kept (the inbox) and applied when the completion arrives or when
reconciliation runs; reconciliation compares refunds with Stripe's books; every change
is in the payment's history."""

import io

import pytest
from django.core.management import call_command

from services.payments.constants import EventSource, PaymentStatus
from services.payments.models import Payment, PaymentEvent, ProviderMessage, Refund

from .conftest import FEE, only_submission, post_webhook, stripe_event, submit_form
from .stripe_double import event

pytestmark = pytest.mark.django_db


def _charge_refunded(stripe_api, session, forints, event_id=None):
    charge = {
        "id": "ch_" + session["payment_intent"],
        "object": "charge",
        "payment_intent": session["payment_intent"],
        "amount": FEE * 100,
        "amount_refunded": forints * 100,
        "currency": "huf",
    }
    return event("charge.refunded", charge, stripe_api.account_of(session["id"]), event_id)


def _dispute(stripe_api, session, kind="charge.dispute.created", status="needs_response"):
    dispute = {
        "id": "dp_test_1",
        "object": "dispute",
        "payment_intent": session["payment_intent"],
        "charge": "ch_test_1",
        "amount": FEE * 100,
        "currency": "huf",
        "reason": "fraudulent",
        "status": status,
    }
    return event(kind, dispute, stripe_api.account_of(session["id"]))


def _paid_then_refunded_at_stripe(client, stripe_api, forints=1000):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    stripe_api.refund_in_dashboard(session["payment_intent"], forints * 100)
    return session


def test_a_refund_before_the_completion_is_kept_and_applied_when_the_completion_arrives(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    session = _paid_then_refunded_at_stripe(client, stripe_api)
    refund_event = _charge_refunded(stripe_api, session, 1000)

    early = post_webhook(client, refund_event)

    payment = Payment.objects.for_municipality(municipality_a).get()
    assert early.status_code == 200  # stored: Stripe need not send it again
    assert payment.status == PaymentStatus.PENDING
    (kept,) = ProviderMessage.objects.for_municipality(municipality_a)
    assert (kept.status, kept.event_id) == (ProviderMessage.PENDING, refund_event["id"])

    post_webhook(client, stripe_event(stripe_api, "checkout.session.completed", session))
    post_webhook(client, refund_event)  # and a replay changes nothing

    payment.refresh_from_db()
    kept.refresh_from_db()
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED
    assert payment.refunded_amount == 1000
    assert Refund.objects.for_municipality(municipality_a).get().amount == 1000
    assert (kept.status, kept.payment_id) == (ProviderMessage.APPLIED, payment.pk)
    history = PaymentEvent.objects.for_municipality(municipality_a).filter(payment=payment)
    assert list(history.exclude(to_status="").values_list("to_status", flat=True)) == [
        "created",
        "pending",
        "paid",
        "partially_refunded",
    ]
    assert history.get(provider_event_id=refund_event["id"]).to_status == "partially_refunded"
    assert kept.applied_at > kept.received_at
    # the money was taken: the submission is registered all the same
    assert only_submission(municipality_a).state == "registered"


def test_reconciliation_applies_a_kept_refund_when_the_completion_never_came(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    session = _paid_then_refunded_at_stripe(client, stripe_api, forints=FEE)
    post_webhook(client, _charge_refunded(stripe_api, session, FEE))
    out = io.StringIO()

    call_command("reconcile_payments", stdout=out)
    call_command("reconcile_payments", stdout=io.StringIO())  # again: nothing more

    payment = Payment.objects.for_municipality(municipality_a).get()
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.refunded_amount == FEE
    assert Refund.objects.for_municipality(municipality_a).count() == 1
    assert ProviderMessage.objects.for_municipality(municipality_a).get().status == "applied"
    paid = PaymentEvent.objects.for_municipality(municipality_a).get(to_status="paid")
    assert paid.source == EventSource.RECONCILIATION


def test_reconciliation_records_a_refund_whose_webhook_was_lost(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    post_webhook(client, stripe_event(stripe_api, "checkout.session.completed", session))
    stripe_api.refund_in_dashboard(session["payment_intent"], 1200 * 100)  # no webhook
    out = io.StringIO()

    call_command("reconcile_payments", stdout=out)
    call_command("reconcile_payments", stdout=io.StringIO())

    payment = Payment.objects.for_municipality(municipality_a).get()
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.PARTIALLY_REFUNDED, 1200)
    assert Refund.objects.for_municipality(municipality_a).get().amount == 1200
    repaired = PaymentEvent.objects.for_municipality(municipality_a).get(
        to_status="partially_refunded"
    )
    assert repaired.source == EventSource.RECONCILIATION
    assert "1 refunds recorded from the provider" in out.getvalue()
    refund_lookups = [r for r in stripe_api.requests if r["path"] == "/v1/refunds"]
    assert {r["account"] for r in refund_lookups} == {"acct_alsovar0001"}


def test_reconciliation_reports_less_refunded_at_stripe_than_here(
    client, stripe_api, connected_a, fee_form_a, municipality_a, officer_a
):
    from services.payments import services

    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    post_webhook(client, stripe_event(stripe_api, "checkout.session.completed", session))
    services.refund(Payment.objects.for_municipality(municipality_a).get(), 500, "Próba")
    stripe_api.refunds.clear()  # Stripe's books lost it (or it was never made there)
    err = io.StringIO()

    call_command("reconcile_payments", stdout=io.StringIO(), stderr=err)

    assert "check it by hand" in err.getvalue()
    assert Payment.objects.for_municipality(municipality_a).get().refunded_amount == 500


def test_a_dispute_before_the_completion_waits_and_is_then_noted_without_moving_money(
    client, stripe_api, connected_a, fee_form_a, municipality_a, caplog
):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    dispute = _dispute(stripe_api, session)

    assert post_webhook(client, dispute).status_code == 200
    assert ProviderMessage.objects.for_municipality(municipality_a).get().status == "pending"
    post_webhook(client, stripe_event(stripe_api, "checkout.session.completed", session))

    payment = Payment.objects.for_municipality(municipality_a).get()
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.PAID, 0)
    noted = PaymentEvent.objects.for_municipality(municipality_a).get(
        provider_event_id=dispute["id"]
    )
    assert "3\u00a0000 Ft" in noted.note and noted.detail["status"] == "needs_response"
    assert "dispute dp_test_1" in caplog.text


def test_a_refund_event_of_another_municipalitys_account_is_refused(
    client, stripe_api, connected_a, connected_b, fee_form_a, municipality_a, caplog
):
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    post_webhook(client, stripe_event(stripe_api, "checkout.session.completed", session))
    refund_event = _charge_refunded(stripe_api, session, FEE)
    refund_event["account"] = "acct_felsovar002"

    response = post_webhook(client, refund_event)

    assert response.status_code == 400
    assert "Refused stripe notification" in caplog.text
    payment = Payment.objects.for_municipality(municipality_a).get()
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.PAID, 0)
    assert not ProviderMessage.objects.unscoped().filter(event_id=refund_event["id"]).exists()
