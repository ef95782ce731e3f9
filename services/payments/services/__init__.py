"""The payments' façade: the operations views, commands, webhooks and other apps call.
Nobody else writes the payments' models, and other apps import from here (or the app's
``models`` and ``constants``), never from the modules behind it.

Paying anything: :func:`start_payment` with the thing paid for (a form submission, later a
tax balance) and its purpose; it returns the payment and the address to send the payer to.

Behind it, by responsibility: ``states`` (the state machine and its event history),
``starting`` (a payment started or continued), ``updates`` (what the provider says:
webhooks, the return page, reconciliation), ``refunds``, ``merchants`` (each
municipality's Stripe account) and ``reading``."""

from ..providers import InvalidNotification
from ..purposes import PaymentPurpose, purposes
from .errors import IllegalTransition, PaymentError
from .merchants import check_stripe_account, merchant_account, set_stripe_account
from .reading import (
    SESSION_PAYMENTS,
    open_amount,
    paid_amount,
    payments_for,
    payments_of_payer,
    remember_payment,
)
from .refunds import refund
from .starting import start_payment
from .states import expire
from .updates import (
    apply_pending,
    apply_pending_messages,
    apply_update,
    receive_notification,
    reconcile_refunds,
    refresh,
    settle_target,
)

__all__ = [
    # what can be paid: a service registers its purpose here
    "PaymentPurpose",
    "purposes",
    "IllegalTransition",
    "InvalidNotification",
    "PaymentError",
    # paying and what is open
    "open_amount",
    "paid_amount",
    "payments_for",
    "payments_of_payer",
    "remember_payment",
    "SESSION_PAYMENTS",
    "start_payment",
    # what the provider says; reconciliation
    "apply_pending",
    "apply_pending_messages",
    "apply_update",
    "reconcile_refunds",
    "expire",
    "receive_notification",
    "refresh",
    "settle_target",
    # officers
    "refund",
    # operators: the municipality's Stripe account
    "check_stripe_account",
    "merchant_account",
    "set_stripe_account",
]

# The provider's fleet console.
from .fleet import payments_per_week  # noqa: E402

__all__ += ["payments_per_week"]  # noqa: PLE0605
