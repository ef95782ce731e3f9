"""Refunds: money goes back only through a :class:`Refund`, never above what is left."""

import logging
import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from sites.hungarian import format_number

from ..constants import EventSource, PaymentStatus, RefundStatus
from ..models import Refund
from ..providers import ProviderError, get_provider
from ..purposes import purposes
from .errors import PaymentError
from .states import _locked, _move, _record

logger = logging.getLogger(__name__)


def tell_refunded(payment):
    """Tell the paid-for record how much of its payment went back, in a savepoint: a
    failing hand-over leaves the refund recorded (the money is gone) and is noted."""
    handler = purposes.get(payment.purpose)
    target = payment.target
    if handler is None or target is None:
        return
    try:
        with transaction.atomic():
            handler().on_refunded(target, payment)
    except Exception:
        logger.exception("Hand-over of the refund of payment %s failed", payment.uuid)
        _record(
            payment,
            source=EventSource.SYSTEM,
            note=_("hand-over of the refund to the paid case failed"),
        )


def refund(payment, amount, reason, user=None, *, actor=None):
    """Give back ``amount`` forints of a paid payment (all or part), with a reason.

    ``actor`` (sites.actor) is who asks and through which channel; ``user`` names the person
    when a caller has no actor. Refused above the refundable rest. The payment row stays
    locked while the provider is asked, so two officers cannot refund the same money twice."""
    if user is None and actor is not None:
        user = actor.user
    # The history's own columns say who; the channel (admin, API, batch) goes with the detail.
    channel = {"channel": str(actor.channel)} if actor is not None else {}
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
                % {"rest": format_number(payment.refundable)},
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
                note=_("refund of %(amount)s Ft failed at the provider")
                % {"amount": format_number(amount)},
                detail={"error": str(error)[:200], **channel},
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
                note=_("%(amount)s Ft refunded: %(reason)s")
                % {"amount": format_number(amount), "reason": reason},
                detail={"refund": record.pk, **channel},
            )
            tell_refunded(payment)
    if failure is not None:
        raise PaymentError(
            _(
                "The payment provider refused or did not answer; nothing was refunded. "
                "Try again later."
            ),
            payment,
        ) from failure
    return record
