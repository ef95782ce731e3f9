"""Traders, their trading registrations, places and shops, and operating licences
(210/2009. (IX. 29.) Korm. rendelet). Field by field, what the notification carries (its
Annex 1 point A, items 1–5 confirmed; the rest as the research notes say) and what the
public register shows is decided elsewhere: ``services.commerce.public``."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import TraderKind, UseTitle
from .base import Address, IdentityModel, VersionModel, version_constraints


class Trader(IdentityModel):
    """A company, sole trader or small producer known to one municipality's notary."""

    kind = models.CharField(_("kind"), max_length=20, choices=TraderKind.choices)

    class Meta:
        verbose_name = _("trader")
        verbose_name_plural = _("traders")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class TraderVersion(Address, VersionModel):
    """A trader's name, seat and identifiers from a date on. The seat is the ``Address``.

    The fields under "natural person" identify a human being (a sole trader or a small
    producer): the notary needs them, the public register never shows them."""

    trader = models.ForeignKey(
        Trader, on_delete=models.PROTECT, related_name="versions", verbose_name=_("trader")
    )
    name = models.CharField(_("name"), max_length=200)
    registration_number = models.CharField(
        _("registration number"),
        max_length=40,
        blank=True,
        help_text=_(
            "Company registration number, sole trader's registration number or small "
            "producer's registration number."
        ),
    )
    statistical_number = models.CharField(_("statistical number"), max_length=20, blank=True)
    tax_number = models.CharField(_("tax number"), max_length=13, blank=True)
    # A sole trader's seat is often their home: then the public register shows only the
    # settlement of the seat.
    seat_is_home = models.BooleanField(_("the seat is the trader's home"), default=False)
    # -- natural person (never public)
    home_address = models.CharField(_("home address"), max_length=300, blank=True)
    birth_name = models.CharField(_("birth name"), max_length=200, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    mother_name = models.CharField(_("mother's birth name"), max_length=200, blank=True)

    class Meta(VersionModel.Meta):
        verbose_name = _("trader version")
        verbose_name_plural = _("trader versions")
        constraints = version_constraints("commerce_traderversion", "trader")

    def __str__(self):
        return self.name


class Trade(IdentityModel):
    """A trader's registration (nyilvántartásba vétel) under one register number."""

    trader = models.ForeignKey(
        Trader, on_delete=models.PROTECT, related_name="trades", verbose_name=_("trader")
    )
    register_number = models.CharField(_("register number"), max_length=30)
    registered_on = models.DateField(_("registered on"))

    class Meta:
        verbose_name = _("trading registration")
        verbose_name_plural = _("trading registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "register_number"], name="commerce_trade_number_once"
            )
        ]

    def __str__(self):
        return self.register_number


class TradeVersion(VersionModel):
    trade = models.ForeignKey(
        Trade, on_delete=models.PROTECT, related_name="versions", verbose_name=_("registration")
    )
    wholesale = models.BooleanField(_("wholesale"), default=False)
    retail = models.BooleanField(_("retail"), default=True)

    class Meta(VersionModel.Meta):
        verbose_name = _("trading registration version")
        verbose_name_plural = _("trading registration versions")
        constraints = version_constraints("commerce_tradeversion", "trade")


class Place(IdentityModel):
    """A place of trading of one registration: an address, or for a mobile shop its area
    and routes, for outside-a-shop and mail order the areas."""

    trade = models.ForeignKey(
        Trade, on_delete=models.PROTECT, related_name="places", verbose_name=_("registration")
    )

    class Meta:
        verbose_name = _("place of trading")
        verbose_name_plural = _("places of trading")


class PlaceVersion(Address, VersionModel):
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="versions", verbose_name=_("place")
    )
    parcel_number = models.CharField(_("parcel number"), max_length=30, blank=True)
    # TradingForm values (Kertv. 3. § (4)); lists keep a version one immutable row.
    trading_forms = models.JSONField(_("trading forms"), default=list)
    areas = models.JSONField(_("areas"), default=list, blank=True)
    routes = models.JSONField(_("routes"), default=list, blank=True)
    # Product group codes of data/commerce/product_groups.json.
    product_groups = models.JSONField(_("product groups"), default=list, blank=True)

    class Meta(VersionModel.Meta):
        verbose_name = _("place version")
        verbose_name_plural = _("place versions")
        constraints = version_constraints("commerce_placeversion", "place")


class Shop(IdentityModel):
    place = models.OneToOneField(
        Place, on_delete=models.PROTECT, related_name="shop", verbose_name=_("place")
    )

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shops")


class ShopVersion(VersionModel):
    """A shop's data from a date on.

    ``opening_hours``: ``{"0": [["08:00", "18:00"]], …}``, weekday 0 = Monday, a day
    missing is closed. ``hours_exceptions``: ``[{"from": "2026-12-24", "to": "2027-01-01",
    "hours": {…} or {}, "note": "…"}]``, each a notified temporary change (``to`` inclusive)."""

    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="versions", verbose_name=_("shop")
    )
    name = models.CharField(_("name"), max_length=200)
    floor_area = models.PositiveIntegerField(
        _("floor area (m²)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    opening_hours = models.JSONField(_("opening hours"), default=dict, blank=True)
    hours_exceptions = models.JSONField(_("exceptions to the opening hours"), default=list)
    complaints_book_number = models.CharField(
        _("customer complaints book number"), max_length=40, blank=True
    )
    use_title = models.CharField(
        _("title of use"), max_length=20, choices=UseTitle.choices, blank=True
    )

    class Meta(VersionModel.Meta):
        verbose_name = _("shop version")
        verbose_name_plural = _("shop versions")
        constraints = version_constraints("commerce_shopversion", "shop")


class OperatingLicence(IdentityModel):
    """An operating licence (működési engedély) for a shop selling the products listed in
    the decree's annex (codes of data/commerce/product_groups.json, ``licence`` list)."""

    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="licences", verbose_name=_("shop")
    )
    number = models.CharField(_("licence number"), max_length=40)
    granted_on = models.DateField(_("granted on"))

    class Meta:
        verbose_name = _("operating licence")
        verbose_name_plural = _("operating licences")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"], name="commerce_licence_number_once"
            )
        ]


class LicenceVersion(VersionModel):
    licence = models.ForeignKey(
        OperatingLicence,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("licence"),
    )
    products = models.JSONField(_("licensed products"), default=list)

    class Meta(VersionModel.Meta):
        verbose_name = _("licence version")
        verbose_name_plural = _("licence versions")
        constraints = version_constraints("commerce_licenceversion", "licence")


__all__ = [
    "LicenceVersion",
    "OperatingLicence",
    "Place",
    "PlaceVersion",
    "Shop",
    "ShopVersion",
    "Trade",
    "TradeVersion",
    "Trader",
    "TraderVersion",
]
