"""What links the tax office to the citizen portal: card payments of chosen charges or a
balance (each one the thing the payments app is paying, through the ``tax_balance``
purpose), the link between a taxpayer and a portal account, and where each assessment
decision went (the mailbox of the linked account, or the print batch and why)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from ..constants import TaxType


class CardPaymentOrder(TenantOwnedModel):
    """What a card payment pays, fixed when the payer chose it: the chosen charges (none:
    the whole balance of ``tax_type``, or of every tax type when that is empty), the open
    amount per tax type at that moment, and their sum, which is what the payments app
    charges. Once the provider confirms it, the money is booked to the ledger once
    (``booked_at``); ``refunded_booked`` is how much of its refunds the ledger reflects."""

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    taxpayer = models.ForeignKey(
        "tax.Taxpayer", on_delete=models.PROTECT, related_name="+", verbose_name=_("taxpayer")
    )
    tax_type = models.CharField(_("tax type"), max_length=20, choices=TaxType.choices, blank=True)
    # Ledger entry ids of the chosen charges, in the payer's order; empty: a whole balance.
    charges = models.JSONField(_("chosen charges"), default=list, blank=True)
    # [[tax type, Ft], ...]: how the amount splits over the tax types' collection accounts,
    # in the order the money is applied (the chosen charges' tax types first).
    parts = models.JSONField(_("amount per tax type"), default=list)
    amount = models.PositiveBigIntegerField(_("amount (Ft)"))
    # [[what, Ft], ...]: what the receipt names (the chosen charges, or each tax type's
    # whole balance), as it stood when the payer chose it.
    lines = models.JSONField(_("what is paid"), default=list)
    reference = models.CharField(_("reference"), max_length=40)
    description = models.CharField(_("description"), max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # The portal account paying (the taxpayer's own, or a representative's), if any.
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payer"),
    )
    payment_uuid = models.CharField(_("paid by payment"), max_length=40, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)
    refunded_booked = models.PositiveBigIntegerField(_("refunds booked (Ft)"), default=0)

    class Meta:
        verbose_name = _("card payment of taxes")
        verbose_name_plural = _("card payments of taxes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="tax_card_order_positive"
            ),
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="tax_card_order_reference_once"
            ),
        ]

    def __str__(self):
        return self.reference


class LinkBasis(models.TextChoices):
    # The officer compared the verified KAÜ identity with the register and confirmed it.
    IDENTITY = "identity", _("Verified identity checked by the officer")
    # The system proposed it (name and date of birth match) and the officer confirmed it.
    PROPOSAL = "proposal", _("Proposed by matching name and date of birth, confirmed")


class PortalLink(TenantOwnedModel):
    """A taxpayer (a private person) of one municipality is this portal account: its
    decisions go to the account's mailbox. Who linked, when and on what basis is kept with
    the identity data that matched; an ended link stays, with who ended it and why."""

    taxpayer = models.ForeignKey(
        "tax.Taxpayer", on_delete=models.PROTECT, related_name="+", verbose_name=_("taxpayer")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("portal account"),
    )
    basis = models.CharField(_("basis"), max_length=20, choices=LinkBasis.choices)
    # The identity data compared: names, date of birth, identification method and level.
    matched = models.JSONField(_("identity data compared"), default=dict)
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    end_reason = models.CharField(_("reason of the end"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("portal account link")
        verbose_name_plural = _("portal account links")
        ordering = ["-linked_at", "-pk"]
        constraints = [
            # One account per taxpayer and one taxpayer per account at a municipality.
            models.UniqueConstraint(
                fields=["municipality", "taxpayer"],
                condition=models.Q(ended_at__isnull=True),
                name="tax_portal_link_taxpayer_once",
            ),
            models.UniqueConstraint(
                fields=["municipality", "user"],
                condition=models.Q(ended_at__isnull=True),
                name="tax_portal_link_user_once",
            ),
        ]

    def __str__(self):
        return f"{self.taxpayer_id} ↔ {self.user_id}"

    @property
    def active(self):
        return self.ended_at is None


class DeliveryOutcome(models.TextChoices):
    MAILBOX = "mailbox", _("Delivered to the portal mailbox")
    PRINT = "print", _("Sent to the print batch")


class DecisionRouting(TenantOwnedModel):
    """Where a decision addressed to the portal mailbox went, and why: the linked
    account's mailbox, or the print batch (no linked account, the mailbox refused it)."""

    decision = models.OneToOneField(
        "tax.AssessmentDecision",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decision"),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=DeliveryOutcome.choices)
    link = models.ForeignKey(
        PortalLink,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("portal account link"),
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    routed_at = models.DateTimeField(_("routed at"), default=timezone.now)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("routed by"),
    )

    class Meta:
        verbose_name = _("decision routing")
        verbose_name_plural = _("decision routings")

    def __str__(self):
        return f"{self.decision_id}: {self.get_outcome_display()}"
