"""The state machine: every status change goes through :func:`_move`, on a row locked with
select_for_update, and leaves a :class:`PaymentEvent`."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import OPEN, TRANSITIONS, EventSource, PaymentStatus
from ..models import Payment, PaymentEvent
from .errors import IllegalTransition


def _locked(payment):
    return (
        Payment.objects.for_municipality(payment.municipality_id)
        .select_for_update()
        .get(pk=payment.pk)
    )


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


@transaction.atomic
def expire(payment, source=EventSource.SYSTEM):
    """Close an open payment whose page has expired (a late confirmation still counts)."""
    payment = _locked(payment)
    if payment.status in OPEN:
        _move(payment, PaymentStatus.EXPIRED, source=source, note=_("the payment page expired"))
    return payment
