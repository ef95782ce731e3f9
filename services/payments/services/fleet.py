"""The provider's figures of payments across the fleet (the fleet console)."""

from sites.weekly import per_week

from ..constants import PaymentStatus
from ..models import Payment


def payments_per_week(weeks=12, today=None):
    """[(Monday, payments, forints)]: payments completed in each week, every purpose and
    municipality, in whole forints (refunds are not subtracted: this is what came in)."""
    paid = Payment.objects.unscoped().filter(status=PaymentStatus.PAID, paid_at__isnull=False)
    return per_week(paid, "paid_at", weeks=weeks, today=today, total="amount")
