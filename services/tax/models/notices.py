"""Notices to taxpayers: the annual balance notice (értesítő az adószámla egyenlegéről,
September, optionally one before the March due date), the payment reminders (fizetési
felszólítás) and the list of cases to hand over to enforcement.

A run writes one :class:`Notice` per taxpayer it selects. The notice is a snapshot: the
name, address, balances and transfer details as they were on the run's day, so the PDF
rendered today, next year or for the printer says the same. Only its delivery may change
afterwards (mailbox or print batch, the registry's document); ``Notice.save`` refuses
anything else, and ``key`` (unique per taxpayer) makes a re-run skip whom it has noticed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from .assessment import _Run


class NoticeKind(models.TextChoices):
    SEPTEMBER = "september", _("Annual balance notice (September)")
    MARCH = "march", _("Balance notice before the March due date")
    REMINDER = "reminder", _("Payment reminder")
    ENFORCEMENT = "enforcement", _("Enforcement list")


class NoticeChannel(models.TextChoices):
    MAILBOX = "mailbox", _("Portal mailbox")
    PRINT = "print", _("Print batch (post)")
    # A row of the enforcement list: nothing is sent to the taxpayer.
    LIST = "list", _("Enforcement list only")


class NoticeDelivery(models.TextChoices):
    PENDING = "pending", _("Waiting for delivery")
    MAILBOX = "mailbox", _("Delivered to the portal mailbox")
    PRINTED = "printed", _("In a print file")
    LISTED = "listed", _("On the list")


class NoticeRun(_Run):
    """One notice run of a municipality: who started it, its progress and counts, and the
    rules it applied (kept with the run: a later change of the data does not rewrite
    what this run did)."""

    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    as_of = models.DateField(_("balance on"))
    # The rules applied: thresholds, days, their source (data/tax/notices.json).
    rules = models.JSONField(_("rules applied"), default=dict, blank=True)
    # The collection accounts on the day: {tax type: {"holder", "giro", "iban"}}.
    accounts = models.JSONField(_("collection accounts"), default=dict, blank=True)
    taxpayers_total = models.PositiveIntegerField(_("taxpayers examined"), default=0)
    taxpayers_done = models.PositiveIntegerField(_("taxpayers done"), default=0)
    notices = models.PositiveIntegerField(_("notices made"), default=0)
    below_threshold = models.PositiveIntegerField(_("below the thresholds"), default=0)
    already_noticed = models.PositiveIntegerField(_("noticed by an earlier run"), default=0)
    to_mailbox = models.PositiveIntegerField(_("to the portal mailbox"), default=0)
    to_print = models.PositiveIntegerField(_("to the print batch"), default=0)
    total_debt = models.BigIntegerField(_("total debt (Ft)"), default=0)
    case = models.ForeignKey(
        "documents.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registry case"),
    )

    class Meta:
        verbose_name = _("notice run")
        verbose_name_plural = _("notice runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.as_of} ({self.get_state_display()})"


class WrittenNoticeError(RuntimeError):
    """A notice's snapshot is written once; only its delivery may change."""


class Notice(TenantOwnedModel):
    run = models.ForeignKey(
        NoticeRun, on_delete=models.PROTECT, related_name="+", verbose_name=_("run")
    )
    taxpayer = models.ForeignKey(
        "tax.Taxpayer", on_delete=models.PROTECT, related_name="+", verbose_name=_("taxpayer")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    # What a re-run must not send twice: "september:2026", "reminder:<digest of charges>".
    key = models.CharField(_("key"), max_length=80)
    identifier = models.CharField(_("taxpayer identifier"), max_length=13)
    name = models.CharField(_("name"), max_length=400)
    address = models.CharField(_("address"), max_length=320)
    # [{"tax_type", "balance", "overdue", "upcoming"}] in Ft, one per tax type shown.
    lines = models.JSONField(_("lines"), default=list)
    balance = models.BigIntegerField(_("balance (Ft)"))
    overdue = models.BigIntegerField(_("overdue (Ft)"), default=0)
    channel = models.CharField(_("channel"), max_length=10, choices=NoticeChannel.choices)
    channel_reason = models.CharField(_("why this channel"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Delivery: the only fields that change after the snapshot.
    delivery = models.CharField(
        _("delivery"),
        max_length=10,
        choices=NoticeDelivery.choices,
        default=NoticeDelivery.PENDING,
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered document"),
    )
    print_file = models.ForeignKey(
        "tax.NoticePrintFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("print file"),
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    DELIVERY_FIELDS = frozenset(
        {
            "delivery",
            "document",
            "document_id",
            "print_file",
            "print_file_id",
            "delivered_at",
            # The mailbox may refuse a notice: it then goes to print, with the reason.
            "channel",
            "channel_reason",
        }
    )

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "taxpayer", "key"], name="tax_notice_once_per_key"
            )
        ]
        indexes = [models.Index(fields=["run", "channel"], name="tax_notice_run_channel")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.identifier}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.DELIVERY_FIELDS:
                raise WrittenNoticeError(
                    f"Notice {self.pk} is a snapshot: only its delivery may change."
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise WrittenNoticeError(f"Notice {self.pk} is a snapshot and is kept.")


class NoticePrintFile(TenantOwnedModel):
    """One PDF for the printer: the print-channel notices of a run, in order."""

    run = models.ForeignKey(
        NoticeRun, on_delete=models.PROTECT, related_name="+", verbose_name=_("run")
    )
    sequence = models.PositiveSmallIntegerField(_("part"), default=1)
    state = models.CharField(_("state"), max_length=10, default="queued")
    file = models.FileField(_("file"), upload_to="tax/notices/%Y/", blank=True)
    notices_count = models.PositiveIntegerField(_("notices"), default=0)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    seconds = models.FloatField(_("seconds to render"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )

    class Meta:
        verbose_name = _("notice print file")
        verbose_name_plural = _("notice print files")
        constraints = [
            models.UniqueConstraint(fields=["run", "sequence"], name="tax_notice_print_file_once")
        ]
