"""Stripe Checkout, as direct charges on each municipality's own connected account.

Every request carries the ``Stripe-Account`` header of the municipality's account (the
municipality is the merchant of record: the money, the statement descriptor, the refunds
and disputes are its own), and every request that creates something carries an
idempotency key derived from our record, so that a retry after a timeout cannot create a
second session or a second refund.

Amounts: the Stripe API takes HUF in its minor unit (fillér, ×100) and, HUF being one of
Stripe's "special cases", whole forints only (divisible by 100) — see the README."""

from datetime import timedelta

import stripe
from django.conf import settings

from ..constants import Outcome
from . import InvalidNotification, PaymentProvider, ProviderError, Started, Update, providers
from .messages import amount, check, identifier, nullable, read_json, text

MINOR_UNITS_PER_FORINT = 100

EVENT_OUTCOMES = {
    "checkout.session.async_payment_succeeded": Outcome.PAID,
    "checkout.session.async_payment_failed": Outcome.FAILED,
    "checkout.session.expired": Outcome.EXPIRED,
}


DISPUTE_EVENTS = {
    "charge.dispute.created",
    "charge.dispute.updated",
    "charge.dispute.closed",
    "charge.dispute.funds_withdrawn",
    "charge.dispute.funds_reinstated",
}

# -- the shape of the events we act on (Stripe's documented Event, Checkout Session, Charge
# and Dispute objects, narrowed to the fields we read). Anything else is refused at the edge.

_STRIPE_ID = r"^[A-Za-z0-9_]+$"
# Direct charges: every event we act on is about a connected account (the municipality's).
ACCOUNT_ID = r"^acct_[A-Za-z0-9]{6,60}$"

EVENT_SCHEMA = {
    "type": "object",
    "required": ["id", "type", "account", "data"],
    "properties": {
        "id": identifier(r"^evt_[A-Za-z0-9_]+$"),
        "type": identifier(r"^[a-z0-9_.]+$", max_length=100),
        "account": identifier(ACCOUNT_ID, max_length=66),
        "data": {
            "type": "object",
            "required": ["object"],
            "properties": {"object": {"type": "object"}},
        },
    },
}

_EXPANDABLE_ID = nullable(
    {
        "anyOf": [
            identifier(_STRIPE_ID),
            {"type": "object", "required": ["id"], "properties": {"id": identifier(_STRIPE_ID)}},
        ]
    }
)

SESSION_SCHEMA = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": identifier(_STRIPE_ID),
        "client_reference_id": nullable(text(200)),
        "metadata": nullable({"type": "object", "properties": {"payment": text(200)}}),
        "payment_intent": _EXPANDABLE_ID,
        "amount_total": nullable(amount()),
        "currency": nullable(text(3)),
        "payment_status": nullable(text(40)),
        "status": nullable(text(40)),
    },
}

CHARGE_SCHEMA = {
    "type": "object",
    "required": ["id", "payment_intent", "amount_refunded"],
    "properties": {
        "id": identifier(_STRIPE_ID),
        "payment_intent": _EXPANDABLE_ID,
        "amount_refunded": amount(),
    },
}

DISPUTE_SCHEMA = {
    "type": "object",
    "required": ["id", "payment_intent", "amount", "status"],
    "properties": {
        "id": identifier(_STRIPE_ID),
        "payment_intent": _EXPANDABLE_ID,
        "charge": _EXPANDABLE_ID,
        "amount": amount(),
        "status": text(40),
        "reason": nullable(text(60)),
    },
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
    requires_account = True

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

    def refunded_total(self, payment):
        if not payment.provider_charge:
            return None
        account = _connected_account(payment)
        try:
            refunds = client().v1.refunds.list(
                {"payment_intent": payment.provider_charge, "limit": 100},
                {"stripe_account": account},
            )
            minor = sum(
                int(refund.amount)
                for refund in refunds.auto_paging_iter()
                # A pending refund is already off the municipality's balance.
                if refund.status in ("succeeded", "pending")
            )
        except stripe.StripeError as error:
            raise ProviderError(_describe(error)) from error
        return to_forints(minor)

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
            stripe.WebhookSignature.verify_header(
                payload,
                request.headers.get("Stripe-Signature", ""),
                settings.STRIPE_WEBHOOK_SECRET,
                tolerance=settings.PAYMENT_SIGNATURE_TOLERANCE,
            )
        except stripe.SignatureVerificationError as error:
            raise InvalidNotification(f"signature: {error.user_message or error}") from None
        except ValueError:
            # Not UTF-8: Stripe signs text, so this body was never Stripe's.
            raise InvalidNotification("signature: the body is not UTF-8 text") from None
        event = check(read_json(payload), EVENT_SCHEMA, "Stripe event")
        return read_event(event)


def read_event(event):
    """Our Updates from a Stripe event that has the envelope's shape (EVENT_SCHEMA)."""
    kind = event["type"]
    data = event["data"]["object"]
    event_id = event["id"]
    account = event["account"]
    if kind == "checkout.session.completed" or kind in EVENT_OUTCOMES:
        check(data, SESSION_SCHEMA, f"{kind} object")
        # Completed with a delayed method (bank transfer) is not yet paid: its
        # async_payment_succeeded event follows.
        outcome = EVENT_OUTCOMES.get(kind)
        return [session_update(data, event_id=event_id, account=account, outcome=outcome)]
    if kind == "charge.refunded":
        check(data, CHARGE_SCHEMA, f"{kind} object")
        refunded = to_forints(data["amount_refunded"])
        if refunded is None:
            raise InvalidNotification("charge.refunded: refunded amount is not whole forints")
        return [
            Update(
                outcome=Outcome.REFUNDED,
                charge=_id(data.get("payment_intent")),
                refunded_total=refunded,
                event_id=event_id,
                account=account,
                detail={"charge": data["id"]},
            )
        ]
    if kind in DISPUTE_EVENTS:
        check(data, DISPUTE_SCHEMA, f"{kind} object")
        return [
            Update(
                outcome=Outcome.DISPUTED,
                charge=_id(data.get("payment_intent")),
                # Fillér as Stripe says it: a dispute is noted, never credited or refunded.
                amount=data["amount"] // MINOR_UNITS_PER_FORINT,
                event_id=event_id,
                account=account,
                detail={
                    "dispute": data["id"],
                    "event": kind,
                    "status": data["status"],
                    "reason": data.get("reason") or "",
                },
            )
        ]
    return []  # an event type we do not subscribe to


def _describe(error):
    return f"{type(error).__name__}: {getattr(error, 'user_message', None) or error}"
