"""Which municipality's notary registers a trading notification.

210/2009. (IX. 29.) Korm. rendelet 2. § (text read on njt.hu and net.jogtar.hu):
a) for trading from a mobile shop, outside a shop, by mail order, from a vending machine
   and on a vehicle, the notary of the settlement of the trader's seat;
b) for every other trading form, the notary of the settlement where the trading is done.
The trade in precious-metal jewellery is excepted from the notary's competence (2. §,
opening words): another authority registers it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sites.models import Municipality

from ..constants import SEAT_COMPETENT_FORMS, TradingForm


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
            reason=_(
                "The competent notary's municipality does not receive notifications on this "
                "portal yet: submit the notification to it directly."
            ),
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
