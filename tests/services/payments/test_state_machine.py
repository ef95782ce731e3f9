"""The payment record: legal transitions only, append-only history, reconciliation."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from services.intake import services as intake
from services.payments import services
from services.payments.constants import EventSource, Outcome, PaymentStatus
from services.payments.models import AppendOnlyError, Payment, PaymentEvent
from services.payments.providers import Update
from services.payments.services import states
from sites.tenancy import UnscopedQueryError

from .conftest import FEE, only_submission, post_webhook, stripe_event, submit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(client, fee_form_a, municipality_a):
    submit_form(client)
    return Payment.objects.for_municipality(municipality_a).get()


def test_payments_cannot_be_queried_without_a_municipality(pending):
    with pytest.raises(UnscopedQueryError):
        list(Payment.objects.all())
    with pytest.raises(UnscopedQueryError):
        PaymentEvent.objects.filter(payment=pending).count()


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (PaymentStatus.PAID, PaymentStatus.FAILED),
        (PaymentStatus.PAID, PaymentStatus.PENDING),
        (PaymentStatus.REFUNDED, PaymentStatus.PAID),
        (PaymentStatus.CREATED, PaymentStatus.PAID),
        (PaymentStatus.FAILED, PaymentStatus.PENDING),
    ],
)
def test_illegal_transitions_are_refused(pending, start, target):
    Payment.objects.for_municipality(pending.municipality).filter(pk=pending.pk).update(
        status=start
    )
    pending.refresh_from_db()

    with pytest.raises(services.IllegalTransition):
        states._move(pending, target, source=EventSource.SYSTEM)

    pending.refresh_from_db()
    assert pending.status == start


def test_every_status_change_is_recorded_and_the_history_is_append_only(pending):
    services.apply_update(
        Update(outcome=Outcome.PAID, payment_uuid=str(pending.uuid), amount=FEE, event_id="e1"),
        "simulated",
    )

    events = list(
        PaymentEvent.objects.for_municipality(pending.municipality).filter(payment=pending)
    )
    changes = [(e.from_status, e.to_status) for e in events if e.to_status]
    assert changes == [("", "created"), ("created", "pending"), ("pending", "paid")]
    with pytest.raises(AppendOnlyError):
        events[0].note = "átírva"
        events[0].save()
    with pytest.raises(AppendOnlyError):
        events[0].delete()


def test_a_late_confirmation_of_an_expired_payment_still_counts(pending, municipality_a):
    services.expire(pending)

    services.apply_update(
        Update(outcome=Outcome.PAID, payment_uuid=str(pending.uuid), amount=FEE, event_id="late"),
        "simulated",
    )

    pending.refresh_from_db()
    assert pending.status == PaymentStatus.PAID
    assert only_submission(municipality_a).state == "registered"


def test_a_confirmation_for_an_unknown_payment_is_ignored(pending):
    assert (
        services.apply_update(
            Update(outcome=Outcome.PAID, payment_uuid="not-a-uuid", amount=FEE), "simulated"
        )
        is None
    )


def test_nothing_to_pay_once_paid(pending, municipality_a):
    services.apply_update(
        Update(outcome=Outcome.PAID, payment_uuid=str(pending.uuid), amount=FEE, event_id="e"),
        "simulated",
    )
    with pytest.raises(services.PaymentError, match="már befizették"):
        services.start_payment(
            intake.find(municipality_a, only_submission(municipality_a).reference),
            purpose="form_fee",
            base_url="http://alsovar.localhost",
        )


# -- reconciliation against the Stripe double


def test_reconciliation_repairs_what_a_lost_webhook_left_pending_and_is_repeatable(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    submit_form(client)
    stripe_api.complete(stripe_api.only_session())
    today = timezone.localdate().isoformat()

    call_command("reconcile_payments", "--since", today, "--until", today)
    call_command("reconcile_payments", "--since", today, "--until", today)

    payment = Payment.objects.for_municipality(municipality_a).get()
    assert payment.status == PaymentStatus.PAID
    assert only_submission(municipality_a).state == "registered"
    paid = PaymentEvent.objects.for_municipality(municipality_a).filter(to_status="paid")
    assert paid.count() == 1 and paid.get().source == EventSource.RECONCILIATION


def test_reconciliation_finds_a_session_whose_creation_answer_was_lost(
    client, settings, stripe_api, connected_a, fee_form_a, municipality_a
):
    settings.PAYMENT_PROVIDER_TIMEOUT = 0.3
    stripe_api.delay_next = 1.0
    submit_form(client)  # Stripe made the session, we never heard its id
    payment = Payment.objects.for_municipality(municipality_a).get()
    assert payment.provider_reference == ""
    stripe_api.complete(stripe_api.only_session())

    call_command("reconcile_payments")

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.provider_charge.startswith("pi_")


def test_reconciliation_expires_payments_abandoned_long_ago(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    submit_form(client)
    Payment.objects.for_municipality(municipality_a).update(
        expires_at=timezone.now() - timezone.timedelta(hours=2)
    )

    call_command("reconcile_payments")

    payment = Payment.objects.for_municipality(municipality_a).get()
    assert payment.status == PaymentStatus.EXPIRED
    assert only_submission(municipality_a).state == "awaiting_payment"


def test_reconciliation_retries_a_failed_hand_over(
    client, stripe_api, connected_a, fee_form_a, municipality_a, monkeypatch
):
    from services.intake.payment import ApplicationFee

    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())

    def broken(self, submission, payment):
        raise RuntimeError("registry down")

    with monkeypatch.context() as patch:
        patch.setattr(ApplicationFee, "on_paid", broken)
        post_webhook(client, stripe_event(stripe_api, "checkout.session.completed", session))
    assert only_submission(municipality_a).state == "awaiting_payment"
    assert Payment.objects.for_municipality(municipality_a).get().status == PaymentStatus.PAID

    call_command("reconcile_payments")

    assert only_submission(municipality_a).state == "registered"


def test_operators_set_the_connected_account_of_a_municipality(municipality_a):
    from django.core.management.base import CommandError

    from services.payments.models import MerchantAccount

    call_command("set_stripe_account", municipality_a.slug, "acct_1Alsovar42")
    call_command("set_stripe_account", municipality_a.slug, "acct_1Alsovar43")

    account = MerchantAccount.objects.for_municipality(municipality_a).get()
    assert account.stripe_account_id == "acct_1Alsovar43"
    with pytest.raises(CommandError):
        call_command("set_stripe_account", municipality_a.slug, "sk_live_oops")
    with pytest.raises(CommandError):
        call_command("set_stripe_account", "nincs-ilyen", "acct_1Alsovar42")
