"""The annual assessment (kivetés) of building, land and communal tax, its decisions and
print batches, and the late-interest runs: each run is a row that records who started it,
its progress and its counts, so a later admin page can show them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from ..constants import DeliveryChannel


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DecisionKind(models.TextChoices):
    ANNUAL = "annual", _("Annual assessment")
    CORRECTION = "correction", _("Correcting assessment")
    MID_YEAR = "mid_year", _("Mid-year assessment")


class DecisionDelivery(models.TextChoices):
    # The taxpayer's register names the portal mailbox; the registry delivers from there.
    AWAITING_PORTAL = "awaiting_portal", _("Awaiting delivery to the portal mailbox")
    PRINT_BATCH = "print_batch", _("In a print batch for the post")
    # services.portal_links delivered it to the mailbox of the taxpayer's linked account.
    PORTAL_MAILBOX = "portal_mailbox", _("Delivered to the portal mailbox")


class _Run(TenantOwnedModel):
    state = models.CharField(
        _("state"), max_length=10, choices=RunState.choices, default=RunState.QUEUED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        abstract = True


class AssessmentRun(_Run):
    """One assessment of a year at one municipality: a preview (nothing booked, only the
    summary kept) or a booked run."""

    year = models.PositiveSmallIntegerField(_("tax year"))
    preview = models.BooleanField(_("preview"), default=False)
    register = models.BooleanField(_("registers the decisions"), default=True)
    taxpayers_total = models.PositiveIntegerField(_("taxpayers"), default=0)
    taxpayers_done = models.PositiveIntegerField(_("taxpayers done"), default=0)
    decisions = models.PositiveIntegerField(_("decisions"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    entries_booked = models.PositiveIntegerField(_("ledger entries booked"), default=0)
    total = models.BigIntegerField(_("assessed (Ft)"), default=0)
    # {tax type: forints, "unmeasured": objects whose base the register lacks, ...}
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    # The registry case the run's decisions are registered in (one per run).
    case = models.ForeignKey(
        "documents.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registry case"),
    )

    class Meta:
        verbose_name = _("assessment run")
        verbose_name_plural = _("assessment runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.year} ({self.get_state_display()})"


class PrintBatch(TenantOwnedModel):
    """The decisions of a run that go by post, to be printed and posted together."""

    run = models.ForeignKey(
        AssessmentRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tax year"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    printed_at = models.DateTimeField(_("printed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("print batch")
        verbose_name_plural = _("print batches")

    def __str__(self):
        return f"{self.year} #{self.pk}"


class AssessmentDecision(TenantOwnedModel):
    """One taxpayer's assessment decision for a year, its lines per object. A later
    decision of the same taxpayer and year (``sequence`` 2, 3…) replaces the lines of the
    one before; the ledger carries the difference."""

    run = models.ForeignKey(
        AssessmentRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    taxpayer = models.ForeignKey(
        "tax.Taxpayer", on_delete=models.PROTECT, related_name="+", verbose_name=_("taxpayer")
    )
    year = models.PositiveSmallIntegerField(_("tax year"))
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    # [{"object": id, "tax_type": code, "amount": Ft, "share": "1/2", "lines": [...]}]
    lines = models.JSONField(_("lines"), default=list)
    # {tax type: Ft} as assessed by this decision (the whole year, not the difference).
    totals = models.JSONField(_("totals per tax type"), default=dict)
    # A digest of (object, tax type, share, amount) of every line: a re-run compares it
    # with the last decision's instead of loading every decision's lines.
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    total = models.BigIntegerField(_("total (Ft)"))
    decided_on = models.DateField(_("decided on"))
    final_on = models.DateField(_("final on"), null=True, blank=True)
    registry_number = models.CharField(_("registry number"), max_length=60, blank=True)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered document"),
    )
    delivery_channel = models.CharField(
        _("delivery channel"), max_length=10, choices=DeliveryChannel.choices
    )
    delivery = models.CharField(_("delivery"), max_length=20, choices=DecisionDelivery.choices)
    print_batch = models.ForeignKey(
        PrintBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("print batch"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("assessment decision")
        verbose_name_plural = _("assessment decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "taxpayer", "year", "sequence"],
                name="tax_decision_once_per_sequence",
            )
        ]
        indexes = [models.Index(fields=["municipality", "year"], name="tax_decision_year")]

    def __str__(self):
        return f"{self.registry_number or self.pk} {self.year}"


class InterestRun(_Run):
    """One late-interest booking run of a municipality up to a day."""

    until = models.DateField(_("until"))
    charges_examined = models.PositiveIntegerField(_("charges examined"), default=0)
    entries_booked = models.PositiveIntegerField(_("entries booked"), default=0)
    amount = models.BigIntegerField(_("net interest booked (Ft)"), default=0)

    class Meta:
        verbose_name = _("interest run")
        verbose_name_plural = _("interest runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.until} ({self.get_state_display()})"
