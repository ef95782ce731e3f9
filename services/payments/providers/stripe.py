"""Stripe Checkout, as direct charges on each municipality's own connected account.

Every request carries the ``Stripe-Account`` header of the municipality's account (the
municipality is the merchant of record: the money, the statement descriptor, the refunds
and disputes are its own), and every request that creates something carries an
idempotency key derived from our record, so that a retry after a timeout cannot create a
second session or a second refund.

Amounts: the Stripe API takes HUF in its minor unit (fillér, ×100) and, HUF being one of
Stripe's "special cases", whole forints only (divisible by 100) — see the README."""

import json
from datetime import timedelta

import stripe
from django.conf import settings

from ..constants import Outcome
from . import InvalidNotification, PaymentProvider, ProviderError, Started, Update, providers

MINOR_UNITS_PER_FORINT = 100

EVENT_OUTCOMES = {
    "checkout.session.async_payment_succeeded": Outcome.PAID,
    "checkout.session.async_payment_failed": Outcome.FAILED,
    "checkout.session.expired": Outcome.EXPIRED,
}


def to_minor_units(forints):
    return int(forints) * MINOR_UNITS_PER_FORINT


def to_forints(minor_units):
    """Whole forints, or None for an amount that is not a whole number of forints."""
    if minor_units is None or int(minor_units) % MINOR_UNITS_PER_FORINT:
        return None
    return int(minor_units) // MINOR_UNITS_PER_FORINT


def client():
    options = {}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        # Retries are ours (the payment stays pending and retryable); a citizen must not
        # wait through the library's back-off.
        max_network_retries=0,
        http_client=stripe.RequestsClient(timeout=settings.PAYMENT_PROVIDER_TIMEOUT),
        **options,
    )


def _connected_account(payment):
    from ..services import merchant_account

    account = merchant_account(payment.municipality_id)
    if account is None or not account.stripe_account_id:
        raise ProviderError(f"municipality {payment.municipality_id} has no Stripe account")
    return account.stripe_account_id


def _id(value):
    if isinstance(value, dict):
        return value.get("id", "")
    return value or ""


def session_update(session, event_id="", account="", outcome=None):
    """Our Update from a Checkout Session (a plain dict)."""
    if outcome is None:
        if session.get("payment_status") in ("paid", "no_payment_required"):
            outcome = Outcome.PAID
        elif session.get("status") == "expired":
            outcome = Outcome.EXPIRED
        else:
            outcome = Outcome.OPEN
    amount = to_forints(session.get("amount_total"))
    return Update(
        outcome=outcome,
        payment_uuid=session.get("client_reference_id")
        or (session.get("metadata") or {}).get("payment", ""),
        reference=session.get("id", ""),
        charge=_id(session.get("payment_intent")),
        amount=-1 if amount is None else amount,
        currency=(session.get("currency") or "").upper(),
        event_id=event_id,
        account=account,
        detail={"session": session.get("id", ""), "payment_status": session.get("payment_status")},
    )


@providers.register("stripe")
class StripeCheckout(PaymentProvider):
    label = "Stripe"

    def start(self, payment, *, success_url, cancel_url):
        account = _connected_account(payment)
        params = {
            "mode": "payment",
            "locale": "hu",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "huf",
                        "unit_amount": to_minor_units(payment.amount),
                        "product_data": {"name": payment.description},
                    },
                }
            ],
            "client_reference_id": str(payment.uuid),
            "metadata": {"payment": str(payment.uuid), "reference": payment.reference},
            "payment_intent_data": {
                "description": payment.description,
                "metadata": {"payment": str(payment.uuid), "reference": payment.reference},
            },
            "success_url": success_url + "?session_id={CHECKOUT_SESSION_ID}",
            "cancel_url": cancel_url,
        }
        if payment.expires_at:
            params["expires_at"] = int(payment.expires_at.timestamp())
        try:
            session = client().v1.checkout.sessions.create(
                params,
                {
                    "idempotency_key": f"checkout-{payment.idempotency_key}",
                    "stripe_account": account,
                },
            )
        except stripe.StripeError as error:
            raise ProviderError(_describe(error)) from error
        return Started(reference=session.id, redirect_url=session.url)

    def look_up(self, payment):
        account = _connected_account(payment)
        try:
            if payment.provider_reference:
                session = client().v1.checkout.sessions.retrieve(
                    payment.provider_reference, options={"stripe_account": account}
                )
                return session_update(session.to_dict(), account=account)
            # The answer to the creating request was lost: find the session by our id
            # among the ones created around the time the payment was.
            window = {
                "gte": int((payment.created_at - timedelta(minutes=5)).timestamp()),
                "lte": int((payment.created_at + timedelta(hours=1)).timestamp()),
            }
            sessions = client().v1.checkout.sessions.list(
                {"created": window, "limit": 100}, {"stripe_account": account}
            )
            for session in sessions.auto_paging_iter():
                data = session.to_dict()
                if data.get("client_reference_id") == str(payment.uuid):
                    return session_update(data, account=account)
        except stripe.StripeError as error:
            raise ProviderError(_describe(error)) from error
        return None

    def refund(self, payment, refund):
        account = _connected_account(payment)
        if not payment.provider_charge:
            raise ProviderError("the payment has no charge to refund yet")
        try:
            created = client().v1.refunds.create(
                {
                    "payment_intent": payment.provider_charge,
                    "amount": to_minor_units(refund.amount),
                    "metadata": {"payment": str(payment.uuid), "refund": str(refund.pk)},
                },
                {
                    "idempotency_key": f"refund-{refund.idempotency_key}",
                    "stripe_account": account,
                },
            )
        except stripe.StripeError as error:
            raise ProviderError(_describe(error)) from error
        return created.id

    def parse_return(self, request):
        # Stripe's return carries only the session id, which proves nothing: the return
        # page asks Stripe itself (look_up).
        return None

    def parse_notification(self, request):
        payload = request.body
        try:
            stripe.Webhook.construct_event(
                payload,
                request.headers.get("Stripe-Signature", ""),
                settings.STRIPE_WEBHOOK_SECRET,
                tolerance=settings.PAYMENT_SIGNATURE_TOLERANCE,
            )
            event = json.loads(payload)
            kind = event["type"]
            data = event["data"]["object"]
        except stripe.SignatureVerificationError as error:
            raise InvalidNotification(f"signature: {error.user_message or error}") from None
        except (ValueError, KeyError, TypeError) as error:
            raise InvalidNotification(f"unreadable event: {error}") from None
        account = event.get("account") or ""
        if kind == "checkout.session.completed":
            # Completed with a delayed method (bank transfer) is not yet paid: its
            # async_payment_succeeded event follows.
            return [session_update(data, event_id=event["id"], account=account)]
        if kind in EVENT_OUTCOMES:
            return [
                session_update(
                    data, event_id=event["id"], account=account, outcome=EVENT_OUTCOMES[kind]
                )
            ]
        if kind == "charge.refunded":
            refunded = to_forints(data.get("amount_refunded"))
            return [
                Update(
                    outcome=Outcome.REFUNDED,
                    charge=_id(data.get("payment_intent")),
                    refunded_total=refunded or 0,
                    event_id=event["id"],
                    account=account,
                    detail={"charge": data.get("id", "")},
                )
            ]
        return []  # an event type we do not subscribe to


def _describe(error):
    return f"{type(error).__name__}: {getattr(error, 'user_message', None) or error}"
