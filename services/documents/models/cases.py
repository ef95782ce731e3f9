"""Cases (ügyirat): one main number in a registry book, its documents, its deadline."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from ..constants import (
    OPEN_STATUSES,
    ArchivalValue,
    CaseStatus,
    ClientKind,
    PauseKind,
    RetentionMark,
)
from ..deadlines import case_is_late


def format_number(prefix, main_number, year, sub_number=None):
    """The printed registry number: ``123/2026``, ``123-2/2026``, ``EGR/123-2/2026``."""
    number = f"{main_number}" if sub_number is None else f"{main_number}-{sub_number}"
    return f"{prefix + '/' if prefix else ''}{number}/{year}"


class Case(TenantOwnedModel):
    book = models.ForeignKey(
        "RegistryBook", on_delete=models.PROTECT, related_name="+", verbose_name=_("registry book")
    )
    main_number = models.PositiveIntegerField(_("main number"))
    # The last sub-number given out; the case row is locked while the next one is taken.
    last_sub_number = models.PositiveIntegerField(_("last sub-number"), default=0)
    registry_number = models.CharField(_("registry number"), max_length=40, db_index=True)

    subject = models.CharField(_("subject"), max_length=255)
    case_type = models.ForeignKey(
        "CaseType", on_delete=models.PROTECT, related_name="+", verbose_name=_("case type")
    )
    client_kind = models.CharField(
        _("client"), max_length=12, choices=ClientKind.choices, default=ClientKind.PERSON
    )
    client_name = models.CharField(_("client's name"), max_length=255)
    client_email = models.EmailField(_("client's e-mail"), blank=True)
    client_address = models.CharField(_("client's address"), max_length=255, blank=True)
    client_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("client's portal account"),
    )
    submission_id = models.BigIntegerField(_("submission"), null=True, blank=True)
    submission_reference = models.CharField(_("submission reference"), max_length=12, blank=True)

    handling_group = models.CharField(_("handling group"), max_length=255, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handling officer"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    restricted = models.BooleanField(
        _("restricted to the handling officer"),
        default=False,
        help_text=_(
            "Only the handling officer (and those allowed to see restricted cases) can open it."
        ),
    )
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("related cases")
    )

    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    initiated_by_request = models.BooleanField(
        _("started on the client's request"),
        default=True,
        help_text=_("A late decision is refunded only to a client who asked for it."),
    )
    fee = models.PositiveBigIntegerField(_("procedure fee (Ft)"), default=0)
    # What the handing service confirmed was paid of the fee, when it registered the case.
    fee_paid = models.PositiveBigIntegerField(_("fee paid (Ft)"), default=0)
    fee_paid_at = models.DateTimeField(_("fee paid at"), null=True, blank=True)
    # The application's answers as the handing service labels them ([{title, items: [{label,
    # value}]}]): the officer reads these, not the JSON file, and the registry need not know
    # the form (it never imports the service that hands the case in).
    submission_sections = models.JSONField(_("submission"), default=list, blank=True)
    procedure_rule = models.CharField(_("deadline rule"), max_length=30)
    deadline_days = models.PositiveSmallIntegerField(_("deadline (days)"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    deadline_provisional = models.BooleanField(_("deadline provisional"), default=False)
    # A pause that stops the clock is open: deadline_at is empty until it ends (Ákr. 50. §).
    deadline_paused = models.BooleanField(_("deadline paused"), default=False)

    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_late = models.BooleanField(_("decided late"), default=False)
    late_refund = models.PositiveBigIntegerField(
        _("owed to the client for the late decision (Ft)"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # Taken from the case type when the case is closed: the schedule may change later.
    retention_years = models.PositiveSmallIntegerField(
        _("retention (years)"), null=True, blank=True
    )
    archival_value = models.CharField(
        _("archival value"), max_length=2, choices=ArchivalValue.choices, blank=True
    )
    retention_ends_on = models.DateField(_("retention ends on"), null=True, blank=True)
    retention_mark = models.CharField(
        _("retention"), max_length=10, choices=RetentionMark.choices, blank=True, default=""
    )
    retention_marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["book", "main_number"], name="unique_main_number"),
            models.UniqueConstraint(
                fields=["municipality", "submission_id"],
                condition=models.Q(submission_id__isnull=False),
                name="one_case_per_submission",
            ),
        ]
        permissions = [
            ("view_restricted_case", _("Can see cases restricted to another officer")),
            ("view_case_audit", _("Can see the audit history of any case")),
        ]

    def __str__(self):
        return f"{self.registry_number} {self.subject}"

    @property
    def year(self):
        return self.book.year

    def sub_number_label(self, sub_number):
        return format_number(self.book.prefix, self.main_number, self.book.year, sub_number)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_late(self):
        # The one test of lateness (deadlines.case_is_late): local dates, never while paused.
        return case_is_late(self)


class CasePause(TenantOwnedModel):
    """Time that does not count towards the deadline: waiting for the client's missing
    information, or a suspension."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    reason = models.CharField(_("reason"), max_length=255)
    kind = models.CharField(
        _("kind"),
        max_length=24,
        choices=PauseKind.choices,
        default=PauseKind.MISSING_INFORMATION,
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    client_deadline = models.DateField(_("the client's deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["started_at"]

    def __str__(self):
        return self.reason
