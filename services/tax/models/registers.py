"""The registers of a municipality's tax office, with their history.

An identity (a taxpayer's identifier, a property's parcel number) is one row that never
changes. Everything that can change (a name, an address, an area, who owns what share,
who represents whom) lives in dated rows: ``valid_from`` (the effective date of the
change, inclusive) and ``valid_to`` (the first day it no longer holds, exclusive; empty
while it holds). A change is a new row; the row it supersedes is only closed, by setting
its empty ``valid_to`` once, and nothing else about it may change — so the state on any
date (who owned what on 1 January) can always be read back, see ``state_on``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.history import ClosedOnlyModel, HistoryError, IdentityModel  # noqa: F401  (HistoryError: re-exported)
from sites.tenancy import TenantOwnedModel

from ..constants import (
    DeliveryChannel,
    PropertyKind,
    RightKind,
    TaxObjectKind,
    TaxpayerKind,
    TaxType,
    UseCategory,
)


class DatedModel(ClosedOnlyModel, TenantOwnedModel):
    """A dated row: written once, later only closed (its empty ``valid_to`` set once)."""

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The first day on which it no longer holds; empty while it holds."),
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
        abstract = True

    def clean(self):
        super().clean()
        if self.valid_to is not None and self.valid_to <= self.valid_from:
            raise ValidationError(
                {"valid_to": _("The end of validity must be later than its start.")}
            )


def _dated_constraints(prefix):
    return [
        models.CheckConstraint(
            condition=models.Q(valid_to__isnull=True)
            | models.Q(valid_to__gt=models.F("valid_from")),
            name=f"{prefix}_valid_to_after_from",
        )
    ]


class Taxpayer(IdentityModel):
    """A person (by adóazonosító jel) or an organisation (by adószám) at one municipality."""

    kind = models.CharField(_("kind"), max_length=20, choices=TaxpayerKind.choices)
    tax_id = models.CharField(_("tax identification number"), max_length=10, blank=True)
    tax_number = models.CharField(_("tax number"), max_length=13, blank=True)

    class Meta:
        verbose_name = _("taxpayer")
        verbose_name_plural = _("taxpayers")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "tax_id"],
                condition=~models.Q(tax_id=""),
                name="tax_taxpayer_tax_id_once",
            ),
            models.UniqueConstraint(
                fields=["municipality", "tax_number"],
                condition=~models.Q(tax_number=""),
                name="tax_taxpayer_tax_number_once",
            ),
            # A person has a tax identification number, an organisation a tax number.
            models.CheckConstraint(
                condition=(models.Q(kind=TaxpayerKind.PERSON, tax_number="") & ~models.Q(tax_id=""))
                | (models.Q(kind=TaxpayerKind.ORGANISATION, tax_id="") & ~models.Q(tax_number="")),
                name="tax_taxpayer_identifier_by_kind",
            ),
        ]

    def __str__(self):
        return self.identifier

    @property
    def identifier(self):
        return self.tax_id or self.tax_number


class TaxpayerDetails(DatedModel):
    """A taxpayer's name, address and delivery channel from a date on."""

    taxpayer = models.ForeignKey(
        Taxpayer, on_delete=models.PROTECT, related_name="details", verbose_name=_("taxpayer")
    )
    # A person's name, family name first as Hungarian writes it; an organisation's name
    # goes in ``family_name`` whole.
    family_name = models.CharField(_("family name or organisation name"), max_length=200)
    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4)
    settlement = models.CharField(_("settlement"), max_length=100)
    address_line = models.CharField(_("street and number"), max_length=200)
    delivery_channel = models.CharField(
        _("delivery channel"), max_length=10, choices=DeliveryChannel.choices
    )

    class Meta:
        verbose_name = _("taxpayer details")
        verbose_name_plural = _("taxpayer details")
        constraints = _dated_constraints("tax_taxpayerdetails")
        indexes = [models.Index(fields=["taxpayer", "valid_from"], name="tax_details_from")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return " ".join(part for part in (self.family_name, self.given_names) if part)

    @property
    def address(self):
        return f"{self.postal_code} {self.settlement}, {self.address_line}"


class Representation(DatedModel):
    """Who may act for whom, for which tax types (none listed: all), from when to when."""

    taxpayer = models.ForeignKey(
        Taxpayer, on_delete=models.PROTECT, related_name="+", verbose_name=_("represented")
    )
    representative = models.ForeignKey(
        Taxpayer, on_delete=models.PROTECT, related_name="+", verbose_name=_("representative")
    )
    # Tax type codes (TaxType); empty means every tax type. A list rather than a relation
    # keeps the row one immutable record.
    tax_types = models.JSONField(_("tax types"), default=list, blank=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        constraints = _dated_constraints("tax_representation")

    def covers(self, tax_type):
        return not self.tax_types or str(tax_type) in self.tax_types

    def clean(self):
        super().clean()
        unknown = [code for code in self.tax_types if code not in TaxType.values]
        if unknown:
            raise ValidationError({"tax_types": _("Unknown tax type: %s") % ", ".join(unknown)})


class Property(IdentityModel):
    """A piece of real estate, by its land registry parcel number (helyrajzi szám)."""

    parcel_number = models.CharField(_("parcel number"), max_length=40)

    class Meta:
        verbose_name = _("property")
        verbose_name_plural = _("properties")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "parcel_number"], name="tax_property_parcel_once"
            )
        ]

    def __str__(self):
        return self.parcel_number


class PropertyDetails(DatedModel):
    """A property's address, area, kind, use category and zone from a date on."""

    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="details", verbose_name=_("property")
    )
    address = models.CharField(_("address"), max_length=200)
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=12, decimal_places=2)
    kind = models.CharField(_("kind"), max_length=10, choices=PropertyKind.choices)
    use_category = models.CharField(_("use category"), max_length=20, choices=UseCategory.choices)
    zone = models.CharField(_("zone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("property details")
        verbose_name_plural = _("property details")
        constraints = [
            *_dated_constraints("tax_propertydetails"),
            models.CheckConstraint(condition=models.Q(area_m2__gt=0), name="tax_area_positive"),
        ]
        indexes = [models.Index(fields=["property", "valid_from"], name="tax_property_from")]


class Ownership(DatedModel):
    """A share of a property held under a right (ownership, usufruct…) for a period."""

    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="ownerships", verbose_name=_("property")
    )
    holder = models.ForeignKey(
        Taxpayer, on_delete=models.PROTECT, related_name="ownerships", verbose_name=_("holder")
    )
    share_numerator = models.PositiveIntegerField(_("share numerator"))
    share_denominator = models.PositiveIntegerField(_("share denominator"))
    right = models.CharField(_("right"), max_length=20, choices=RightKind.choices)

    class Meta:
        verbose_name = _("ownership share")
        verbose_name_plural = _("ownership shares")
        constraints = [
            *_dated_constraints("tax_ownership"),
            models.CheckConstraint(
                condition=models.Q(share_numerator__gt=0)
                & models.Q(share_numerator__lte=models.F("share_denominator")),
                name="tax_ownership_share_fraction",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "valid_from"], name="tax_ownership_from"),
            models.Index(fields=["holder", "valid_from"], name="tax_ownership_holder"),
        ]

    def __str__(self):
        return f"{self.property} {self.share_numerator}/{self.share_denominator}"


class TaxObject(DatedModel):
    """What a tax is levied on: a property, a business site or an accommodation."""

    tax_type = models.CharField(_("tax type"), max_length=20, choices=TaxType.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=TaxObjectKind.choices)
    property = models.ForeignKey(
        Property,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tax_objects",
        verbose_name=_("property"),
    )
    # A business site's or an accommodation's operator; for a property the subject follows
    # the ownership on 1 January.
    taxpayer = models.ForeignKey(
        Taxpayer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("operator"),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tax object")
        verbose_name_plural = _("tax objects")
        constraints = [
            *_dated_constraints("tax_taxobject"),
            models.CheckConstraint(
                condition=(models.Q(kind=TaxObjectKind.PROPERTY) & models.Q(property__isnull=False))
                | (~models.Q(kind=TaxObjectKind.PROPERTY) & models.Q(taxpayer__isnull=False)),
                name="tax_taxobject_what",
            ),
        ]

    def __str__(self):
        return f"{self.get_tax_type_display()}: {self.property or self.description}"
