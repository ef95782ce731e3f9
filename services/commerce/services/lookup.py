"""Finding a register entry from what a trader writes on a form: the register number with
the tax number that must match it (a register number alone is public, so it proves
nothing), and the place among a registration's places by its street."""

from django.utils.translation import gettext as _

from sites.hungarian import fold

from ..constants import Status
from ..models import Place, Shop, Trade, TraderVersion
from .errors import CommerceError
from .registers import current


def trader_by_tax_number(municipality, tax_number):
    """The trader of this municipality's register whose current tax number it is, or None."""
    if not tax_number:
        return None
    version = (
        TraderVersion.objects.for_municipality(municipality)
        .filter(valid_to__isnull=True, tax_number=tax_number)
        .exclude(status=Status.CLOSED)
        .select_related("trader")
        .order_by("pk")
        .first()
    )
    return version.trader if version is not None else None


def find_trade(municipality, register_number, tax_number):
    """The registration under ``register_number`` whose trader has ``tax_number`` now;
    CommerceError (Hungarian) when there is none or it is closed."""
    number = str(register_number or "").strip().removeprefix("B/").strip()
    trade = (
        Trade.objects.for_municipality(municipality)
        .filter(register_number=number)
        .select_related("trader")
        .first()
    )
    trader_now = current(trade.trader) if trade is not None else None
    if trade is None or trader_now is None or trader_now.tax_number != tax_number:
        raise CommerceError(
            _(
                "%(municipality)s's register has no trading registration %(number)s with this "
                "tax number: check the number on the certificate of registration."
            )
            % {"municipality": municipality.name, "number": number or "–"}
        )
    if current(trade).status == Status.CLOSED:
        raise CommerceError(_("This registration is closed: it cannot change any more."))
    return trade


def find_place(trade, street=""):
    """The open place of the registration at ``street`` (accents and case aside), or its
    only open place when no street is given."""
    places = [
        (place, current(place))
        for place in Place.objects.for_municipality(trade.municipality).filter(trade=trade)
    ]
    open_places = [(p, v) for p, v in places if v is not None and v.status != Status.CLOSED]
    wanted = fold(street)
    if wanted:
        matching = [(p, v) for p, v in open_places if wanted in fold(v.street)]
        if len(matching) == 1:
            return matching[0][0]
        raise CommerceError(
            _("No single open place of this registration is at %(street)s: check the address.")
            % {"street": street}
        )
    if len(open_places) == 1:
        return open_places[0][0]
    if not open_places:
        raise CommerceError(_("This registration has no open place."))
    raise CommerceError(
        _("This registration has several places: give the address of the one concerned.")
    )


def shop_at(place):
    """The shop at a place, or None (a market stall, a mail-order address)."""
    return Shop.objects.for_municipality(place.municipality).filter(place=place).first()
