"""A taxpayer's requests about an overpayment (a credit to another tax type, a transfer to
another authority, a refund to a bank account), their history, and the record of who
opened which taxpayer's card (tax secrecy: who looked at whom, when).

A request changes state (recorded → approved → booked, or refused with a reason) and every
change is a row of ``RequestEvent``, written once. ``CardAccess`` rows are written once
too; the database refuses UPDATE and DELETE on both tables (migration 0006)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from ..constants import TaxType


class RequestKind(models.TextChoices):
    CREDIT = "credit", _("Credit to another tax type")
    TRANSFER = "transfer", _("Transfer to another authority")
    REFUND = "refund", _("Refund to a bank account")


class RequestState(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    APPROVED = "approved", _("Approved")
    BOOKED = "booked", _("Booked")
    REFUSED = "refused", _("Refused")


class WrittenOnceError(RuntimeError):
    """History rows are written once and never changed or deleted."""


class _WrittenOnce(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise WrittenOnceError(f"{type(self).__name__} {self.pk} is written once.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise WrittenOnceError(f"{type(self).__name__} {self.pk} is written once.")


class OverpaymentRequest(TenantOwnedModel):
    taxpayer = models.ForeignKey(
        "tax.Taxpayer", on_delete=models.PROTECT, related_name="+", verbose_name=_("taxpayer")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RequestKind.choices)
    from_tax_type = models.CharField(_("from tax type"), max_length=20, choices=TaxType.choices)
    amount = models.PositiveBigIntegerField(_("amount (Ft)"))
    to_tax_type = models.CharField(
        _("to tax type"), max_length=20, choices=TaxType.choices, blank=True
    )
    authority = models.CharField(_("receiving authority"), max_length=200, blank=True)
    # Normalised: 12345678-12345678[-12345678], or an IBAN in groups of four.
    bank_account = models.CharField(_("bank account"), max_length=42, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"))
    # What the register cannot tell: the officer's finding that every return is filed,
    # and the taxpayer's statement of no public debt at other authorities.
    returns_filed = models.BooleanField(_("every return and declaration is filed"), default=False)
    no_debt_elsewhere = models.BooleanField(
        _("the taxpayer states no public debt at other authorities"), default=False
    )
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState.choices, default=RequestState.RECORDED
    )
    refusal_reason = models.TextField(_("reason of refusal"), blank=True)
    ledger_entry = models.ForeignKey(
        "tax.LedgerEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ledger entry"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("overpayment request")
        verbose_name_plural = _("overpayment requests")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "state"], name="tax_request_state")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} Ft ({self.get_state_display()})"

    @property
    def reference(self):
        return f"KERELEM-{self.pk}"


class RequestEvent(_WrittenOnce, TenantOwnedModel):
    request = models.ForeignKey(OverpaymentRequest, on_delete=models.PROTECT, related_name="events")
    state = models.CharField(_("state"), max_length=10, choices=RequestState.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    by_name = models.CharField(_("who"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.by_name} {self.get_state_display()}"


class CardAccess(_WrittenOnce, TenantOwnedModel):
    """An officer opened a taxpayer's card. The person is kept by id and name, so a
    deleted user leaves the record readable."""

    taxpayer = models.ForeignKey(
        "tax.Taxpayer", on_delete=models.PROTECT, related_name="+", verbose_name=_("taxpayer")
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user_id_kept = models.BigIntegerField(_("user id"), null=True, blank=True)
    user_name = models.CharField(_("who"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("from where"), null=True, blank=True)

    class Meta:
        verbose_name = _("card access")
        verbose_name_plural = _("card accesses")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["municipality", "at"], name="tax_card_access_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name} {self.taxpayer_id}"
