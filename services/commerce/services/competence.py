"""Which municipality's notary registers a trading notification.

210/2009. (IX. 29.) Korm. rendelet 2. § (text read on njt.hu and net.jogtar.hu):
a) for trading from a mobile shop, outside a shop, by mail order, from a vending machine
   and on a vehicle, the notary of the settlement of the trader's seat;
b) for every other trading form, the notary of the settlement where the trading is done.
The trade in precious-metal jewellery is excepted from the notary's competence (2. §,
opening words): another authority registers it."""

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from sites.hungarian import fold
from sites.models import Municipality

from ..constants import SEAT_COMPETENT_FORMS, TradingForm


def NOT_HERE():  # noqa: N802  (a message, translated when asked for)
    return _(
        "The competent notary's municipality does not receive notifications on this "
        "portal yet: submit the notification to it directly."
    )


@dataclass(frozen=True)
class Competence:
    """The competent municipality on the platform, or None and the reason why not."""

    municipality: object = None
    reason: str = ""
    by_seat: bool = False

    def __bool__(self):
        return self.municipality is not None


def _on_platform(ksh_code):
    return Municipality.objects.filter(ksh_code=ksh_code, active=True).first()


def competent_municipality(
    trading_forms, *, seat_ksh_code, place_ksh_code="", precious_metal=False
):
    """The municipality whose notary is competent for one place of trading with these
    forms. ``seat_ksh_code`` is the KSH settlement code of the trader's seat,
    ``place_ksh_code`` that of the place (none for the seat-competent forms)."""
    forms = set(trading_forms or ())
    if not forms or not forms <= set(TradingForm.values):
        return Competence(reason=_("Choose at least one trading form of the trade act."))
    if precious_metal:
        return Competence(
            reason=_(
                "The trade in precious-metal jewellery is not registered by the notary "
                "(210/2009. (IX. 29.) Korm. rendelet 2. §): notify the competent authority."
            )
        )
    by_seat = forms & SEAT_COMPETENT_FORMS
    by_place = forms - SEAT_COMPETENT_FORMS
    if by_seat and by_place:
        return Competence(
            reason=_(
                "Notify a place traded at (a shop, a market…) and the trading by mobile shop, "
                "outside a shop, by mail order, vending machine or vehicle separately: the "
                "first goes to the notary of the place, the second to the notary of the "
                "seat (210/2009. (IX. 29.) Korm. rendelet 2. §)."
            )
        )
    ksh_code = seat_ksh_code if by_seat else place_ksh_code
    if not ksh_code:
        return Competence(
            reason=_("Give the settlement of the place of trading."),
            by_seat=bool(by_seat),
        )
    municipality = _on_platform(ksh_code)
    if municipality is None:
        return Competence(
            reason=NOT_HERE(),
            by_seat=bool(by_seat),
        )
    if by_seat:
        reason = _(
            "The notary of the trader's seat is competent (210/2009. (IX. 29.) Korm. "
            "rendelet 2. § a))."
        )
    else:
        reason = _(
            "The notary of the place of trading is competent (210/2009. (IX. 29.) Korm. "
            "rendelet 2. § b))."
        )
    return Competence(municipality=municipality, reason=reason, by_seat=bool(by_seat))


def municipality_of_settlement(postal_code, settlement):
    """The active municipality on the platform for an address's settlement, or None: by the
    name (accents and case aside), or, for Budapest's districts, the district whose name
    begins with the settlement and whose postal code is the address's."""
    folded = fold(settlement or "").strip()
    if not folded:
        return None
    found = None
    for candidate in Municipality.objects.filter(active=True).only(
        "pk", "name", "slug", "ksh_code", "postal_code"
    ):
        name = fold(candidate.name)
        if name == folded:
            return candidate
        if name.startswith(folded + " ") and candidate.postal_code == (postal_code or "").strip():
            found = candidate
    return found


def route(trading_forms, *, seat=None, place=None, precious_metal=False):
    """The competent municipality for one notification from its addresses (dicts with
    ``postal_code`` and ``settlement``), as :func:`competent_municipality` decides it; a
    settlement the platform does not serve has no KSH code here and is told so."""
    forms = set(trading_forms or ())
    by_seat = bool(forms & SEAT_COMPETENT_FORMS)
    address = (seat if by_seat else place) or {}
    municipality = municipality_of_settlement(address.get("postal_code"), address.get("settlement"))
    if municipality is not None:
        ksh = municipality.ksh_code
    else:
        # A settlement given but not served here: a code no municipality has, so the
        # answer is "not on this portal yet" (after the checks of the forms themselves).
        ksh = "-" if (address.get("settlement") or "").strip() else ""
    competence = competent_municipality(
        forms,
        seat_ksh_code=ksh if by_seat else "",
        place_ksh_code="" if by_seat else ksh,
        precious_metal=precious_metal,
    )
    if ksh == "-" and competence.municipality is None and competence.reason == NOT_HERE():
        # Name the settlement, so the citizen knows which notary to turn to.
        settlement = address["settlement"].strip()
        competence = replace(
            competence,
            reason=_(
                "The notary of %(settlement)s is competent, and %(settlement)s does not "
                "receive notifications on this portal yet: submit the notification to its "
                "notary directly."
            )
            % {"settlement": settlement},
        )
    return competence
