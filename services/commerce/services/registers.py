"""The register's versions (the current one, the history, superseding) and the checks of
what a person sends before anything is written."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sites.validators import validate_postal_code

from ..constants import (
    AREA_FORMS,
    Status,
    TraderKind,
    TradingForm,
    UseTitle,
)
from ..models import (
    Notification,
)
from ..search import register_changed
from . import catalogue, hours
from .errors import CommerceError

# Fields a new version copies from the one it supersedes unless the change gives them.
_VERSION_BOOKKEEPING = {"id", "valid_from", "valid_to", "status", "notification", "recorded_at"}


def _user(actor):
    user = getattr(actor, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _notification(municipality, kind, *, actor, received_on, effective_on, reference="", note=""):
    # Every change of the register is a notification: the search's copy of the public
    # entries is refreshed after the commit (services.commerce.search).
    register_changed(municipality)
    return Notification.objects.create(
        municipality=municipality,
        kind=kind,
        received_on=received_on,
        effective_on=effective_on,
        reference=reference,
        note=note[:300],
        recorded_by=_user(actor),
    )


def current(entry, day=None):
    """The version of ``entry`` (a trader, trade, place, shop, site, accommodation or
    licence) that holds on ``day``, or its open one (which may be its closure)."""
    versions = _versions(entry)
    if day is None:
        return versions.filter(valid_to__isnull=True).first()
    return versions.filter(type(entry).versions.rel.related_model.on(day)).first()


def history(entry):
    """Every version of ``entry`` in order, each with the notification that caused it."""
    return list(_versions(entry).select_related("notification").order_by("valid_from", "pk"))


def _versions(entry):
    # A version belongs to the municipality of its entry: the scope says so.
    return entry.versions.filter(municipality_id=entry.municipality_id)


def _supersede(entry, notification, valid_from, *, status=Status.ACTIVE, **changes):
    """Close the open version of ``entry`` and write the next one from ``valid_from``,
    copying what ``changes`` does not give."""
    previous = current(entry)
    if previous is None:
        raise CommerceError(_("This register entry has no current data to change."))
    if previous.status == Status.CLOSED:
        raise CommerceError(_("This register entry is closed: it cannot change any more."))
    if valid_from < previous.valid_from:
        raise CommerceError(
            _("A change cannot take effect before the data it changes (%(day)s).")
            % {"day": previous.valid_from.strftime("%Y. %m. %d.")}
        )
    values = {
        field.attname: getattr(previous, field.attname)
        for field in previous._meta.concrete_fields
        if field.name not in _VERSION_BOOKKEEPING
    }
    unknown = set(changes) - {field.name for field in previous._meta.concrete_fields}
    if unknown:
        raise CommerceError(_("Unknown register data: %(names)s.") % {"names": ", ".join(unknown)})
    values.update(changes)
    previous.valid_to = valid_from
    previous.save()
    return type(previous).objects.create(
        **values, valid_from=valid_from, status=status, notification=notification
    )


# -- checking what a person sends


def _address(data, *, required):
    address = {
        key: str(data.get(key, "") or "").strip() for key in ("postal_code", "settlement", "street")
    }
    if required and not all(address.values()):
        raise CommerceError(_("Give the postal code, settlement, street and number."))
    if address["postal_code"]:
        try:
            validate_postal_code(address["postal_code"])
        except ValidationError as error:
            raise CommerceError(" ".join(error.messages)) from error
    return address


def _identifiers(kind, data):
    from services.forms import services as forms

    values = {}
    try:
        tax_number = str(data.get("tax_number", "") or "").strip()
        values["tax_number"] = forms.normalise_tax_number(tax_number) if tax_number else ""
        number = str(data.get("registration_number", "") or "").strip()
        if kind == TraderKind.COMPANY and number:
            number = forms.normalise_company_registration_number(number)
        values["registration_number"] = number
    except ValidationError as error:
        raise CommerceError(" ".join(error.messages)) from error
    statistical = re.sub(r"[\s-]", "", str(data.get("statistical_number", "") or ""))
    if statistical:
        # The statistical number (statisztikai számjel): the tax number's first 8 digits,
        # the TEÁOR code (4), the legal form (3) and the county code (2).
        if not re.fullmatch(r"[0-9]{17}", statistical):
            raise CommerceError(
                _("The statistical number has 17 digits, e.g. 12345676-4711-113-10.")
            )
        if values["tax_number"] and statistical[:8] != values["tax_number"][:8]:
            raise CommerceError(
                _("The statistical number begins with the first 8 digits of the tax number.")
            )
        statistical = (
            f"{statistical[:8]}-{statistical[8:12]}-{statistical[12:15]}-{statistical[15:]}"
        )
    values["statistical_number"] = statistical
    return values


def _trader_values(data):
    kind = data.get("kind")
    if kind not in TraderKind.values:
        raise CommerceError(
            _("Say whether the trader is a company, sole trader or small producer.")
        )
    name = str(data.get("name", "") or "").strip()
    if not name:
        raise CommerceError(_("Give the trader's name."))
    values = {"name": name, **_address(data, required=True), **_identifiers(kind, data)}
    natural = kind != TraderKind.COMPANY
    for key in ("home_address", "birth_name", "birth_place", "mother_name"):
        values[key] = str(data.get(key, "") or "").strip() if natural else ""
    values["birth_date"] = data.get("birth_date") if natural else None
    values["seat_is_home"] = bool(data.get("seat_is_home")) and natural
    return kind, values


def _place_values(data):
    forms = list(dict.fromkeys(data.get("trading_forms") or ()))
    if not forms or any(form not in TradingForm.values for form in forms):
        raise CommerceError(_("Choose at least one trading form of the trade act."))
    by_area = set(forms) & AREA_FORMS
    areas = [str(area).strip() for area in data.get("areas") or () if str(area).strip()]
    routes = [str(route).strip() for route in data.get("routes") or () if str(route).strip()]
    if by_area and not areas:
        raise CommerceError(
            _("For a mobile shop, trading outside a shop or mail order, give the areas.")
        )
    if TradingForm.MOBILE_SHOP in forms and not routes:
        raise CommerceError(_("For a mobile shop, give its routes."))
    groups = list(dict.fromkeys(data.get("product_groups") or ()))
    unknown = [code for code in groups if code not in catalogue.product_groups()]
    if unknown:
        raise CommerceError(_("Unknown product group: %(codes)s.") % {"codes": ", ".join(unknown)})
    return {
        **_address(data, required=not by_area),
        "parcel_number": str(data.get("parcel_number", "") or "").strip(),
        "trading_forms": forms,
        "areas": areas,
        "routes": routes,
        "product_groups": groups,
    }


def _shop_values(data):
    name = str(data.get("name", "") or "").strip()
    if not name:
        raise CommerceError(_("Give the shop's name."))
    use_title = data.get("use_title", "") or ""
    if use_title and use_title not in UseTitle.values:
        raise CommerceError(_("Choose the title under which the premises are used."))
    area = data.get("floor_area")
    if area not in (None, "") and (not str(area).isdigit() or int(area) < 1):
        raise CommerceError(_("The floor area is a whole number of square metres."))
    return {
        "name": name,
        "floor_area": int(area) if area not in (None, "") else None,
        "opening_hours": hours.normalise_hours(data.get("opening_hours")),
        "hours_exceptions": [],
        "complaints_book_number": str(data.get("complaints_book_number", "") or "").strip(),
        "use_title": use_title,
    }


def _next_number(model, municipality, year):
    count = model.objects.for_municipality(municipality).filter(registered_on__year=year).count()
    return f"{count + 1}/{year}"
