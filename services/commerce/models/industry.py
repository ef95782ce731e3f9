"""Industrial sites (telep, 57/2013. (II. 27.) Korm. rendelet) and accommodations
(239/2009. (X. 20.) Korm. rendelet), with the same history as the trade register."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import SiteRegime
from .base import Address, IdentityModel, VersionModel, version_constraints
from .trade import Trader


class IndustrialSite(IdentityModel):
    operator = models.ForeignKey(
        Trader, on_delete=models.PROTECT, related_name="sites", verbose_name=_("operator")
    )
    register_number = models.CharField(_("register number"), max_length=30)
    registered_on = models.DateField(_("registered on"))

    class Meta:
        verbose_name = _("industrial site")
        verbose_name_plural = _("industrial sites")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "register_number"], name="commerce_site_number_once"
            )
        ]

    def __str__(self):
        return self.register_number


class SiteVersion(Address, VersionModel):
    """A site's data from a date on. The activity is an item of the decree's Annex 1
    (notified) or Annex 2 (licensed, or notified in an industrial zone), as listed in
    data/commerce/industrial_activities.json, with its TEÁOR code."""

    site = models.ForeignKey(
        IndustrialSite, on_delete=models.PROTECT, related_name="versions", verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    parcel_number = models.CharField(_("parcel number"), max_length=30, blank=True)
    activity = models.CharField(_("activity (annex item)"), max_length=20)
    teaor_code = models.CharField(_("TEÁOR code"), max_length=7)
    regime = models.CharField(_("regime"), max_length=10, choices=SiteRegime.choices)
    opening_hours = models.JSONField(_("operating hours"), default=dict, blank=True)

    class Meta(VersionModel.Meta):
        verbose_name = _("site version")
        verbose_name_plural = _("site versions")
        constraints = version_constraints("commerce_siteversion", "site")


class Accommodation(IdentityModel):
    operator = models.ForeignKey(
        Trader,
        on_delete=models.PROTECT,
        related_name="accommodations",
        verbose_name=_("operator"),
    )
    register_number = models.CharField(_("register number"), max_length=30)
    registered_on = models.DateField(_("registered on"))

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "register_number"],
                name="commerce_accommodation_number_once",
            )
        ]


class AccommodationVersion(Address, VersionModel):
    accommodation = models.ForeignKey(
        Accommodation,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("accommodation"),
    )
    name = models.CharField(_("name"), max_length=200)
    # A code of data/commerce/accommodation_kinds.json (the kinds are not confirmed yet).
    kind = models.CharField(_("kind of accommodation"), max_length=30)
    rooms = models.PositiveIntegerField(_("rooms"), validators=[MinValueValidator(1)])
    beds = models.PositiveIntegerField(_("beds"), validators=[MinValueValidator(1)])

    class Meta(VersionModel.Meta):
        verbose_name = _("accommodation version")
        verbose_name_plural = _("accommodation versions")
        constraints = version_constraints("commerce_accommodationversion", "accommodation")
