"""What is paid and what is still open: a target's payments, a payer's own payments."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum

from ..constants import SETTLED
from ..models import Payment
from ..purposes import purposes


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


# The browser sessions that started a payment without an account may come back to it.
SESSION_PAYMENTS = "payments"


def remember_payment(session, payment):
    """Let this browser session come back to a payment it started without logging in."""
    kept = [v for v in session.get(SESSION_PAYMENTS, []) if v != str(payment.uuid)][-49:]
    session[SESSION_PAYMENTS] = [*kept, str(payment.uuid)]
