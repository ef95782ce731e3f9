"""The trade register's forms of the central library (IPAR-001, -002, -003, -008) read as
register data, and their checks before submission (services.forms.checks).

Each form's field keys are named here once; ``receivers`` writes what these functions
read, so a check and the registration never read a form differently."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from services.forms import services as forms

from .constants import SEAT_COMPETENT_FORMS, TraderKind
from .services import hours
from .services.competence import route
from .services.errors import CommerceError
from .services.lookup import find_place, find_trade
from .services.registers import _identifiers

DAYS = ("hetfo", "kedd", "szerda", "csutortok", "pentek", "szombat", "vasarnap")
SHOP_FORMS = {"shop", "shopping_centre"}
_SPAN = re.compile(r"(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})")


def address(value):
    """A form's postal address as the register keeps it (street with the house number)."""
    value = value if isinstance(value, dict) else {}
    street = " ".join(
        part for part in (value.get("street", ""), value.get("house_number", "")) if part
    )
    return {
        "postal_code": str(value.get("postal_code", "") or "").strip(),
        "settlement": str(value.get("settlement", "") or "").strip(),
        "street": street.strip(),
    }


def lines(value):
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def day(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or ""))
    except ValueError:
        return None


def opening_hours(answers, prefix):
    """(hours as the register keeps them, {field key: message}) from the seven day fields
    ``<prefix>_hetfo`` … ``<prefix>_vasarnap``: "08:00-12:00, 13:00-17:00", empty = closed."""
    result, errors = {}, {}
    for number, name in enumerate(DAYS):
        key = f"{prefix}_{name}"
        text = str(answers.get(key) or "").strip()
        if not text:
            continue
        spans = []
        for part in text.split(","):
            match = _SPAN.fullmatch(part.strip())
            if match is None:
                errors[key] = _("Write the opening times as 08:00-18:00, separated by commas.")
                break
            h1, m1, h2, m2 = match.groups()
            spans.append([f"{int(h1):02d}:{m1}", f"{int(h2):02d}:{m2}"])
        if key in errors:
            continue
        try:
            hours.normalise_hours({str(number): spans})
        except CommerceError as error:
            errors[key] = str(error)
            continue
        result[str(number)] = spans
    return result, errors


# -- IPAR-001: notification of trading


def trader_of(answers):
    kind = answers.get("kereskedo_tipusa") or TraderKind.COMPANY
    return {
        "kind": kind,
        "name": answers.get("kereskedo_neve", ""),
        **address(answers.get("kereskedo_szekhelye")),
        "registration_number": answers.get("nyilvantartasi_szam", ""),
        "statistical_number": answers.get("statisztikai_szamjel", ""),
        "tax_number": answers.get("kereskedo_adoszama", ""),
        "seat_is_home": bool(answers.get("szekhely_lakohely")),
    }


def place_of(answers):
    trading_forms = list(answers.get("kereskedesi_formak") or [])
    place = {
        **address(answers.get("tevekenyseg_helye")),
        "parcel_number": answers.get("helyrajzi_szam", "") or "",
        "trading_forms": trading_forms,
        "areas": lines(answers.get("mukodesi_teruletek")),
        "routes": lines(answers.get("utvonalak")),
        "product_groups": list(answers.get("termekkorok") or []),
    }
    if SHOP_FORMS & set(trading_forms):
        shop_hours, _errors = opening_hours(answers, "nyitva")
        place["shop"] = {
            "name": answers.get("uzlet_elnevezese", ""),
            "floor_area": answers.get("uzlet_alapterulete"),
            "use_title": answers.get("hasznalati_jogcim", ""),
            "complaints_book_number": answers.get("vasarlok_konyve", ""),
            "opening_hours": shop_hours,
        }
    return place


def competence_of(answers):
    trading_forms = answers.get("kereskedesi_formak") or []
    return route(
        trading_forms,
        seat=address(answers.get("kereskedo_szekhelye")),
        place=address(answers.get("tevekenyseg_helye")),
    )


def check_trading(answers, context):
    errors = {}
    kind = answers.get("kereskedo_tipusa")
    number = str(answers.get("nyilvantartasi_szam") or "").strip()
    if kind == TraderKind.COMPANY and number:
        try:
            forms.normalise_company_registration_number(number)
        except ValidationError as error:
            errors["nyilvantartasi_szam"] = error.messages
    if answers.get("statisztikai_szamjel"):
        try:
            _identifiers(kind, trader_of(answers))
        except CommerceError as error:
            errors["statisztikai_szamjel"] = [str(error)]
    trading_forms = answers.get("kereskedesi_formak")
    if isinstance(trading_forms, list) and trading_forms:
        if SHOP_FORMS & set(trading_forms):
            _hours, hour_errors = opening_hours(answers, "nyitva")
            errors.update({key: [message] for key, message in hour_errors.items()})
        competence = competence_of(answers)
        by_seat = bool(SEAT_COMPETENT_FORMS & set(trading_forms))
        where = "kereskedesi_formak" if by_seat else "tevekenyseg_helye"
        here = getattr(context, "municipality", None)
        if not competence:
            errors[where] = [competence.reason]
        elif here is not None and competence.municipality.pk != here.pk:
            errors[where] = [
                _(
                    "The notary of %(competent)s registers this notification, not that of "
                    "%(here)s: %(reason)s Start the same form on the portal at %(competent)s "
                    "(e-ügyintézés, %(competent)s, form IPAR-001)."
                )
                % {
                    "competent": competence.municipality.name,
                    "here": here.name,
                    "reason": competence.reason,
                }
            ]
    return errors


# -- IPAR-002 and IPAR-003: a registration already in the register


def trade_of(answers, municipality):
    return find_trade(
        municipality, answers.get("nyilvantartasi_szam"), answers.get("kereskedo_adoszama")
    )


def _check_registration(answers, context, errors, place_needed):
    municipality = getattr(context, "municipality", None)
    if municipality is None or not answers.get("nyilvantartasi_szam"):
        return None
    if not answers.get("kereskedo_adoszama"):
        return None
    try:
        trade = trade_of(answers, municipality)
    except CommerceError as error:
        errors["nyilvantartasi_szam"] = [str(error)]
        return None
    if place_needed or answers.get("erintett_hely"):
        try:
            find_place(trade, answers.get("erintett_hely", ""))
        except CommerceError as error:
            errors["erintett_hely"] = [str(error)]
    return trade


TRADER_CHANGES = ("uj_kereskedo_neve", "uj_szekhely")
PLACE_CHANGES = (
    "uj_uzlet_elnevezese",
    "uj_alapterulet",
    "uj_vasarlok_konyve",
    "uj_hasznalati_jogcim",
    "uj_termekkorok",
)
CHANGE_FIELDS = TRADER_CHANGES + PLACE_CHANGES


def filled(value):
    return value not in (None, "", [], {})


def needs_place(answers):
    """Whether an IPAR-002 notification concerns one place (its closure, or a change of
    its shop or product groups) rather than the trader or the whole registration."""
    return answers.get("bejelentes_tipusa") == "megszunes_hely" or (
        answers.get("bejelentes_tipusa") == "valtozas"
        and any(filled(answers.get(key)) for key in PLACE_CHANGES)
    )


def check_change(answers, context):
    errors = {}
    _check_registration(answers, context, errors, needs_place(answers))
    if answers.get("bejelentes_tipusa") == "valtozas" and "valtozas_datuma" in answers:
        if not any(filled(answers.get(key)) for key in CHANGE_FIELDS):
            errors["valtozas_datuma"] = [_("Fill in at least one changed datum.")]
    return errors


def today():
    from django.utils import timezone

    return timezone.localdate()


def check_opening_hours(answers, context):
    errors = {}
    _check_registration(answers, context, errors, True)
    starts_on = day(answers.get("valtozas_kezdete"))
    if starts_on is not None:
        try:
            hours.check_notice(today(), starts_on, day(answers.get("valtozas_vege")))
        except CommerceError as error:
            errors["valtozas_kezdete"] = [str(error)]
    if "valtozas_kezdete" in answers:
        _hours, hour_errors = opening_hours(answers, "uj_nyitva")
        errors.update({key: [message] for key, message in hour_errors.items()})
    return errors


# -- IPAR-008: an accommodation


def operator_of(answers):
    return {
        "kind": answers.get("kereskedo_tipusa") or TraderKind.COMPANY,
        "name": answers.get("uzemelteto_neve", ""),
        **address(answers.get("uzemelteto_szekhelye")),
        "registration_number": answers.get("nyilvantartasi_szam", ""),
        "tax_number": answers.get("uzemelteto_adoszama", ""),
    }


def accommodation_of(answers):
    return {
        "name": answers.get("szallashely_neve", ""),
        "kind": answers.get("szallashely_tipusa", ""),
        "rooms": answers.get("szobak_szama"),
        "beds": answers.get("agyak_szama"),
        **address(answers.get("szallashely_cime")),
    }


def check_accommodation(answers, context):
    rooms, beds = answers.get("szobak_szama"), answers.get("agyak_szama")
    if isinstance(rooms, int) and isinstance(beds, int) and beds < rooms:
        return {"agyak_szama": [_("A room has at least one bed: check the number of beds.")]}
    return {}
