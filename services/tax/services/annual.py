"""The annual tax of one object under a decree, and the register state it needs.

``annual_tax`` is a pure function (no queries): the annual assessment reuses it, and the
simulator runs it over the whole base of a municipality after loading the register state
on 1 January once (``state_on``) — so the number of queries does not grow with the number
of taxpayers. ``DecreeRates`` loads a decree's lines and rules once; ``decree_in_force``
finds the decree whose rates apply to a year."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from ..constants import (
    DecreeState,
    PropertyKind,
    RateCategory,
    RateUnit,
    RightKind,
    RuleKind,
    TaxpayerKind,
    TaxType,
    UseCategory,
)
from ..models import Decree, DecreeLine, DecreeRule


def decree_in_force(municipality, year, *, excluding=None):
    """The adopted decree that sets the rates of ``year``: the latest adopted for that year
    or, failing one, for the latest year before it."""
    decrees = Decree.objects.filter(
        municipality=municipality, state=DecreeState.ADOPTED, tax_year__lte=year
    )
    if excluding is not None:
        decrees = decrees.exclude(pk=excluding.pk)
    return decrees.order_by("-tax_year", "-adopted_on", "-number", "-pk").first()


@dataclass(frozen=True)
class DecreeRates:
    """A decree's lines and rules, loaded once (two queries) and read many times."""

    decree: Decree | None
    lines: tuple = ()
    rules: tuple = ()

    @classmethod
    def of(cls, decree):
        if decree is None:
            return cls(decree=None)
        scope = {"municipality": decree.municipality_id, "decree": decree}
        return cls(
            decree=decree,
            lines=tuple(DecreeLine.objects.filter(**scope).order_by("position", "pk")),
            rules=tuple(DecreeRule.objects.filter(**scope).order_by("pk")),
        )


@dataclass(frozen=True)
class ObjectState:
    """What the tax of one object for one subject depends on, as of 1 January."""

    tax_object_id: int
    taxpayer_id: int
    tax_type: str
    day: datetime.date
    share: Fraction = Fraction(1)
    property_kind: str = ""
    use_category: str = ""
    zone: str = ""
    area_m2: Decimal | None = None
    holder_is_person: bool = True
    holder_birth_date: datetime.date | None = None
    # Bases the register does not keep (a return or an assessment brings them): the
    # adjusted market value (percent rates of building and land tax), guest nights and the
    # price of a night (tourist tax), the HIPA base.
    market_value: Decimal | None = None
    guest_nights: int | None = None
    tax_base: Decimal | None = None

    @property
    def categories(self):
        if self.tax_type == TaxType.TOURIST:
            return {RateCategory.GUEST_NIGHT}
        if self.tax_type == TaxType.BUSINESS:
            return {RateCategory.BUSINESS_BASE}
        if self.property_kind == PropertyKind.PLOT:
            return {RateCategory.PLOT, RateCategory.ANY_OBJECT}
        found = {self.use_category, RateCategory.ANY_OBJECT}
        if self.use_category == UseCategory.DWELLING:
            found.add(RateCategory.FLAT)
        return found


@dataclass(frozen=True)
class TaxLine:
    kind: str  # "rate", "allowance" or "exemption"
    description: str
    amount: Decimal  # forints for the whole object (before the share), unrounded
    base: Decimal | None = None
    unit: str = ""
    rate: Decimal | None = None
    source_id: int | None = None  # the DecreeLine or DecreeRule


@dataclass(frozen=True)
class ObjectTax:
    object_state: ObjectState
    lines: tuple
    amount: int  # the subject's annual tax in whole forints
    measured: bool = True  # False: a base the rates need is not known

    @property
    def taxpayer_id(self):
        return self.object_state.taxpayer_id


def _specificity(item, state):
    return (item.category != RateCategory.ANY_OBJECT) * 2 + (item.zone == state.zone != "")


def _applies(item, state):
    return (
        item.tax_type == state.tax_type
        and (item.category in ("",) or item.category in state.categories)
        and item.zone in ("", state.zone)
    )


def _in_band(line, area):
    return (line.area_from is None or area >= line.area_from) and (
        line.area_to is None or area < line.area_to
    )


def _slice(line, area):
    low = line.area_from or Decimal(0)
    high = area if line.area_to is None else min(area, line.area_to)
    return max(Decimal(0), high - low)


def age_on(birth_date, day):
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _whole_forints(value):
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def annual_tax(object_state, decree):
    """The annual tax of one subject for one object under a decree (a ``DecreeRates`` or a
    ``Decree``, which is then loaded): no queries for ``DecreeRates``.

    The most specific matching lines apply (a named category before "any object", a named
    zone before "every zone"). Per-m² rates tax the part of the area inside their band;
    a per-object rate applies when the whole area falls in its band. Exemptions zero the
    object; a per-m² allowance shrinks the area the per-m² rates see; percent and forint
    allowances reduce the object's tax; then the subject's share is taken and an age
    allowance reduces the subject's part. The result is rounded to whole forints (half
    up) once, at the end — rounding is an assumption until checked against the Htv."""
    rates = decree if isinstance(decree, DecreeRates) else DecreeRates.of(decree)
    state = object_state
    if state.tax_type == TaxType.COMMUNAL and not state.holder_is_person:
        # The communal tax of private persons: an organisation owes none.
        return ObjectTax(state, (), 0)
    rules = [rule for rule in rates.rules if _applies(rule, state)]
    exemption = next((rule for rule in rules if rule.kind == RuleKind.EXEMPTION), None)
    if exemption is not None:
        line = TaxLine(
            "exemption", exemption.description or _("Exemption"), Decimal(0), source_id=exemption.pk
        )
        return ObjectTax(state, (line,), 0)

    candidates = [line for line in rates.lines if _applies(line, state)]
    if not candidates:
        return ObjectTax(state, (), 0)
    best = max(_specificity(line, state) for line in candidates)
    chosen = [line for line in candidates if _specificity(line, state) == best]

    area = state.area_m2 or Decimal(0)
    free_m2 = sum(
        (Decimal(rule.parameters["m2"]) for rule in rules if rule.kind == RuleKind.AREA_ALLOWANCE),
        Decimal(0),
    )
    taxable_area = max(Decimal(0), area - free_m2)
    lines, measured = [], True
    for line in chosen:
        if line.unit == RateUnit.FT_PER_M2:
            base = _slice(line, taxable_area)
            if base == 0:
                continue
        elif line.unit == RateUnit.FT_PER_OBJECT:
            if not _in_band(line, area):
                continue
            base = Decimal(1)
        elif line.unit == RateUnit.FT_PER_GUEST_NIGHT:
            if state.guest_nights is None:
                measured = False
                continue
            base = Decimal(state.guest_nights)
        else:  # percent of the market value, the price of the nights or the HIPA base
            known = (
                state.market_value
                if state.tax_type in (TaxType.BUILDING, TaxType.LAND)
                else state.tax_base
            )
            if known is None:
                measured = False
                continue
            base = Decimal(known) / 100
        lines.append(
            TaxLine(
                "rate",
                RateCategory(line.category).label,
                base * line.amount,
                base=base,
                unit=line.unit,
                rate=line.amount,
                source_id=line.pk,
            )
        )
    gross = sum((line.amount for line in lines), Decimal(0))
    net = gross
    for rule in rules:
        if rule.kind == RuleKind.PERCENT_ALLOWANCE and net > 0:
            off = min(net, gross * Decimal(rule.parameters["percent"]) / 100)
        elif rule.kind == RuleKind.AMOUNT_ALLOWANCE and net > 0:
            off = min(net, Decimal(rule.parameters["ft"]))
        else:
            continue
        net -= off
        lines.append(
            TaxLine(
                "allowance", rule.description or RuleKind(rule.kind).label, -off, source_id=rule.pk
            )
        )
    part = net * state.share.numerator / state.share.denominator
    for rule in rules:
        if (
            rule.kind == RuleKind.AGE_ALLOWANCE
            and part > 0
            and state.holder_is_person
            and state.holder_birth_date is not None
            and age_on(state.holder_birth_date, state.day) >= int(Decimal(rule.parameters["age"]))
        ):
            off = part * Decimal(rule.parameters["percent"]) / 100
            part -= off
            # Recorded for the whole object, like the other lines, so lines × share add up.
            whole = off * state.share.denominator / state.share.numerator
            lines.append(
                TaxLine(
                    "allowance",
                    rule.description or RuleKind(rule.kind).label,
                    -whole,
                    source_id=rule.pk,
                )
            )
    return ObjectTax(state, tuple(lines), max(0, _whole_forints(part)), measured)


def birth_date_from_tax_id(tax_id):
    """A person's date of birth from the adóazonosító jel: its 2nd–6th digits count the
    days from 1 January 1867 to the birth (1996. évi XX. törvény, as hu.wikipedia.org
    »Adóazonosító jel« and eu-tax.hu quote it). None where it cannot be read."""
    if not tax_id or len(tax_id) != 10 or not tax_id.isdigit():
        return None
    return datetime.date(1867, 1, 1) + datetime.timedelta(days=int(tax_id[1:6]))


# The rights whose holders owe the property taxes, before the owners (a registered
# usufruct or right of use makes its holder the subject); a tenancy makes no one a subject
# here. Unconfirmed against the Htv.'s text: configurable here, one place.
SUBJECT_RIGHTS = ((RightKind.USUFRUCT, RightKind.USE), (RightKind.OWNER,))
PROPERTY_TAXES = (TaxType.BUILDING, TaxType.LAND, TaxType.COMMUNAL)


def object_states(state):
    """Every (object, subject) of a register state (``state_on``), as ``ObjectState``s,
    without further queries."""
    holders = defaultdict(list)
    for row in state.ownerships:
        holders[row.property_id].append(row)
    found = []
    for obj in state.tax_objects:
        if obj.tax_type in PROPERTY_TAXES and obj.property_id is not None:
            details = state.properties.get(obj.property_id)
            if details is None:
                continue
            rows = holders.get(obj.property_id, [])
            for rights in SUBJECT_RIGHTS:
                subjects = [row for row in rows if row.right in rights]
                if subjects:
                    break
            for row in subjects:
                person = row.holder.kind == TaxpayerKind.PERSON
                found.append(
                    ObjectState(
                        tax_object_id=obj.pk,
                        taxpayer_id=row.holder_id,
                        tax_type=obj.tax_type,
                        day=state.day,
                        share=Fraction(row.share_numerator, row.share_denominator),
                        property_kind=details.kind,
                        use_category=details.use_category,
                        zone=details.zone,
                        area_m2=details.area_m2,
                        holder_is_person=person,
                        holder_birth_date=birth_date_from_tax_id(row.holder.tax_id)
                        if person
                        else None,
                    )
                )
        elif obj.taxpayer_id is not None:
            found.append(
                ObjectState(
                    tax_object_id=obj.pk,
                    taxpayer_id=obj.taxpayer_id,
                    tax_type=obj.tax_type,
                    day=state.day,
                )
            )
    return found
