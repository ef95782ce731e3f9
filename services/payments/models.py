"""Payments, their append-only history, refunds, and each municipality's merchant account."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from sites.hungarian import format_money
from sites.tenancy import TenantOwnedModel

from .constants import EventSource, PaymentStatus, Purpose, RefundStatus
from .providers import providers


class AppendOnlyError(RuntimeError):
    """History rows are written once and never changed or deleted."""


class MerchantAccount(TenantOwnedModel):
    """The municipality as a merchant: its own Stripe Connect account, set by the
    provider's operators. Kept here, not on the municipality, so that the payments app
    owns everything about payments."""

    stripe_account_id = models.CharField(
        _("Stripe connected account"),
        max_length=64,
        blank=True,
        help_text=_("The municipality's own Stripe account (acct_…); charges are made on it."),
    )
    display_name = models.CharField(_("name on the bank statement"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("merchant account")
        verbose_name_plural = _("merchant accounts")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="payments_one_merchant_account"),
            # Two municipalities on one Stripe account would get each other's money.
            models.UniqueConstraint(
                fields=["stripe_account_id"],
                condition=~models.Q(stripe_account_id=""),
                name="payments_stripe_account_once",
            ),
        ]

    def __str__(self):
        return self.stripe_account_id or str(self.municipality_id)


class MerchantAccountChange(TenantOwnedModel):
    """One change of a municipality's Stripe account: who, when, old → new. Its own
    append-only record rather than Wagtail's log, whose reports read the logged objects
    without a municipality scope."""

    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    old_account = models.CharField(_("old account"), max_length=64, blank=True)
    new_account = models.CharField(_("new account"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("merchant account change")
        verbose_name_plural = _("merchant account changes")
        ordering = ["-created_at", "-pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Merchant account changes are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Merchant account changes are never deleted.")


class Payment(TenantOwnedModel):
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payer"),
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    # What is paid: a form submission, a tax balance… (the purpose's handler knows it).
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("paid for")
    )
    target_id = models.CharField(_("paid for (id)"), max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    reference = models.CharField(
        _("reference"), max_length=40, help_text=_("What the payer and the bookkeeper see.")
    )
    description = models.CharField(_("description"), max_length=200)
    # Whole forints: HUF amounts are never fractions here (see the README on Stripe's rule).
    amount = models.PositiveBigIntegerField(_("amount (Ft)"))
    currency = models.CharField(_("currency"), max_length=3, default="HUF", editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.CREATED
    )
    provider = models.CharField(_("provider"), max_length=20)
    provider_reference = models.CharField(_("provider reference"), max_length=255, blank=True)
    # The provider's charge (Stripe: the PaymentIntent) that refunds are made against.
    provider_charge = models.CharField(_("provider charge"), max_length=255, blank=True)
    redirect_url = models.URLField(_("payment page"), max_length=2000, blank=True)
    # Sent with every request that creates something at the provider, so that a retry after
    # a timeout returns what the first request made instead of making it twice.
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    refunded_amount = models.PositiveBigIntegerField(_("refunded (Ft)"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["municipality", "status", "created_at"]),
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["provider", "provider_reference"]),
            models.Index(fields=["provider", "provider_charge"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(refunded_amount__lte=models.F("amount")),
                name="payments_refund_within_amount",
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {format_money(self.amount)}"

    @property
    def provider_label(self):
        """The provider as an officer knows it ("Szimulált VPOS"), not its registry name."""
        provider = providers.get(self.provider)
        return str(provider.label) if provider is not None and provider.label else self.provider

    @property
    def refundable(self):
        if self.status not in (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED):
            return 0
        return self.amount - self.refunded_amount


class PaymentEvent(TenantOwnedModel):
    """One line of a payment's history: every status change, every provider message."""

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="events", verbose_name=_("payment")
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=20, choices=EventSource.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    # The provider's id of the message (Stripe: the event id): a message seen once is
    # never applied again, however often it is delivered.
    provider_event_id = models.CharField(_("provider event"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider_event_id"],
                condition=~models.Q(provider_event_id=""),
                name="payments_provider_event_once",
            )
        ]

    @staticmethod
    def _status_label(code):
        return PaymentStatus(code).label if code in PaymentStatus.values else code

    @property
    def from_status_label(self):
        return self._status_label(self.from_status)

    @property
    def to_status_label(self):
        return self._status_label(self.to_status)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Payment events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Payment events are never deleted.")


class Refund(TenantOwnedModel):
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("payment")
    )
    amount = models.PositiveBigIntegerField(_("amount (Ft)"))
    reason = models.CharField(_("reason of the refund"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=RefundStatus.choices, default=RefundStatus.REQUESTED
    )
    provider_reference = models.CharField(_("provider reference"), max_length=255, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payments_refund_positive"
            )
        ]

    def __str__(self):
        return format_money(self.amount)


class ProviderMessage(TenantOwnedModel):
    """The inbox: every signed provider message about money (a completion, a refund, a
    dispute), stored as it arrives and applied once its payment can take it. Providers do
    not keep order — Stripe may send a refund before the payment's completion — so a
    message that cannot be applied yet waits here (pending) instead of being acknowledged
    and lost; the payment's next change and reconciliation apply it. Keyed by the
    provider's id of the message: a replay finds the row and changes nothing."""

    PENDING = "pending"
    APPLIED = "applied"
    STATUSES = [(PENDING, _("Waiting for its payment")), (APPLIED, _("Applied"))]

    provider = models.CharField(_("provider"), max_length=20)
    event_id = models.CharField(_("provider event"), max_length=255)
    outcome = models.CharField(_("what it says"), max_length=20)
    # What it is about, as the provider names it: the fields a payment is found by.
    payment_uuid = models.CharField(_("payment (as sent)"), max_length=255, blank=True)
    reference = models.CharField(_("provider reference"), max_length=255, blank=True)
    charge = models.CharField(_("provider charge"), max_length=255, blank=True)
    # The message as read and checked at the edge (providers.Update's fields).
    update = models.JSONField(_("message"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=PENDING)
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment"),
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("provider message")
        verbose_name_plural = _("provider messages")
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="payments_provider_message_once"
            )
        ]
        indexes = [models.Index(fields=["municipality", "status", "received_at"])]

    def __str__(self):
        return f"{self.provider} {self.event_id}"
