"""The register's prompts to the tax office (issue #17, item 6), through ``services.tax``'s
façade only: a shop or an industrial site in operation makes its operator liable for
local business tax (HIPA), an accommodation makes its operator the tourist-tax collector.
The officer sees which entries are linked and presses a button for the rest; the tax side
is idempotent, so a second press changes nothing."""

from dataclasses import dataclass

from django.db.models import Min
from django.utils.translation import gettext as _

from ..constants import Status
from ..models import (
    AccommodationVersion,
    PlaceVersion,
    ShopVersion,
    SiteVersion,
    TraderVersion,
)
from .errors import CommerceError


def shop_key(shop_id):
    return f"ipar:uzlet:{shop_id}"


def site_key(site_id):
    return f"ipar:telep:{site_id}"


def accommodation_key(accommodation_id):
    return f"ipar:szallashely:{accommodation_id}"


@dataclass
class Target:
    """An entry of the register that the tax office should know of."""

    key: str
    tax: str  # "business" or "tourist"
    label: str
    address: str
    valid_from: object
    linked: bool = False


def _open(model, municipality):
    return model.objects.filter(
        municipality=municipality, valid_to__isnull=True, status=Status.ACTIVE
    )


def targets(trader):
    """The trader's shops and sites in operation (business tax) and accommodations
    (tourist tax), each with whether the tax registers already hold it."""
    from services.tax import services as tax

    municipality = trader.municipality
    found = []
    shops = _open(ShopVersion, municipality).filter(shop__place__trade__trader=trader)
    # A shop is liable from the day it opened: its first version's start.
    opened = dict(
        ShopVersion.objects.filter(municipality=municipality, shop__place__trade__trader=trader)
        .values("shop_id")
        .annotate(first=Min("valid_from"))
        .values_list("shop_id", "first")
    )
    places = {
        v.place_id: v for v in _open(PlaceVersion, municipality).filter(place__trade__trader=trader)
    }
    for version in shops.select_related("shop"):
        place = places.get(version.shop.place_id)
        found.append(
            Target(
                shop_key(version.shop_id),
                "business",
                version.name,
                place.address if place else "",
                opened[version.shop_id],
            )
        )
    for version in _open(SiteVersion, municipality).filter(site__operator=trader):
        found.append(
            Target(
                site_key(version.site_id),
                "business",
                version.name or version.site.register_number,
                version.address,
                version.site.registered_on,
            )
        )
    for version in _open(AccommodationVersion, municipality).filter(accommodation__operator=trader):
        found.append(
            Target(
                accommodation_key(version.accommodation_id),
                "tourist",
                version.name,
                version.address,
                version.accommodation.registered_on,
            )
        )
    details = _trader_details(trader)
    state = tax.commerce_link_state(municipality, details.tax_number if details else "")
    for target in found:
        target.linked = target.key in state[target.tax]
    return found, state["taxpayer"]


def _trader_details(trader):
    return TraderVersion.objects.filter(
        municipality=trader.municipality, trader=trader, valid_to__isnull=True
    ).first()


def link(trader, tax_kind, *, actor, key=None):
    """Send the trader's entries of ``tax_kind`` ("business" or "tourist"; only ``key``
    when given) to the tax office; the number of tax objects added."""
    from services.tax import services as tax

    details = _trader_details(trader)
    if details is None or not details.tax_number:
        raise CommerceError(_("The trader has no tax number in the register: record it first."))
    register = {
        "business": tax.register_business_tax,
        "tourist": tax.register_tourist_tax_collector,
    }.get(tax_kind)
    if register is None:
        raise CommerceError(_("Unknown tax link."))
    entries, _taxpayer = targets(trader)
    chosen = [t for t in entries if t.tax == tax_kind and (key is None or t.key == key)]
    if not chosen:
        raise CommerceError(_("There is nothing in operation to register for this tax."))
    added = 0
    for target in chosen:
        try:
            result = register(
                trader.municipality,
                tax_number=details.tax_number,
                name=details.name,
                postal_code=details.postal_code,
                settlement=details.settlement,
                address_line=details.street,
                key=target.key,
                description=", ".join(p for p in (target.label, target.address) if p),
                valid_from=target.valid_from,
                actor=actor,
            )
        except tax.TaxError as error:
            raise CommerceError(str(error)) from error
        added += result.object_created
    return added
