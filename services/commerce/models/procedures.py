"""The notary's procedures on an application of the trade and industry register: an
operating licence (210/2009), a site licence and an industrial notification (57/2013).

The application itself is a case of the registry (services.documents): its deadline,
documents, audit trail and decision stay there. What the register adds are the
procedure's tracked sub-steps — the specialist authorities asked and what they answered,
the on-site inspection — and, for a notification, the zoning check's outcome with the
prohibition drafted for the officer. Unlike the register these rows change as the work
goes on, so they are ordinary tenant-owned rows, not dated versions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from .industry import IndustrialSite
from .trade import OperatingLicence


class ProcedureKind(models.TextChoices):
    OPERATING_LICENCE = "operating_licence", _("Operating licence")
    SITE_LICENCE = "site_licence", _("Site licence")
    INDUSTRIAL_NOTIFICATION = "industrial_notification", _("Industrial notification")


class ProcedureOutcome(models.TextChoices):
    PENDING = "pending", _("In progress")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    REGISTERED = "registered", _("Registered (notified regime)")
    PROHIBITION_DRAFTED = "prohibition_drafted", _("Prohibition drafted")
    PROHIBITED = "prohibited", _("Prohibited")


class AnswerOutcome(models.TextChoices):
    CONSENT = "consent", _("Consent")
    CONDITIONS = "conditions", _("Consent with conditions")
    REFUSAL = "refusal", _("Refusal")


class InspectionOutcome(models.TextChoices):
    SUITABLE = "suitable", _("Suitable")
    DEFICIENCIES = "deficiencies", _("Deficiencies found")
    UNSUITABLE = "unsuitable", _("Unsuitable")


class Procedure(TenantOwnedModel):
    """One application's procedure, tied to the registry case its registration opened."""

    kind = models.CharField(_("kind"), max_length=30, choices=ProcedureKind.choices)
    case = models.OneToOneField(
        "documents.Case",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("case"),
    )
    # The form's answers as submitted: what the decision writes into the register.
    answers = models.JSONField(_("application"), default=dict, blank=True)
    applicant = models.CharField(_("applicant"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # An operating licence: the shop-only products (data/commerce/product_groups.json).
    products = models.JSONField(_("products"), default=list, blank=True)
    # A site: the activity (data/commerce/industrial_activities.json) and the zone.
    activity = models.CharField(_("activity (annex item)"), max_length=20, blank=True)
    zone = models.CharField(_("zone"), max_length=20, blank=True)
    inspection_requested = models.BooleanField(_("on-site inspection requested"), default=False)
    outcome = models.CharField(
        _("outcome"),
        max_length=30,
        choices=ProcedureOutcome.choices,
        default=ProcedureOutcome.PENDING,
    )
    # The decision the officer reviews before it is sent (a notification's prohibition).
    draft_subject = models.CharField(_("draft decision's subject"), max_length=255, blank=True)
    draft_text = models.TextField(_("draft decision"), blank=True)
    # What the check on receipt found or could not do, for the officer to read.
    check_note = models.CharField(_("check on receipt"), max_length=500, blank=True)
    licence = models.ForeignKey(
        OperatingLicence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("operating licence"),
    )
    site = models.ForeignKey(
        IndustrialSite,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("licence procedure")
        verbose_name_plural = _("licence procedures")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.applicant}"


class SpecialistRequest(TenantOwnedModel):
    """A specialist authority (szakhatóság) asked in the procedure, and its answer."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="requests", verbose_name=_("procedure")
    )
    authority_code = models.CharField(_("authority code"), max_length=40, blank=True)
    authority = models.CharField(_("specialist authority"), max_length=200)
    sent_on = models.DateField(_("sent on"))
    due_on = models.DateField(_("answer due"))
    reference = models.CharField(_("registry number of the request"), max_length=60, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=AnswerOutcome.choices, blank=True
    )
    conditions = models.TextField(_("conditions or reasons"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("specialist authority request")
        verbose_name_plural = _("specialist authority requests")
        ordering = ["sent_on", "pk"]

    @property
    def is_open(self):
        return self.answered_on is None

    def is_overdue(self, today=None):
        return self.is_open and (today or timezone.localdate()) > self.due_on


class Inspection(TenantOwnedModel):
    """The on-site inspection (helyszíni szemle): scheduled, then held with its minutes."""

    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.CASCADE,
        related_name="inspections",
        verbose_name=_("procedure"),
    )
    scheduled_on = models.DateField(_("scheduled for"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=InspectionOutcome.choices, blank=True
    )

    class Meta:
        verbose_name = _("on-site inspection")
        verbose_name_plural = _("on-site inspections")
        ordering = ["scheduled_on", "pk"]


class ZoningZone(TenantOwnedModel):
    """A zone of the municipality's local building regulation (HÉSZ)."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    # 57/2013. 2. § (2): an Annex 2 activity is only notified in an industrial area.
    industrial = models.BooleanField(_("industrial area"), default=False)

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="commerce_zone_code_once")
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class ZoningRule(TenantOwnedModel):
    """Zone × activity of the zoning matrix: may the activity be carried on there?"""

    zone = models.ForeignKey(
        ZoningZone, on_delete=models.CASCADE, related_name="rules", verbose_name=_("zone")
    )
    activity = models.CharField(_("activity (annex item)"), max_length=20)
    allowed = models.BooleanField(_("allowed"), default=False)

    class Meta:
        verbose_name = _("zoning rule")
        verbose_name_plural = _("zoning rules")
        constraints = [
            models.UniqueConstraint(fields=["zone", "activity"], name="commerce_zoning_once")
        ]
