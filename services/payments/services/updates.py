"""What the provider says: webhooks, the return page and reconciliation apply it here, at
most once per provider message (its id is stored with the event it caused), so duplicate,
replayed and out-of-order messages never credit a payment twice; a paid target is told
(settled) once all it owes is paid."""

import logging
import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sites.hungarian import format_number

from ..constants import OPEN, SETTLED, EventSource, Outcome, PaymentStatus, RefundStatus
from ..models import Payment, PaymentEvent, Refund
from ..providers import InvalidNotification, ProviderError, Update, get_provider
from ..purposes import purposes
from .merchants import merchant_account
from .reading import open_amount
from .states import _locked, _move, _record

logger = logging.getLogger(__name__)


def _find(update, provider_name):
    payments = Payment.objects.unscoped().filter(provider=provider_name)
    if update.payment_uuid:
        try:
            return payments.filter(uuid=uuid.UUID(str(update.payment_uuid))).first()
        except ValueError:
            return None
    if update.reference:
        return payments.filter(provider_reference=update.reference).first()
    if update.charge:
        return payments.filter(provider_charge=update.charge).first()
    return None


def apply_update(update: Update, provider_name, *, source=EventSource.PROVIDER):
    """Apply what the provider says about a payment; returns the payment (or None when
    the message is about no payment of ours). Safe to call with the same message again."""
    found = _find(update, provider_name)
    if found is None:
        logger.warning("%s message %s is about no known payment", provider_name, update.event_id)
        return None
    if update.account:
        account = merchant_account(found.municipality_id)
        if account is None or account.stripe_account_id != update.account:
            raise InvalidNotification(
                f"message for account {update.account} about a payment of another account"
            )
    try:
        with transaction.atomic():
            payment = _locked(found)
            if (
                update.event_id
                and PaymentEvent.objects.for_municipality(payment.municipality_id)
                .filter(provider_event_id=update.event_id)
                .exists()
            ):
                return payment  # seen before: a retry or a replay
            _apply(payment, update, source)
    except IntegrityError:
        # The same message delivered twice at once: the other delivery applied it.
        return found
    if payment.status == PaymentStatus.PAID:
        settle_target(payment)
    return payment


def _apply(payment, update, source):
    event_id = update.event_id
    status = PaymentStatus(payment.status)
    if update.charge and not payment.provider_charge:
        payment.provider_charge = update.charge[:255]
        payment.save(update_fields=["provider_charge", "updated_at"])
    if update.outcome == Outcome.PAID:
        if status in SETTLED:
            _record(payment, source=source, event_id=event_id, note=_("already paid: ignored"))
            return
        if update.amount != payment.amount or (update.currency or "").upper() != "HUF":
            # Never credit a different sum: an officer must look at it.
            logger.error(
                "Payment %s: charged %s %s, owed %s HUF",
                payment.uuid,
                update.amount,
                update.currency,
                payment.amount,
            )
            _record(
                payment,
                source=source,
                event_id=event_id,
                note=_("the amount charged differs from the amount owed: not credited"),
                detail={"charged": update.amount, "currency": update.currency},
            )
            return
        _move(
            payment,
            PaymentStatus.PAID,
            source=source,
            event_id=event_id,
            note=_("confirmed by the provider"),
            detail=update.detail,
        )
    elif update.outcome in (Outcome.FAILED, Outcome.EXPIRED):
        new = PaymentStatus.FAILED if update.outcome == Outcome.FAILED else PaymentStatus.EXPIRED
        if status not in OPEN:
            # Out of order (a failure reported after the success) or repeated.
            _record(
                payment,
                source=source,
                event_id=event_id,
                note=_("%(outcome)s reported while %(status)s: ignored")
                % {"outcome": new.label, "status": payment.get_status_display()},
            )
            return
        _move(
            payment,
            new,
            source=source,
            event_id=event_id,
            detail=update.detail,
            note=_("reported by the provider"),
        )
    elif update.outcome == Outcome.REFUNDED:
        _apply_provider_refund(payment, update, source)
    elif event_id:
        _record(payment, source=source, event_id=event_id, note=_("still open"))


def _apply_provider_refund(payment, update, source):
    """A refund made at the provider (its dashboard) that we have not recorded yet."""
    total = update.refunded_total or 0
    missing = min(total, payment.amount) - payment.refunded_amount
    if missing <= 0 or payment.status not in (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED):
        _record(payment, source=source, event_id=update.event_id, note=_("refund already recorded"))
        return
    Refund.objects.create(
        municipality_id=payment.municipality_id,
        payment=payment,
        amount=missing,
        reason=_("refunded at the payment provider"),
        status=RefundStatus.SUCCEEDED,
        idempotency_key=uuid.uuid4().hex,
    )
    payment.refunded_amount += missing
    new = (
        PaymentStatus.REFUNDED
        if payment.refunded_amount == payment.amount
        else PaymentStatus.PARTIALLY_REFUNDED
    )
    _move(
        payment,
        new,
        source=source,
        event_id=update.event_id,
        note=_("%(amount)s Ft refunded at the provider") % {"amount": format_number(missing)},
    )


def settle_target(payment):
    """Tell the paid-for record, once all it owes is paid; True if it was told now. In a
    savepoint of its own: a failing hand-over leaves the payment paid (the money is taken)
    and reconciliation retries it."""
    target = payment.target
    if target is None or open_amount(target, payment.purpose) > 0:
        return False
    handler = purposes[payment.purpose]()
    if not handler.needs_settling(target):
        return False
    try:
        with transaction.atomic():
            handler.on_paid(target, payment)
    except Exception:
        logger.exception("Hand-over after payment %s failed", payment.uuid)
        _record(
            payment,
            source=EventSource.SYSTEM,
            note=_("hand-over of the paid case failed; reconciliation retries it"),
        )
        return False
    return True


def refresh(payment, source=EventSource.PROVIDER):
    """Ask the provider about an open payment and apply the answer (return page,
    reconciliation). A provider error leaves everything as it was."""
    provider = get_provider(payment.provider)
    try:
        update = provider.look_up(payment)
    except ProviderError as error:
        logger.warning("Look-up of payment %s failed: %s", payment.uuid, error)
        return payment
    if update is None:
        return payment
    if not update.payment_uuid and not update.reference:
        update.payment_uuid = str(payment.uuid)
    return apply_update(update, payment.provider, source=source) or payment


def receive_notification(provider, *, updates=None, body=None, signature=None):
    """Check and apply a server-to-server notification; InvalidNotification if it does
    not verify (the caller answers 400 and logs it).

    ``updates`` are what the view read from a provider's own webhook request
    (``provider.parse_notification``, which needs the HTTP request's body and headers);
    otherwise the signed ``body`` is checked here."""
    if updates is None:
        updates = [provider.parse_body(body, signature)]
    return [apply_update(update, provider.name) for update in updates]
