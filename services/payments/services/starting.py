"""Paying: start (or continue) the payment of what is open on a target."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import OPEN, EventSource, PaymentStatus
from ..models import Payment
from ..providers import ProviderError, get_provider
from ..purposes import purposes
from .errors import PaymentError
from .reading import open_amount, payments_for
from .states import _locked, _move, _record

logger = logging.getLogger(__name__)


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
