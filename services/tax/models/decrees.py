"""A municipality's local tax decree for a year: its rate lines and its exemptions and
allowances, kept as data so that no municipality needs code of its own.

A draft may change freely; an adopted decree never changes again (the council changes it
by adopting an amending decree, a new row that names the one it amends). The model refuses
any later write to an adopted decree, its lines and its rules."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from ..constants import DecreeState, RateCategory, RateUnit, RuleKind, TaxType


class AdoptedDecreeError(RuntimeError):
    """Something tried to change an adopted decree, its lines or its rules."""


class Decree(TenantOwnedModel):
    tax_year = models.PositiveSmallIntegerField(_("tax year"))
    title = models.CharField(_("title"), max_length=300)
    # The citation, X/YYYY. (MM. DD.): the decree's number in the year of adoption and the
    # day it was adopted. A draft may not have them yet; adoption requires them.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    adopted_on = models.DateField(_("date of adoption"), null=True, blank=True)
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("amends"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DecreeState.choices, default=DecreeState.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )

    class Meta:
        verbose_name = _("tax decree")
        verbose_name_plural = _("tax decrees")
        constraints = [
            # One decree per number in the year of adoption.
            models.UniqueConstraint(
                "municipality",
                "number",
                models.functions.ExtractYear("adopted_on"),
                condition=models.Q(state=DecreeState.ADOPTED),
                name="tax_decree_number_once_a_year",
            ),
            models.CheckConstraint(
                condition=models.Q(state=DecreeState.DRAFT)
                | (models.Q(number__isnull=False) & models.Q(adopted_on__isnull=False)),
                name="tax_decree_adopted_is_cited",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "tax_year"], name="tax_decree_year")]

    def __str__(self):
        return f"{self.citation or _('draft')} {self.title}"

    @property
    def citation(self):
        from ..services.decrees import format_citation

        if self.number is None or self.adopted_on is None:
            return ""
        return format_citation(self.number, self.adopted_on)

    @property
    def is_adopted(self):
        return self.state == DecreeState.ADOPTED

    def save(self, *args, **kwargs):
        if not self._state.adding:
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("state", flat=True)
            if stored and stored[0] == DecreeState.ADOPTED:
                raise AdoptedDecreeError(f"Decree {self.pk} is adopted and cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_adopted:
            raise AdoptedDecreeError(f"Decree {self.pk} is adopted and cannot be deleted.")
        return super().delete(*args, **kwargs)


class DecreePart(TenantOwnedModel):
    """A row of a decree: writable while its decree is a draft, never after."""

    decree = models.ForeignKey(
        Decree, on_delete=models.CASCADE, related_name="+", verbose_name=_("decree")
    )
    tax_type = models.CharField(_("tax type"), max_length=20, choices=TaxType.choices)

    class Meta:
        abstract = True

    def _refuse_if_adopted(self):
        state = Decree._base_manager.filter(pk=self.decree_id).values_list("state", flat=True)
        if state and state[0] == DecreeState.ADOPTED:
            raise AdoptedDecreeError(f"Decree {self.decree_id} is adopted and cannot change.")

    def save(self, *args, **kwargs):
        self._refuse_if_adopted()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_adopted()
        return super().delete(*args, **kwargs)


class DecreeLine(DecreePart):
    """A rate: for a tax type, an object category, optionally a zone and an area band."""

    category = models.CharField(_("category"), max_length=20, choices=RateCategory.choices)
    zone = models.CharField(_("zone"), max_length=40, blank=True, help_text=_("Empty: every zone."))
    # The band [from, to) of the object's area in m²; empty ends are open. A per-m² rate
    # taxes the part of the area inside its band (bands add up, as progressive slices); a
    # per-object rate applies to the objects whose whole area falls in its band.
    area_from = models.DecimalField(
        _("area from (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    area_to = models.DecimalField(
        _("area below (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=20, choices=RateUnit.choices)
    amount = models.DecimalField(_("rate"), max_digits=12, decimal_places=3)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("rate line")
        verbose_name_plural = _("rate lines")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="tax_rate_not_negative"),
            models.CheckConstraint(
                condition=models.Q(area_from__isnull=True)
                | models.Q(area_to__isnull=True)
                | models.Q(area_to__gt=models.F("area_from")),
                name="tax_rate_band_order",
            ),
        ]


class DecreeRule(DecreePart):
    """An exemption or allowance: a kind (RuleKind) and its parameters."""

    category = models.CharField(
        _("category"),
        max_length=20,
        choices=RateCategory.choices,
        blank=True,
        help_text=_("Empty: every category of the tax type."),
    )
    zone = models.CharField(_("zone"), max_length=40, blank=True, help_text=_("Empty: every zone."))
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("exemption or allowance")
        verbose_name_plural = _("exemptions and allowances")
        ordering = ["pk"]
