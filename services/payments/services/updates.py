"""What the provider says: webhooks, the return page and reconciliation apply it here, at
most once per provider message (its id is stored with the event it caused), so duplicate,
replayed and out-of-order messages never credit a payment twice; a paid target is told
(settled) once all it owes is paid.

A provider's notification goes through the inbox (:class:`ProviderMessage`) first: it is
stored as it comes, then applied if its payment can take it; a refund or dispute that
arrives before its payment's completion waits there and is applied when the completion
arrives (:func:`apply_pending`) or by reconciliation (:func:`apply_pending_messages`)."""

import dataclasses
import logging
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.hungarian import format_number

from ..constants import OPEN, SETTLED, EventSource, Outcome, PaymentStatus, RefundStatus
from ..models import MerchantAccount, Payment, PaymentEvent, ProviderMessage, Refund
from ..providers import InvalidNotification, ProviderError, Update, get_provider, providers
from ..purposes import purposes
from .merchants import merchant_account
from .reading import open_amount
from .refunds import tell_refunded
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


def _requires_account(provider_name):
    provider = providers.get(provider_name)
    return provider is not None and provider.requires_account


def _check_account(update, provider_name, payment):
    """Refuse a message that does not name the payment's own merchant account when the
    provider has accounts (Stripe Connect); InvalidNotification, never applied."""
    if not update.account:
        if _requires_account(provider_name):
            raise InvalidNotification("the message names no merchant account")
        return
    account = merchant_account(payment.municipality_id)
    if account is None or account.stripe_account_id != update.account:
        raise InvalidNotification(
            f"message for account {update.account} about a payment of another account"
        )


def _ready(payment, update):
    """Whether the payment can take the message now: a refund or a dispute needs the
    money to have arrived first."""
    if update.outcome in (Outcome.REFUNDED, Outcome.DISPUTED):
        return payment.status in SETTLED
    return True


def _after(payment):
    if payment.status == PaymentStatus.PAID:
        settle_target(payment)


def apply_update(update: Update, provider_name, *, source=EventSource.PROVIDER):
    """Apply what the provider says about a payment; returns the payment (or None when
    the message is about no payment of ours). Safe to call with the same message again.

    The direct way, for what the payer's return and a look-up bring; notifications go
    through :func:`receive_notification` and the inbox."""
    found = _find(update, provider_name)
    if found is None:
        logger.warning("%s message %s is about no known payment", provider_name, update.event_id)
        return None
    _check_account(update, provider_name, found)
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
    _after(payment)
    apply_pending(payment, source=source)
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
    elif update.outcome == Outcome.DISPUTED:
        _apply_dispute(payment, update, source)
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
    tell_refunded(payment)


def _apply_dispute(payment, update, source):
    """A card dispute (chargeback) at the provider: noted in the payment's history for an
    officer to answer; it neither credits nor refunds anything here (its outcome,
    charge.dispute.closed, is noted the same way, for an officer to decide on)."""
    detail = {key: str(value)[:100] for key, value in (update.detail or {}).items()}
    logger.warning(
        "Payment %s: dispute %s at the provider (%s)",
        payment.uuid,
        detail.get("dispute", ""),
        detail.get("status", ""),
    )
    _record(
        payment,
        source=source,
        event_id=update.event_id,
        note=_("dispute at the provider (%(status)s) over %(amount)s Ft: an officer must answer it")
        % {"status": detail.get("status", ""), "amount": format_number(update.amount or 0)},
        detail={**detail, "amount": update.amount},
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
    return [receive(update, provider.name) for update in updates]


# -- the inbox


def _municipality_of_account(account):
    return (
        MerchantAccount.objects.unscoped()
        .filter(stripe_account_id=account)
        .values_list("municipality_id", flat=True)
        .first()
    )


def receive(update: Update, provider_name, *, source=EventSource.PROVIDER):
    """Store a provider's (checked) message in the inbox and apply it if its payment can
    take it; returns the payment it was applied to, or None (not applicable yet, or about
    nothing of ours). InvalidNotification for a message of no municipality's merchant
    account or of another one than its payment's."""
    found = _find(update, provider_name)
    if update.account or _requires_account(provider_name):
        municipality_id = _municipality_of_account(update.account) if update.account else None
        if municipality_id is None:
            raise InvalidNotification(
                f"the message names {update.account or 'no'} merchant account, "
                "which is no municipality's"
            )
        if found is not None:
            _check_account(update, provider_name, found)
    elif found is not None:
        municipality_id = found.municipality_id
    else:
        # Nothing names a municipality to keep it for (the simulated bank, which only
        # calls back about payments it was sent).
        logger.warning("%s message %s is about no known payment", provider_name, update.event_id)
        return None
    if not update.event_id:
        return apply_update(update, provider_name, source=source)
    message = _store(update, provider_name, municipality_id)
    payment = _apply_message(message, source)
    if payment is None:
        if message.status == ProviderMessage.PENDING:
            logger.info(
                "%s message %s (%s) kept until its payment can take it",
                provider_name,
                update.event_id,
                update.outcome,
            )
        return None
    _after(payment)
    apply_pending(payment, source=source)
    return payment


def _store(update, provider_name, municipality_id):
    data = dataclasses.asdict(update)
    data["outcome"] = str(update.outcome)
    fields = {
        "municipality_id": municipality_id,
        "outcome": str(update.outcome)[:20],
        "payment_uuid": str(update.payment_uuid or "")[:255],
        "reference": (update.reference or "")[:255],
        "charge": (update.charge or "")[:255],
        "update": data,
    }
    messages = ProviderMessage.objects.unscoped()
    try:
        with transaction.atomic():
            message, _created = messages.get_or_create(
                provider=provider_name, event_id=update.event_id, defaults=fields
            )
    except IntegrityError:
        # The same message delivered twice at once: the other delivery stored it.
        message = messages.get(provider=provider_name, event_id=update.event_id)
    return message


def _apply_message(message, source):
    """Apply one stored message if it is still pending and its payment can take it now;
    the payment, or None. The message row is locked first, then the payment's."""
    with transaction.atomic():
        message = (
            ProviderMessage.objects.for_municipality(message.municipality_id)
            .select_for_update()
            .get(pk=message.pk)
        )
        if message.status != ProviderMessage.PENDING:
            return None  # a replay, or applied meanwhile
        update = Update(**message.update)
        found = _find(update, message.provider)
        if found is None or found.municipality_id != message.municipality_id:
            return None
        payment = _locked(found)
        if not _ready(payment, update):
            if message.payment_id is None:
                # Once, so that an officer sees why the money looks unrefunded.
                note = (
                    _("a dispute reported before the payment was confirmed: kept until it is")
                    if update.outcome == Outcome.DISPUTED
                    else _("a refund reported before the payment was confirmed: kept until it is")
                )
                _record(payment, source=source, note=note, detail={"event": message.event_id})
                message.payment = payment
                message.save(update_fields=["payment"])
            return None
        try:
            with transaction.atomic():
                seen = (
                    PaymentEvent.objects.for_municipality(payment.municipality_id)
                    .filter(provider_event_id=message.event_id)
                    .exists()
                )
                if not seen:
                    _apply(payment, update, source)
        except IntegrityError:
            pass  # applied meanwhile through the payer's return (same message id)
        message.status = ProviderMessage.APPLIED
        message.payment = payment
        message.applied_at = timezone.now()
        message.save(update_fields=["status", "payment", "applied_at"])
    return payment


def apply_pending(payment, *, source=EventSource.PROVIDER):
    """Apply the stored messages that waited for this payment (found by its id, the
    provider's reference or its charge); how many were applied."""
    applied = 0
    messages = ProviderMessage.objects.for_municipality(payment.municipality_id)
    # A message applied now may make the next one applicable (a completion, then its
    # refund): again while there is progress, within reason.
    for _round in range(5):
        current = Payment.objects.for_municipality(payment.municipality_id).get(pk=payment.pk)
        about = Q(payment_uuid=str(current.uuid)) | Q(payment=current)
        if current.provider_reference:
            about |= Q(reference=current.provider_reference)
        if current.provider_charge:
            about |= Q(charge=current.provider_charge)
        pending = list(
            messages.filter(provider=current.provider, status=ProviderMessage.PENDING)
            .filter(about)
            .order_by("received_at", "pk")
        )
        progress = False
        for message in pending:
            done = _apply_message(message, source)
            if done is not None:
                applied += 1
                progress = True
                _after(done)
        if not progress:
            break
    return applied


def apply_pending_messages(*, since=None, source=EventSource.RECONCILIATION):
    """Reconciliation: try every stored message still waiting (all municipalities),
    received since ``since`` if given; the payments they were applied to."""
    applied = []
    pending = ProviderMessage.objects.unscoped().filter(status=ProviderMessage.PENDING)
    if since is not None:
        pending = pending.filter(received_at__gte=since)
    for message in pending.order_by("received_at", "pk").iterator(chunk_size=200):
        payment = _apply_message(message, source)
        if payment is not None:
            applied.append(payment)
            _after(payment)
            apply_pending(payment, source=source)
    return applied


def reconcile_refunds(payment, *, source=EventSource.RECONCILIATION):
    """Compare the refunds of a settled payment with the provider's books and record a
    refund made there that we missed. Returns (ours, provider's, repaired): whole
    forints refunded per us and per the provider (None when it cannot say)."""
    provider = get_provider(payment.provider)
    theirs = provider.refunded_total(payment)  # ProviderError to the caller
    ours = payment.refunded_amount
    if theirs is None or theirs <= ours:
        return ours, theirs, False
    account = ""
    if provider.requires_account:
        merchant = merchant_account(payment.municipality_id)
        account = merchant.stripe_account_id if merchant is not None else ""
    apply_update(
        Update(
            outcome=Outcome.REFUNDED,
            payment_uuid=str(payment.uuid),
            refunded_total=theirs,
            account=account,
            detail={"reconciliation": True},
        ),
        payment.provider,
        source=source,
    )
    payment.refresh_from_db()
    return ours, theirs, payment.refunded_amount != ours
