"""The retention schedule (irattári terv) and the case types that come from it.

The provider ships the schedule (``data/retention_schedule.json``) as
:class:`RetentionScheduleItem` rows. Each municipality works with its own
:class:`CaseType` rows: copies of the provider's items (kept in step with the schedule by
``sync_case_types``; the municipality may change the deadline and the handling group) and
its own additions. Cases point at the municipality's case type, so one foreign key serves
both, and a municipality's changes never touch another's."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from ..constants import ArchivalValue


class RetentionFields(models.Model):
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    retention_years = models.PositiveSmallIntegerField(
        _("retention (years)"),
        null=True,
        blank=True,
        help_text=_("Years the case is kept after the year it was closed."),
    )
    archival_value = models.CharField(
        _("archival value"),
        max_length=2,
        choices=ArchivalValue.choices,
        default=ArchivalValue.DISPOSABLE,
    )
    procedure_rule = models.CharField(_("deadline rule"), max_length=30, default="full")

    class Meta:
        abstract = True


class RetentionScheduleItem(RetentionFields):
    """One line of the provider's retention schedule, shared by every municipality."""

    group = models.CharField(_("group"), max_length=255, blank=True)
    form_codes = models.JSONField(
        _("forms"), default=list, blank=True, help_text=_("Central form codes of this case type.")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("retention schedule item")
        verbose_name_plural = _("retention schedule")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_schedule_code")]

    def __str__(self):
        return f"{self.code} {self.name}"


class CaseType(TenantOwnedModel, RetentionFields):
    schedule_item = models.ForeignKey(
        RetentionScheduleItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider's schedule item"),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the rule's statutory deadline."),
    )
    handling_group = models.CharField(_("handling group"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("case type")
        verbose_name_plural = _("case types")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="unique_case_type_code")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_local(self):
        return self.schedule_item_id is None


class FormCaseType(TenantOwnedModel):
    """A municipality's choice of case type for one of its forms (by form code); without
    one, the provider's schedule decides by the central form code."""

    form_code = models.CharField(_("form code"), max_length=20)
    case_type = models.ForeignKey(
        CaseType, on_delete=models.CASCADE, related_name="+", verbose_name=_("case type")
    )

    class Meta:
        verbose_name = _("case type of a form")
        verbose_name_plural = _("case types of forms")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "form_code"], name="one_case_type_per_form"
            )
        ]

    def __str__(self):
        return f"{self.form_code} → {self.case_type.code}"
