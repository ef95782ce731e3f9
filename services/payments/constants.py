from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Created")
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


# Which status may follow which. A paid payment only moves on through refunds. A failed or
# expired one may still become paid: a bank's late, verified confirmation means the money
# was taken, and losing that would be worse than an unusual history.
TRANSITIONS = {
    PaymentStatus.CREATED: {PaymentStatus.PENDING, PaymentStatus.FAILED, PaymentStatus.EXPIRED},
    PaymentStatus.PENDING: {PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.EXPIRED},
    PaymentStatus.FAILED: {PaymentStatus.PAID},
    PaymentStatus.EXPIRED: {PaymentStatus.PAID},
    PaymentStatus.PAID: {PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED},
    PaymentStatus.PARTIALLY_REFUNDED: {
        PaymentStatus.PARTIALLY_REFUNDED,
        PaymentStatus.REFUNDED,
    },
    PaymentStatus.REFUNDED: set(),
}

# Statuses in which the money is (or was) with the municipality.
SETTLED = {PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED}
# Statuses in which the citizen may still pay through this very payment.
OPEN = {PaymentStatus.CREATED, PaymentStatus.PENDING}


class Purpose(models.TextChoices):
    FORM_FEE = "form_fee", _("Form fee")
    TAX_BALANCE = "tax_balance", _("Tax balance")
    OTHER = "other", _("Other")


class EventSource(models.TextChoices):
    SYSTEM = "system", _("System")
    CITIZEN = "citizen", _("Payer")
    PROVIDER = "provider", _("Payment provider")
    OFFICER = "officer", _("Officer")
    RECONCILIATION = "reconciliation", _("Reconciliation")


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Outcome(models.TextChoices):
    """What a provider says happened to a payment (a notification, a look-up)."""

    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")
    OPEN = "open", _("Still open")
    REFUNDED = "refunded", _("Refunded")
    DISPUTED = "disputed", _("Disputed")
