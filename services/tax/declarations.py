"""The central library's tax forms read as tax-office data, and their checks against the
register before anything is submitted (``services.forms.checks``): ADO-005 (the
accommodation provider's monthly tourist-tax return), ADO-001 (the HIPA annual return,
from version 2), ADO-009 (the HIPA advance declaration) and ADO-010 (a request about an
overpayment).

Each form's field keys are named here once, and ``receivers`` books what these functions
read, so a check and the booking never read a form differently. A check says in Hungarian
what to fix, on the field it concerns; the receiver runs the same reading again inside the
registering transaction (a race, or a check that could not know the submitter)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from sites.hungarian import format_money

from .constants import TaxType
from .services import returns
from .services.citizen import accessible_taxpayers
from .services.registers import find_taxpayer


@dataclass
class Declarant:
    """Who a form names (``taxpayer`` None: not in the register) and the field to blame."""

    taxpayer: object
    field: str
    identifier: str


def _today():
    return timezone.localdate()


def declarant(answers, prefix, municipality):
    """The taxpayer the answers name by tax number (an organisation, a sole trader) or,
    failing one, by tax identification number (a private person)."""
    for suffix in ("adoszama", "adoazonosito_jel"):
        key = f"{prefix}_{suffix}"
        value = str(answers.get(key) or "").strip()
        if value:
            return Declarant(find_taxpayer(municipality, value), key, value)
    return Declarant(None, f"{prefix}_adoszama", "")


def identity_errors(found, municipality, submitter, tax_type):
    """{field: [message]} when the declarant is not in the register or the portal account
    may not act for them in this tax type (the register's own links and representations;
    ``submitter`` None: not known yet, checked again on registration)."""
    if not found.identifier:
        return {
            found.field: [_("Give the tax number or the tax identification number of the filer.")]
        }
    if found.taxpayer is None:
        return {
            found.field: [
                _(
                    "%(identifier)s is not in the tax register of %(municipality)s. Register "
                    "with the tax office first (bejelentkezés), then file the return."
                )
                % {"identifier": found.identifier, "municipality": municipality.name}
            ]
        }
    if submitter is not None and not may_file(submitter, found.taxpayer, tax_type):
        return {
            found.field: [
                _(
                    "Your portal account may not act for %(identifier)s in this tax. The tax "
                    "office records representatives: ask it to record yours."
                )
                % {"identifier": found.identifier}
            ]
        }
    return {}


def may_file(user, taxpayer, tax_type):
    """Whether the portal account may file for the taxpayer: its own linked taxpayer, or
    one it represents for this tax type, by the tax register."""
    return any(
        access.taxpayer.pk == taxpayer.pk and access.covers(tax_type)
        for access in accessible_taxpayers(user)
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# -- ADO-005: the monthly tourist-tax return


@dataclass
class TouristReturn:
    year: int
    month: int
    accommodation: str
    nights: int
    exempt_nights: int
    taxable_nights: int
    amount: int


def tourist_return_of(answers):
    return TouristReturn(
        year=_int(answers.get("ev")),
        month=_int(answers.get("honap")),
        accommodation=str(answers.get("szallashely_neve") or "").strip(),
        nights=_int(answers.get("osszes_vendegejszaka")),
        exempt_nights=_int(answers.get("mentes_vendegejszaka")),
        taxable_nights=_int(answers.get("adokoteles_vendegejszaka")),
        amount=_int(answers.get("beszedett_ado")),
    )


def _month_name(year, month):
    """ "2026. november", as Hungarian names a month (Django's translated month names)."""
    return f"{year}. {MONTHS[month]}"


def check_tourist_return(answers, context):
    errors = {}
    municipality = context.municipality
    filed = tourist_return_of(answers)
    found = declarant(answers, "beszedo", municipality)
    errors.update(identity_errors(found, municipality, context.submitter, TaxType.TOURIST))
    if filed.year is None or filed.month is None or not 1 <= filed.month <= 12:
        return errors
    today = _today()
    if (filed.year, filed.month) >= (today.year, today.month):
        errors["honap"] = [
            _("A month's return can be filed once the month is over: %(month)s is not.")
            % {"month": _month_name(filed.year, filed.month)}
        ]
        return errors
    if None not in (filed.nights, filed.exempt_nights, filed.taxable_nights):
        if filed.exempt_nights > filed.nights:
            errors["mentes_vendegejszaka"] = [
                _("The exempt guest nights cannot be more than all guest nights.")
            ]
        elif filed.nights - filed.exempt_nights != filed.taxable_nights:
            errors["adokoteles_vendegejszaka"] = [
                _(
                    "The taxable guest nights are all guest nights less the exempt ones: "
                    "%(expected)s."
                )
                % {"expected": filed.nights - filed.exempt_nights}
            ]
    rate = returns.guest_night_rate(municipality, filed.year)
    if rate is not None and filed.taxable_nights is not None and filed.amount is not None:
        expected = int(rate * filed.taxable_nights)
        if filed.amount != expected:
            errors["beszedett_ado"] = [
                _("At %(rate)s per guest night, %(nights)s taxable guest nights make %(expected)s.")
                % {
                    "rate": format_money(int(rate)),
                    "nights": filed.taxable_nights,
                    "expected": format_money(expected),
                }
            ]
    if found.taxpayer is None or found.field in errors:
        return errors
    tax_object = returns.find_accommodation(
        found.taxpayer, filed.accommodation, filed.year, filed.month
    )
    if tax_object is None:
        names = [
            returns.accommodation_name(item).rstrip(".")
            for item in returns.accommodations_of(found.taxpayer, filed.year, filed.month)
        ]
        errors["szallashely_neve"] = [
            _(
                "No accommodation of this name is registered to %(identifier)s for "
                "%(month)s. Registered: %(names)s."
            )
            % {
                "identifier": found.identifier,
                "month": _month_name(filed.year, filed.month),
                "names": ", ".join(names) or _("none"),
            }
        ]
    elif returns.tourist_return_booked(tax_object, filed.year, filed.month) is not None:
        errors["honap"] = [
            _(
                "The return of %(month)s for %(name)s has already been filed. A correction "
                "is made by self-revision (önellenőrzés) at the tax office."
            )
            % {
                "month": _month_name(filed.year, filed.month),
                "name": returns.accommodation_name(tax_object),
            }
        ]
    return errors


# -- ADO-001 (v2) and ADO-009: local business tax


def _year_errors(year, key="adoev"):
    if year is None:
        return {}
    if year >= _today().year:
        return {
            key: [
                _("The annual return of %(year)s can be filed once the year is over.")
                % {"year": year}
            ]
        }
    return {}


def check_business_return(answers, context):
    municipality = context.municipality
    found = declarant(answers, "adozo", municipality)
    errors = identity_errors(found, municipality, context.submitter, TaxType.BUSINESS)
    year = _int(answers.get("adoev"))
    errors.update(_year_errors(year))
    if (
        year is not None
        and "adoev" not in errors
        and found.taxpayer is not None
        and returns.business_return_booked(found.taxpayer, year)
    ):
        errors["adoev"] = [
            _(
                "The annual return of %(year)s has already been booked. A correction is made "
                "by self-revision (önellenőrzés) at the tax office."
            )
            % {"year": year}
        ]
    return errors


def business_return_of(answers):
    return {
        "year": _int(answers.get("adoev")),
        "annual_tax": _int(answers.get("fizetendo_ado")) or 0,
        "next_advances": (
            _int(answers.get("elso_eloleg")) or 0,
            _int(answers.get("masodik_eloleg")) or 0,
        ),
    }


def check_business_advance(answers, context):
    municipality = context.municipality
    found = declarant(answers, "adozo", municipality)
    errors = identity_errors(found, municipality, context.submitter, TaxType.BUSINESS)
    year = _int(answers.get("adoev"))
    today = _today()
    if year is not None and not today.year - 1 <= year <= today.year + 1:
        errors["adoev"] = [_("An advance is declared for last year, this year or next year.")]
    return errors


def business_advance_of(answers):
    return {
        "year": _int(answers.get("adoev")),
        "first": _int(answers.get("elso_eloleg")) or 0,
        "second": _int(answers.get("masodik_eloleg")) or 0,
    }


# -- ADO-010: a request about an overpayment


def overpayment_request_of(answers):
    kind = answers.get("kerelem_fajtaja") or ""
    return {
        "kind": kind,
        "from_tax_type": answers.get("adonem") or "",
        "amount": _int(answers.get("osszeg")) or 0,
        "to_tax_type": (answers.get("cel_adonem") or "") if kind == "credit" else "",
        "authority": str(answers.get("hatosag") or "") if kind == "transfer" else "",
        "bank_account": str(answers.get("bankszamla") or "") if kind != "credit" else "",
        "account_holder": str(answers.get("szamlatulajdonos") or "") if kind != "credit" else "",
        "no_debt_elsewhere": bool(answers.get("nincs_koztartozas")) and kind != "credit",
    }


def check_overpayment_request(answers, context):
    from .services.requests import normalise_bank_account

    municipality = context.municipality
    found = declarant(answers, "kerelmezo", municipality)
    request = overpayment_request_of(answers)
    tax_type = request["from_tax_type"] or None
    errors = identity_errors(found, municipality, context.submitter, tax_type)
    if request["kind"] == "credit" and request["to_tax_type"] == request["from_tax_type"]:
        errors["cel_adonem"] = [_("A credit goes to another tax type: choose it.")]
    if request["kind"] in ("transfer", "refund") and request["bank_account"]:
        try:
            normalise_bank_account(request["bank_account"])
        except Exception as error:  # ValidationError: its Hungarian messages
            errors["bankszamla"] = list(getattr(error, "messages", [str(error)]))
    if request["amount"] <= 0 and answers.get("osszeg") not in (None, ""):
        errors["osszeg"] = [_("The amount is a positive number of forints.")]
    return errors
