"""Bank statements imported into the tax office, and every item they brought.

Each credit or debit item of a statement is kept once per municipality, by a key made of
what identifies it at the bank (see ``services.statements.item_key``): a second import of
the same statement, or of one that overlaps it, finds the key and books nothing. An item
that was matched is booked at once; the others wait in the unmatched queue for an officer,
who assigns, returns or closes them — who and when is on the row."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from ..constants import StatementFormat, StatementItemState, TaxType, UnmatchedReason


class StatementImport(TenantOwnedModel):
    """One upload of a statement file, with what it did."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    format = models.CharField(_("format"), max_length=10, choices=StatementFormat.choices)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    booked_count = models.PositiveIntegerField(_("booked"), default=0)
    queued_count = models.PositiveIntegerField(_("queued"), default=0)
    duplicate_count = models.PositiveIntegerField(_("already imported"), default=0)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )

    class Meta:
        verbose_name = _("statement import")
        verbose_name_plural = _("statement imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class StatementItem(TenantOwnedModel):
    """One item of a bank statement, as the bank sent it, and what became of it."""

    statement_import = models.ForeignKey(
        StatementImport,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("statement import"),
    )
    number = models.PositiveIntegerField(_("item number in the file"))
    key = models.CharField(_("key"), max_length=64)
    account = models.CharField(_("account on the statement"), max_length=40)
    tax_type = models.CharField(_("tax type"), max_length=20, choices=TaxType.choices, blank=True)
    credit = models.BooleanField(_("credit"))
    amount = models.PositiveBigIntegerField(_("amount (Ft)"))
    booked_on = models.DateField(_("booking date"))
    value_date = models.DateField(_("value date"))
    bank_reference = models.CharField(_("bank reference"), max_length=70, blank=True)
    remark = models.TextField(_("remark"), blank=True)
    payer_name = models.CharField(_("payer"), max_length=200, blank=True)
    payer_account = models.CharField(_("payer's account"), max_length=40, blank=True)
    # Everything read from the file for this item, for the officer and for an audit.
    raw = models.JSONField(_("item as read"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=StatementItemState.choices)
    reason = models.CharField(
        _("why it was not booked"), max_length=20, choices=UnmatchedReason.choices, blank=True
    )
    taxpayer = models.ForeignKey(
        "tax.Taxpayer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taxpayer"),
    )
    payment = models.ForeignKey(
        "tax.LedgerEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment booked"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("statement item")
        verbose_name_plural = _("statement items")
        ordering = ["statement_import", "number"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="tax_statement_item_once"),
            models.CheckConstraint(
                condition=~models.Q(state=StatementItemState.BOOKED)
                | models.Q(payment__isnull=False),
                name="tax_statement_booked_has_payment",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "state"], name="tax_statement_item_state"),
        ]

    def __str__(self):
        return f"{self.booked_on} {self.amount} Ft {self.remark[:40]}"
