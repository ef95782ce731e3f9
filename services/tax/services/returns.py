"""Self-assessed returns (bevallás) booked on the taxpayer account: the accommodation
provider's monthly tourist-tax return, and the local business tax (HIPA) annual return and
advance declaration — whether they arrive as a portal form (``services.tax.receivers``) or
forwarded by the state tax authority (``hipa_import``). Both paths call these functions, so
a return books the same entries whichever way it came.

Every entry carries an idempotency key made of what identifies the return (the
accommodation and month; the taxpayer, the year and the instalment), not of the channel:
the same return received twice — a re-imported file, the NAV forward of a return the
company also filed on the portal — books nothing the second time. The due dates are data
with their sources (``data/tax/returns.json``), moved to the next working day."""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from services.documents import services as documents

from ..constants import ChargeOrigin, EntryKind, RateUnit, TaxObjectKind, TaxType
from ..models import DecreeLine, LedgerEntry, TaxObject
from ..models.registers import DatedModel
from .annual import decree_in_force
from .errors import TaxError
from .ledger import _existing, _lock, _write, book_charge, settle


@lru_cache(maxsize=4)
def _load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def return_rules():
    """The due dates of the self-assessed returns, each with ``status`` and ``source``."""
    path = getattr(settings, "TAX_RETURNS_FILE", None) or (
        settings.BASE_DIR / "data" / "tax" / "returns.json"
    )
    return _load(str(path))


def _working(day, calendar=None):
    return (calendar or documents.default_calendar()).next_working_day(day)


def month_end(year, month):
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def tourist_due_on(year, month, calendar=None):
    """The day the return and the tax of ``month`` are due: the 15th of the next month."""
    day = return_rules()["tourist_monthly"]["day_of_following_month"]
    following = month_end(year, month) + datetime.timedelta(days=1)
    return _working(following.replace(day=day), calendar)


def business_annual_due_on(year, calendar=None):
    """The annual return of ``year`` and the difference to the advances: 31 May next year."""
    rule = return_rules()["business_annual"]
    return _working(datetime.date(year + 1, rule["month"], rule["day"]), calendar)


def advance_due_on(year, instalment, calendar=None):
    """The due date of HIPA advance ``instalment`` (1: March, 2: September) of ``year``."""
    month, day = return_rules()["business_advances"]["half_years"][instalment - 1]
    return _working(datetime.date(year, month, day), calendar)


# -- the accommodation provider's monthly return


def accommodations_of(taxpayer, year=None, month=None):
    """The taxpayer's accommodations in the tourist-tax register; with a month, those
    registered for some day of it."""
    rows = TaxObject.objects.for_municipality(taxpayer.municipality_id).filter(
        taxpayer=taxpayer, tax_type=TaxType.TOURIST, kind=TaxObjectKind.ACCOMMODATION
    )
    if year is not None:
        first, last = datetime.date(year, month, 1), month_end(year, month)
        rows = rows.filter(valid_from__lte=last).exclude(valid_to__lte=first)
    else:
        rows = rows.filter(DatedModel.on(datetime.date.today()))
    return list(rows.order_by("valid_from", "pk"))


def accommodation_name(tax_object):
    """The name of an accommodation without the trade register's key ("[ipar:…] ")."""
    text = tax_object.description
    if text.startswith("[") and "] " in text:
        text = text[text.index("] ") + 2 :]
    return text


def _folded(text):
    return " ".join(str(text or "").casefold().split())


def find_accommodation(taxpayer, name, year, month):
    """The taxpayer's accommodation of that month whose register name starts with the name
    written on the return (case and spacing ignored), or None."""
    wanted = _folded(name)
    if not wanted:
        return None
    for tax_object in accommodations_of(taxpayer, year, month):
        registered = _folded(accommodation_name(tax_object))
        if (
            registered == wanted
            or registered.startswith(wanted + " ")
            or (registered.startswith(wanted + ","))
        ):
            return tax_object
    return None


def _tourist_key(tax_object, year, month):
    return f"return:tourist:{tax_object.pk}:{year}-{month:02d}"


def tourist_return_booked(tax_object, year, month):
    """The charge a return of that accommodation and month booked, or None."""
    return LedgerEntry.objects.filter(
        municipality=tax_object.municipality_id,
        idempotency_key=_tourist_key(tax_object, year, month),
    ).first()


def guest_night_rate(municipality, year):
    """The decree's tourist-tax rate in Ft per guest night for ``year``, or None when the
    decree in force has no such line (then the amount is not checked against it)."""
    decree = decree_in_force(municipality, year)
    if decree is None:
        return None
    line = (
        DecreeLine.objects.filter(
            municipality=municipality,
            decree=decree,
            tax_type=TaxType.TOURIST,
            unit=RateUnit.FT_PER_GUEST_NIGHT,
        )
        .order_by("position", "pk")
        .first()
    )
    return None if line is None else Decimal(line.amount)


@transaction.atomic
def book_tourist_return(
    taxpayer, tax_object, *, year, month, amount, booked_on, reference="", actor=None
):
    """The tax collected in ``month`` at the accommodation, charged as the return says,
    due on the 15th of the next month. A nil return books nothing (returns None); the
    return of a month already booked books nothing again (returns the first charge)."""
    if tax_object.taxpayer_id != taxpayer.pk or tax_object.tax_type != TaxType.TOURIST:
        raise TaxError(_("This accommodation is not registered to this taxpayer."))
    if amount <= 0:
        return None
    return book_charge(
        taxpayer,
        TaxType.TOURIST,
        int(amount),
        origin=ChargeOrigin.RETURN,
        due_on=tourist_due_on(year, month),
        booked_on=booked_on,
        period_year=year,
        instalment=month,
        reference=str(reference)[:120],
        note=_("Tourist tax return %(year)s/%(month)02d, %(name)s")
        % {"year": year, "month": month, "name": accommodation_name(tax_object)},
        idempotency_key=_tourist_key(tax_object, year, month),
        actor=actor,
    )


# -- local business tax (HIPA): annual return and advances


@dataclass
class ReturnBooking:
    """What one return booked (``entries``) and what it found already booked (``kept``)."""

    entries: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    @property
    def nothing_new(self):
        return not self.entries


def _business_key(taxpayer, year, part):
    return f"return:business:{taxpayer.pk}:{year}:{part}"


def business_return_booked(taxpayer, year):
    """Whether the annual return of ``year`` was booked (the difference or a nil one)."""
    return LedgerEntry.objects.filter(
        municipality=taxpayer.municipality_id,
        idempotency_key__startswith=_business_key(taxpayer, year, "annual"),
    ).exists()


def advances_charged(taxpayer, year):
    """The HIPA advances charged for ``year`` (charges of returns with an instalment)
    less what was reversed of them."""
    rows = LedgerEntry.objects.filter(
        municipality=taxpayer.municipality_id,
        taxpayer=taxpayer,
        tax_type=TaxType.BUSINESS,
        kind=EntryKind.CHARGE,
        origin=ChargeOrigin.RETURN,
        period_year=year,
        instalment__isnull=False,
    )
    charged = rows.aggregate(total=Sum("amount"))["total"] or 0
    reversed_ = (
        LedgerEntry.objects.filter(
            municipality=taxpayer.municipality_id,
            kind=EntryKind.REVERSAL,
            source__in=rows.values("pk"),
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    return charged - reversed_


def _advance(result, taxpayer, year, instalment, amount, booked_on, reference, actor):
    if amount <= 0:
        return
    key = _business_key(taxpayer, year, f"advance:{instalment}")
    existing = _existing(taxpayer, key)
    if existing is not None:
        result.kept.append(existing)
        return
    result.entries.append(
        book_charge(
            taxpayer,
            TaxType.BUSINESS,
            int(amount),
            origin=ChargeOrigin.RETURN,
            due_on=advance_due_on(year, instalment),
            booked_on=booked_on,
            period_year=year,
            instalment=instalment,
            reference=str(reference)[:120],
            note=_("Local business tax advance %(year)s/%(n)s") % {"year": year, "n": instalment},
            idempotency_key=key,
            actor=actor,
        )
    )


@transaction.atomic
def book_business_advance(taxpayer, *, year, first, second, booked_on, reference="", actor=None):
    """An advance declaration: the two advances of ``year`` (due 15 March and 15
    September), each booked once."""
    _lock(taxpayer)
    result = ReturnBooking()
    _advance(result, taxpayer, year, 1, first, booked_on, reference, actor)
    _advance(result, taxpayer, year, 2, second, booked_on, reference, actor)
    return result


@transaction.atomic
def book_business_return(
    taxpayer,
    *,
    year,
    annual_tax,
    next_advances=(0, 0),
    booked_on,
    reference="",
    actor=None,
):
    """The annual return of ``year``: the tax less the advances charged for the year is
    charged (due 31 May next year) or, when the advances were more, credited; and the
    advances it declares for the next period are charged: the first due 15 September
    next year (instalment 2 of ``year + 1``), the second 15 March the year after
    (instalment 1 of ``year + 2``). Booked once per taxpayer and year."""
    if int(annual_tax) < 0 or min(next_advances) < 0:
        raise TaxError(_("An amount is a whole number of forints, not negative."))
    _lock(taxpayer)
    result = ReturnBooking()
    key = _business_key(taxpayer, year, "annual")
    existing = _existing(taxpayer, key)
    if existing is not None:
        result.kept.append(existing)
    else:
        difference = int(annual_tax) - advances_charged(taxpayer, year)
        note = _("Local business tax %(year)s: the tax less the advances") % {"year": year}
        if difference > 0:
            result.entries.append(
                book_charge(
                    taxpayer,
                    TaxType.BUSINESS,
                    difference,
                    origin=ChargeOrigin.RETURN,
                    due_on=business_annual_due_on(year),
                    booked_on=booked_on,
                    period_year=year,
                    reference=str(reference)[:120],
                    note=note,
                    idempotency_key=key,
                    actor=actor,
                )
            )
        elif difference < 0:
            # The advances were more than the tax: the difference is money on the
            # account (an overpayment the taxpayer may ask back), as a credit of the return.
            result.entries.append(
                _write(
                    taxpayer,
                    TaxType.BUSINESS,
                    EntryKind.CREDIT,
                    -difference,
                    booked_on,
                    actor,
                    origin=ChargeOrigin.RETURN,
                    period_year=year,
                    reference=str(reference)[:120],
                    note=note,
                    idempotency_key=key,
                )
            )
            settle(taxpayer, on=booked_on, actor=actor)
        # Equal: nothing to book (the ledger holds no zero amounts); the return itself is
        # on record in the registry, and a second one is not detected here.
    first, second = (int(amount) for amount in next_advances)
    _advance(result, taxpayer, year + 1, 2, first, booked_on, reference, actor)
    _advance(result, taxpayer, year + 2, 1, second, booked_on, reference, actor)
    return result
