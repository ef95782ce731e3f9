"""Collection accounts and the taxpayer account (adószámla).

The account is an append-only ledger per taxpayer and tax type. An entry is written once:
a correction is a reversing entry, never an edit. The model refuses changes and deletion,
and the database does too (migration 0002: a trigger on PostgreSQL and on SQLite)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel
from sites.validators import normalise_giro_account

from ..constants import ChargeOrigin, EntryKind, TaxType


class ImmutableEntryError(RuntimeError):
    """Ledger entries are written once and never changed or deleted."""


class CollectionAccount(TenantOwnedModel):
    """The municipality's bank account into which one tax type is paid."""

    tax_type = models.CharField(_("tax type"), max_length=20, choices=TaxType.choices)
    giro = models.CharField(_("bank account number"), max_length=26)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    holder_name = models.CharField(_("account holder"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("collection account")
        verbose_name_plural = _("collection accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "tax_type"], name="tax_one_account_per_tax_type"
            )
        ]

    def __str__(self):
        return f"{self.get_tax_type_display()}: {self.giro}"

    def clean(self):
        from services.forms import services as forms

        super().clean()
        errors = {}
        try:
            self.giro = normalise_giro_account(self.giro)
        except ValidationError as error:
            errors["giro"] = error.messages
        if self.iban:
            try:
                self.iban = forms.normalise_iban(self.iban)
            except ValidationError as error:
                errors["iban"] = error.messages
            else:
                if not errors and self.iban.replace(" ", "")[4:] != self.giro.replace(
                    "-", ""
                ).ljust(24, "0"):
                    errors["iban"] = [_("The IBAN and the bank account number do not match.")]
        if errors:
            raise ValidationError(errors)


class LedgerEntry(TenantOwnedModel):
    # The ledger takes rows by the hundred thousand (the assessment, the interest run), and
    # every index costs each of them: the single-column indexes Django gives a foreign key
    # are left out where a composite index starts with the column (municipality, taxpayer:
    # ``tax_entry_account_date``) or replaced by partial ones that skip the NULLs (links,
    # the recording user: empty on the rows of runs), which serve the same lookups.
    municipality = models.ForeignKey(
        "municipal.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
        db_index=False,
    )
    taxpayer = models.ForeignKey(
        "tax.Taxpayer",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("taxpayer"),
        db_index=False,
    )
    tax_type = models.CharField(_("tax type"), max_length=20, choices=TaxType.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    origin = models.CharField(_("origin"), max_length=20, choices=ChargeOrigin.choices, blank=True)
    # The figure on the line, always positive; how it moves the balance is ``signed_amount``
    # (constants.BALANCE_SIGN), kept in its own column so a balance is one indexed sum.
    amount = models.PositiveBigIntegerField(_("amount (Ft)"))
    signed_amount = models.BigIntegerField(_("effect on the balance (Ft)"))
    # The effective date: a payment's value date, a charge's booking date.
    booked_on = models.DateField(_("booked on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    period_year = models.PositiveSmallIntegerField(_("tax year"), null=True, blank=True)
    instalment = models.PositiveSmallIntegerField(_("instalment"), null=True, blank=True)
    # An allocation: the charge (or transfer, refund) it pays; an interest charge: the
    # charge it was calculated on.
    target = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applies to"),
        db_index=False,
    )
    # An allocation: the payment or credit whose money it uses; a reversal: the entry it
    # reverses; a credit from a transfer: the transfer.
    source = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
        db_index=False,
    )
    # A transfer: the tax type the money goes to (blank: out of the municipality, e.g. to
    # another authority).
    counter_tax_type = models.CharField(
        _("to tax type"), max_length=20, choices=TaxType.choices, blank=True
    )
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Set by runs and imports that may be repeated: the second time books nothing.
    idempotency_key = models.CharField(_("idempotency key"), max_length=120, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        db_index=False,
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["booked_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="tax_entry_idempotent",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EntryKind.CHARGE)
                | (models.Q(due_on__isnull=False) & ~models.Q(origin="")),
                name="tax_charge_has_due_date_and_origin",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EntryKind.ALLOCATION)
                | (
                    models.Q(signed_amount=0)
                    & models.Q(source__isnull=False)
                    & models.Q(target__isnull=False)
                ),
                name="tax_allocation_links_money_to_use",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EntryKind.REVERSAL) | models.Q(source__isnull=False),
                name="tax_reversal_names_entry",
            ),
        ]
        indexes = [
            # Balance at a date: one range scan per taxpayer and tax type.
            models.Index(
                fields=["municipality", "taxpayer", "tax_type", "booked_on"],
                name="tax_entry_account_date",
            ),
            models.Index(fields=["municipality", "kind", "due_on"], name="tax_entry_due"),
            models.Index(
                fields=["target"], name="tax_entry_target", condition=models.Q(target__isnull=False)
            ),
            models.Index(
                fields=["source"], name="tax_entry_source", condition=models.Q(source__isnull=False)
            ),
            models.Index(
                fields=["recorded_by"],
                name="tax_entry_recorded_by",
                condition=models.Q(recorded_by__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.booked_on} {self.get_kind_display()} {self.amount} Ft"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableEntryError(f"Ledger entry {self.pk} cannot change: book a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEntryError(f"Ledger entry {self.pk} cannot be deleted: book a reversal.")
