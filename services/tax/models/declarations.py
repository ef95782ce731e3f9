"""Property-tax declarations (bevallás) of building, land and communal tax received on the
portal (ADO-002, -003, -004), waiting for the tax officer's check.

These taxes are assessed by a decision (kivetés), so a declaration does not book money: it
tells the office of an obligation that arose, changed or ended, and the officer checks it
against the register before the register changes. Accepting it writes the register from
the declaration's effective date (ownership shares, areas, tax objects) through the
register services; refusing needs a reason. Every state change is a ``DeclarationEvent``
row, written once."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from ..constants import TaxType
from .requests import _WrittenOnce


class DeclarationChange(models.TextChoices):
    # The form's own codes (bevallas_jellege of ADO-002/003/004).
    NEW = "uj", _("The obligation arose")
    CHANGE = "valtozas", _("The obligation changed")
    END = "megszunes", _("The obligation ended")


class DeclarationState(models.TextChoices):
    RECEIVED = "received", _("Waiting for the officer's check")
    ACCEPTED = "accepted", _("Accepted: the register is updated")
    REFUSED = "refused", _("Refused")


class PropertyDeclaration(TenantOwnedModel):
    template_code = models.CharField(_("form"), max_length=20)
    tax_type = models.CharField(_("tax type"), max_length=20, choices=TaxType.choices)
    taxpayer = models.ForeignKey(
        "tax.Taxpayer", on_delete=models.PROTECT, related_name="+", verbose_name=_("taxpayer")
    )
    change = models.CharField(_("declaration of"), max_length=10, choices=DeclarationChange.choices)
    effective_on = models.DateField(_("effective from"))
    # The declared properties as read from the form: [{"parcel_number", "address",
    # "area_m2" (or null), "share": [numerator, denominator], "what"}].
    rows = models.JSONField(_("declared properties"), default=list)
    registry_number = models.CharField(_("registry number"), max_length=40)
    submission_reference = models.CharField(_("submission"), max_length=40, blank=True)
    received_on = models.DateField(_("received on"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=DeclarationState.choices,
        default=DeclarationState.RECEIVED,
    )
    refusal_reason = models.TextField(_("reason of refusal"), blank=True)

    class Meta:
        verbose_name = _("property-tax declaration")
        verbose_name_plural = _("property-tax declarations")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "state"], name="tax_declaration_state")]
        constraints = [
            # One declaration per registered submission: a receiver run twice adds none.
            models.UniqueConstraint(
                fields=["municipality", "registry_number"], name="tax_declaration_once"
            )
        ]

    def __str__(self):
        return f"{self.template_code} {self.registry_number} ({self.get_state_display()})"


class DeclarationEvent(_WrittenOnce, TenantOwnedModel):
    declaration = models.ForeignKey(
        PropertyDeclaration, on_delete=models.PROTECT, related_name="events"
    )
    state = models.CharField(_("state"), max_length=10, choices=DeclarationState.choices)
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
        verbose_name = _("declaration event")
        verbose_name_plural = _("declaration events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.by_name} {self.get_state_display()}"
