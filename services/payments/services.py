"""The operations of payments. Views, commands, webhooks and other apps call these; nobody
else writes the payments' models.

Every status change goes through :func:`_move`, on a row locked with select_for_update,
and leaves a :class:`PaymentEvent`. A message from a provider is applied at most once
(its id is stored with the event it caused), so duplicate, replayed and out-of-order
webhooks can never credit a payment twice.

Paying anything: :func:`start_payment` with the thing paid for (a form submission, later a
tax balance) and its purpose; it returns the payment and the address to send the payer to.
"""

import logging
import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import (
    OPEN,
    SETTLED,
    TRANSITIONS,
    EventSource,
    Outcome,
    PaymentStatus,
    RefundStatus,
)
from .models import MerchantAccount, MerchantAccountChange, Payment, PaymentEvent, Refund
from .providers import InvalidNotification, ProviderError, Update, get_provider
from .purposes import purposes

__all__ = [
    "InvalidNotification",
    "PaymentError",
    "apply_update",
    "open_amount",
    "payments_for",
    "payments_of_payer",
    "refresh",
    "refund",
    "set_stripe_account",
    "start_payment",
]

logger = logging.getLogger(__name__)


class PaymentError(Exception):
    """What the user asked for cannot be done; the message says why, in Hungarian."""

    def __init__(self, message, payment=None):
        self.message = str(message)
        self.payment = payment
        super().__init__(self.message)


class IllegalTransition(PaymentError):
    pass


# -- reading


def merchant_account(municipality):
    return MerchantAccount.objects.for_municipality(municipality).first()


def payments_for(target):
    return Payment.objects.for_municipality(target.municipality_id).filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    )


def payments_of_payer(user):
    """A citizen's own payments in every municipality, newest first (for Ügyeim). Scoped by
    the payer: a citizen pays many municipalities, and sees only what they paid."""
    return (
        Payment.objects.of_person(user, "payer")
        .select_related("municipality")
        .order_by("-created_at")
    )


def paid_amount(target):
    """Whole forints received for the target (refunds do not make a debt owed again)."""
    total = payments_for(target).filter(status__in=SETTLED).aggregate(total=Sum("amount"))
    return total["total"] or 0


def open_amount(target, purpose):
    return max(purposes[purpose]().owed(target) - paid_amount(target), 0)


def _locked(payment):
    return (
        Payment.objects.for_municipality(payment.municipality_id)
        .select_for_update()
        .get(pk=payment.pk)
    )


# -- the municipality as a merchant

STRIPE_ACCOUNT_ID = re.compile(r"acct_[A-Za-z0-9]{6,60}")


def check_stripe_account(account, municipality):
    """The reason ``account`` cannot be ``municipality``'s Stripe account, or None."""
    if account and not STRIPE_ACCOUNT_ID.fullmatch(account):
        return _(
            "“%(account)s” is not a Stripe account id: it starts with acct_ followed by "
            "letters and digits only, e.g. acct_1AbCdEf2GhIjKl3M."
        ) % {"account": account}
    if account:
        taken = (
            MerchantAccount.objects.unscoped()
            .filter(stripe_account_id=account)
            .exclude(municipality=municipality)
            .select_related("municipality")
            .first()
        )
        if taken is not None:
            return _("The Stripe account %(account)s already belongs to %(other)s.") % {
                "account": account,
                "other": taken.municipality.name,
            }
    return None


def set_stripe_account(municipality, account, actor=None):
    """Connect ``municipality`` to its Stripe account ('' disconnects it) and record the
    change (who, when, old → new)."""
    account = account.strip()
    problem = check_stripe_account(account, municipality)
    if problem:
        raise PaymentError(problem)
    try:
        with transaction.atomic():
            record, _created = (
                MerchantAccount.objects.for_municipality(municipality)
                .select_for_update()
                .get_or_create(municipality=municipality)
            )
            old = record.stripe_account_id
            if old == account:
                return record
            record.stripe_account_id = account
            record.save(update_fields=["stripe_account_id"])
            MerchantAccountChange.objects.for_municipality(municipality).create(
                municipality=municipality, actor=actor, old_account=old, new_account=account
            )
    except IntegrityError:
        # Another operator gave the same account to another municipality a moment ago.
        problem = check_stripe_account(account, municipality)
        raise PaymentError(problem or _("The account could not be saved; try again.")) from None
    return record


# -- history and status


def _record(
    payment, *, source, note="", from_status="", to_status="", event_id="", actor=None, detail=None
):
    return PaymentEvent.objects.create(
        municipality_id=payment.municipality_id,
        payment=payment,
        source=source,
        note=str(note)[:255],
        from_status=from_status,
        to_status=to_status,
        provider_event_id=event_id,
        actor=actor,
        detail=detail or {},
    )


def _move(payment, status, *, source, note="", event_id="", actor=None, detail=None):
    """Change the status of a locked payment, or refuse an illegal change."""
    if status not in TRANSITIONS[PaymentStatus(payment.status)]:
        raise IllegalTransition(
            _("A payment cannot go from %(old)s to %(new)s.")
            % {"old": payment.get_status_display(), "new": PaymentStatus(status).label},
            payment,
        )
    previous = payment.status
    payment.status = status
    if status == PaymentStatus.PAID:
        payment.paid_at = timezone.now()
    payment.save()
    return _record(
        payment,
        source=source,
        note=note,
        from_status=previous,
        to_status=status,
        event_id=event_id,
        actor=actor,
        detail=detail,
    )


# -- paying


def _absolute(base_url, path):
    return base_url.rstrip("/") + path


@transaction.atomic
def _payment_to_use(target, purpose, municipality, payer):
    """The open payment of the target to continue, or a new one for the open amount.

    The target row is locked so that two clicks on "Pay" cannot start two payments."""
    type(target)._base_manager.select_for_update().filter(pk=target.pk).first()
    amount = open_amount(target, purpose)
    if amount <= 0:
        raise PaymentError(_("There is nothing to pay: the amount is already paid."))
    now = timezone.now()
    for payment in payments_for(target).filter(status__in=OPEN).select_for_update():
        # One never accepted by the provider is retried with its own expiry, which
        # Stripe wants at least 30 minutes ahead: past that, a new payment is cleaner.
        margin = timedelta(0) if payment.redirect_url else timedelta(minutes=31)
        usable = payment.amount == amount and (
            payment.expires_at is None or payment.expires_at > now + margin
        )
        if usable and payment.provider == settings.PAYMENT_PROVIDER:
            return payment
        # Stale (expired, or for another amount): closed here; a late confirmation from the
        # provider still makes it paid (TRANSITIONS allows expired → paid).
        _move(
            payment,
            PaymentStatus.EXPIRED,
            source=EventSource.SYSTEM,
            note=_("replaced by a new payment"),
        )
    handler = purposes[purpose]()
    payment = Payment.objects.create(
        municipality=municipality,
        payer=payer if payer is not None and payer.is_authenticated else None,
        purpose=purpose,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        reference=str(handler.reference(target))[:40],
        description=str(handler.description(target))[:200],
        amount=amount,
        provider=settings.PAYMENT_PROVIDER,
        idempotency_key=uuid.uuid4().hex,
        expires_at=now + timedelta(minutes=settings.PAYMENT_SESSION_MINUTES),
    )
    _record(
        payment,
        source=EventSource.CITIZEN,
        to_status=PaymentStatus.CREATED,
        note=_("payment started"),
        actor=payment.payer,
    )
    # Pending from here on: from the moment the request leaves for the provider, the
    # provider may have the payment even if its answer never arrives.
    _move(payment, PaymentStatus.PENDING, source=EventSource.SYSTEM, note=_("sent to the provider"))
    return payment


def start_payment(target, *, purpose, payer=None, base_url):
    """Start (or continue) paying what is open on ``target``; returns (payment, url).

    The amount is computed here from the target's own record, never taken from the
    browser. ``base_url`` is the scheme and host the payer returns to (the municipality's
    site). Raises PaymentError when there is nothing to pay or the provider fails; the
    payment then stays pending and the next call retries it with the same idempotency key.
    """
    from django.urls import reverse

    municipality = target.municipality
    payment = _payment_to_use(target, purpose, municipality, payer)
    if payment.redirect_url:
        return payment, payment.redirect_url
    provider = get_provider(payment.provider)
    try:
        started = provider.start(
            payment,
            success_url=_absolute(base_url, reverse("payments:returned", args=[payment.uuid])),
            cancel_url=_absolute(base_url, reverse("payments:cancelled", args=[payment.uuid])),
        )
    except ProviderError as error:
        logger.warning("Payment %s could not be started: %s", payment.uuid, error)
        _record(
            payment,
            source=EventSource.PROVIDER,
            note=_("the provider did not answer: %(e)s") % {"e": str(error)[:150]},
        )
        raise PaymentError(
            _(
                "The payment service is not available right now. Your form is kept; please try "
                "paying again in a few minutes."
            ),
            payment,
        ) from error
    with transaction.atomic():
        payment = _locked(payment)
        payment.provider_reference = started.reference[:255]
        payment.redirect_url = started.redirect_url[:2000]
        payment.save(update_fields=["provider_reference", "redirect_url", "updated_at"])
        _record(
            payment,
            source=EventSource.PROVIDER,
            note=_("accepted by the provider"),
            detail={"reference": started.reference},
        )
    return payment, payment.redirect_url


# -- what the provider says


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
        note=_("%(amount)s Ft refunded at the provider") % {"amount": missing},
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


@transaction.atomic
def expire(payment, source=EventSource.SYSTEM):
    """Close an open payment whose page has expired (a late confirmation still counts)."""
    payment = _locked(payment)
    if payment.status in OPEN:
        _move(payment, PaymentStatus.EXPIRED, source=source, note=_("the payment page expired"))
    return payment


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


def receive_notification(provider, *, request=None, body=None, signature=None):
    """Check and apply a server-to-server notification; InvalidNotification if it does
    not verify (the caller answers 400 and logs it)."""
    if request is not None:
        updates = provider.parse_notification(request)
    else:
        updates = [provider.parse_body(body, signature)]
    return [apply_update(update, provider.name) for update in updates]


# -- refunds


def refund(payment, amount, reason, user=None):
    """Give back ``amount`` forints of a paid payment (all or part), with a reason.

    Refused above the refundable rest. The payment row stays locked while the provider is
    asked, so two officers cannot refund the same money twice."""
    reason = (reason or "").strip()
    if not reason:
        raise PaymentError(_("Give the reason of the refund."))
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise PaymentError(_("The amount to refund must be a positive whole number of forints."))
    failure = None
    with transaction.atomic():
        payment = _locked(payment)
        if amount > payment.refundable:
            raise PaymentError(
                _("At most %(rest)s Ft of this payment can be refunded.")
                % {"rest": payment.refundable},
                payment,
            )
        record = Refund.objects.create(
            municipality_id=payment.municipality_id,
            payment=payment,
            amount=amount,
            reason=reason[:255],
            requested_by=user,
            idempotency_key=uuid.uuid4().hex,
        )
        try:
            record.provider_reference = get_provider(payment.provider).refund(payment, record)[:255]
        except ProviderError as error:
            record.status = RefundStatus.FAILED
            record.save(update_fields=["status"])
            _record(
                payment,
                source=EventSource.OFFICER,
                actor=user,
                note=_("refund of %(amount)s Ft failed at the provider") % {"amount": amount},
                detail={"error": str(error)[:200]},
            )
            failure = error
        else:
            record.status = RefundStatus.SUCCEEDED
            record.save(update_fields=["status", "provider_reference"])
            payment.refunded_amount += amount
            new = (
                PaymentStatus.REFUNDED
                if payment.refunded_amount == payment.amount
                else PaymentStatus.PARTIALLY_REFUNDED
            )
            _move(
                payment,
                new,
                source=EventSource.OFFICER,
                actor=user,
                note=_("%(amount)s Ft refunded: %(reason)s") % {"amount": amount, "reason": reason},
                detail={"refund": record.pk},
            )
    if failure is not None:
        raise PaymentError(
            _(
                "The payment provider refused or did not answer; nothing was refunded. "
                "Try again later."
            ),
            payment,
        ) from failure
    return record
