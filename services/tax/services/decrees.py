"""Rate decrees: drafting, the citation, the check against the statutory maxima, adoption,
the annual tax of one object under a decree, and the rate simulator.

``annual_tax`` is a pure function (no queries): the annual assessment reuses it, and the
simulator runs it over the whole base of a municipality after loading the register state
on 1 January once (``state_on``) — so the number of queries does not grow with the number
of taxpayers."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.hungarian import THOUSANDS_SEPARATOR, format_number

from ..constants import (
    RULE_PARAMETERS,
    UNITS_BY_TAX_TYPE,
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
from ..rules import _data_path, _load_json
from .errors import TaxError
from .registers import state_on

# ---------------------------------------------------------------------------- citation

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_CITATION = re.compile(
    r"^\s*(?P<number>\d{1,4})\s*/\s*(?P<year>\d{4})\s*\.?\s*"
    r"\(\s*(?P<month>[IVXivx]{1,4}|\d{1,2})\s*\.\s*(?P<day>\d{1,2})\s*\.?\s*\)\s*$"
)


def format_citation(number, adopted_on):
    """15, 2025-11-05 -> "15/2025. (XI. 5.)": the number in the year of adoption, the month
    in Roman numerals and the day, as Hungarian law cites a municipal decree."""
    return f"{number}/{adopted_on.year}. ({ROMAN_MONTHS[adopted_on.month - 1]}. {adopted_on.day}.)"


def parse_citation(text):
    """ "15/2025. (XI. 5.)" (or with an Arabic month, "15/2025. (11. 05.)") -> (15, date).
    Anything else is refused with a Hungarian message."""
    match = _CITATION.match(text or "")
    problem = _("Cite the decree as number/year. (month. day.), e.g. 15/2025. (XI. 5.).")
    if not match:
        raise TaxError(problem)
    month = match["month"].upper()
    if month.isdigit():
        month = int(month)
    elif month in ROMAN_MONTHS:
        month = ROMAN_MONTHS.index(month) + 1
    else:
        raise TaxError(problem)
    try:
        adopted_on = datetime.date(int(match["year"]), month, int(match["day"]))
    except ValueError as error:
        raise TaxError(
            _("The date in the citation does not exist: %(text)s") % {"text": text.strip()}
        ) from error
    number = int(match["number"])
    if number < 1:
        raise TaxError(problem)
    return number, adopted_on


# ---------------------------------------------------------------------------- maxima


@dataclass(frozen=True)
class Maximum:
    tax_type: str
    unit: str
    amount: Decimal
    citation: str
    year: int
    indexed: bool  # whether the amount is the indexed value of the year
    confirmed: bool
    source: str


def _maxima():
    return _load_json(str(_data_path("TAX_MAXIMA_FILE", "maxima.json")))


def maximum(tax_type, unit, year):
    """The statutory maximum of a rate in ``year``: the indexed value of the year where the
    data file has it, otherwise the figure of the law (stricter, never looser); None where
    the law sets no maximum for that unit."""
    data = _maxima()
    statutory = next(
        (row for row in data["statutory"] if row["tax_type"] == tax_type and row["unit"] == unit),
        None,
    )
    if statutory is None:
        return None
    indexed = data.get("indexed", {}).get(str(year), {}).get(f"{tax_type}:{unit}")
    if statutory.get("indexed") and indexed:
        return Maximum(
            tax_type=tax_type,
            unit=unit,
            amount=Decimal(indexed["amount"]),
            citation=_("%(citation)s, indexed for %(year)s")
            % {"citation": statutory["citation"], "year": year},
            year=year,
            indexed=True,
            confirmed=indexed["status"] == "confirmed",
            source=indexed["source"],
        )
    return Maximum(
        tax_type=tax_type,
        unit=unit,
        amount=Decimal(statutory["amount"]),
        citation=statutory["citation"],
        year=year,
        indexed=False,
        confirmed=statutory["status"] == "confirmed",
        source=statutory["source"],
    )


def format_rate(amount, unit):
    """1100, Ft/m² -> "1 100 Ft/m²"; 3.6, % -> "3,60%"."""
    if unit == RateUnit.PERCENT:
        return f"{format_number(amount)}%"
    return f"{format_number(amount)}{THOUSANDS_SEPARATOR}{RateUnit(unit).label}"


# ---------------------------------------------------------------------------- drafting

# The categories a line or rule of each tax type may name.
CATEGORIES_BY_TAX_TYPE = {
    TaxType.BUILDING: (*UseCategory.values, RateCategory.ANY_OBJECT),
    TaxType.LAND: (RateCategory.PLOT, RateCategory.ANY_OBJECT),
    TaxType.COMMUNAL: (
        *UseCategory.values,
        RateCategory.PLOT,
        RateCategory.FLAT,
        RateCategory.ANY_OBJECT,
    ),
    TaxType.TOURIST: (RateCategory.GUEST_NIGHT,),
    TaxType.BUSINESS: (RateCategory.BUSINESS_BASE,),
}


def _user(actor):
    return (actor or Actor.system()).user


def _stored_state(decree):
    # The stored state counts, not the caller's copy (which may predate the adoption).
    stored = Decree.objects.filter(pk=decree.pk, municipality=decree.municipality_id)
    return stored.values_list("state", flat=True).first()


def _require_draft(decree):
    if _stored_state(decree) != DecreeState.DRAFT:
        raise TaxError(
            _("The decree %(citation)s is adopted and cannot change; adopt an amending decree.")
            % {"citation": decree.citation}
        )


def _levied(tax_type):
    if tax_type not in UNITS_BY_TAX_TYPE:
        raise TaxError(
            _("A decree cannot set rates for this tax type: %(type)s") % {"type": tax_type}
        )
    return tax_type


def _category(tax_type, category, allow_blank=False):
    if allow_blank and category == "":
        return category
    if category not in CATEGORIES_BY_TAX_TYPE[tax_type]:
        raise TaxError(
            _("The category %(category)s does not belong to the %(tax)s.")
            % {
                "category": RateCategory(category).label.lower()
                if category in RateCategory.values
                else category,
                "tax": TaxType(tax_type).label.lower(),
            }
        )
    return category


# "1.100" and "17.000" as Hungarians write thousands (no comma, groups of three after a
# leading non-zero digit); "3,6" with a decimal comma; "30.161,907" with both.
_THOUSANDS_WITH_DOTS = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")


def _decimal(value, label):
    if value is None or value == "":
        return None
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if _THOUSANDS_WITH_DOTS.match(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text.replace(",", "."))
    except (InvalidOperation, ValueError) as error:
        raise TaxError(_("%(what)s must be a number.") % {"what": label}) from error
    if not number.is_finite() or number < 0:
        raise TaxError(_("%(what)s must be a number not less than 0.") % {"what": label})
    return number


def create_decree(municipality, *, tax_year, title, amends=None, actor=None):
    """A draft decree of ``municipality`` for ``tax_year``."""
    if amends is not None and amends.municipality_id != municipality.pk:
        raise TaxError(_("The records belong to different municipalities."))
    typed = tax_year
    try:
        tax_year = int(tax_year)
    except (TypeError, ValueError):
        tax_year = 0
    if not (1991 <= tax_year <= 2200):
        raise TaxError(_("The tax year is not valid: %(year)s") % {"year": typed})
    return Decree.objects.create(
        municipality=municipality, tax_year=tax_year, title=title, amends=amends
    )


def add_line(
    decree,
    *,
    tax_type,
    category,
    unit,
    amount,
    zone="",
    area_from=None,
    area_to=None,
):
    """A rate line of a draft decree, its unit and category checked against the tax type
    (the maximum is checked on adoption, so a draft may be worked on over several days)."""
    _require_draft(decree)
    _levied(tax_type)
    _category(tax_type, category)
    if unit not in UNITS_BY_TAX_TYPE[tax_type]:
        raise TaxError(
            _("The %(tax)s cannot be set in %(unit)s.")
            % {"tax": TaxType(tax_type).label.lower(), "unit": RateUnit(unit).label}
            if unit in RateUnit.values
            else _("Unknown unit: %(unit)s") % {"unit": unit}
        )
    rate = _decimal(amount, _("The rate"))
    if rate is None:
        raise TaxError(_("The rate must be a number not less than 0."))
    low = _decimal(area_from, _("The start of the area band"))
    high = _decimal(area_to, _("The end of the area band"))
    if low is not None and high is not None and high <= low:
        raise TaxError(_("The end of the area band must be larger than its start."))
    position = (
        DecreeLine.objects.filter(municipality=decree.municipality_id, decree=decree).count() + 1
    )
    return DecreeLine.objects.create(
        municipality_id=decree.municipality_id,
        decree=decree,
        tax_type=tax_type,
        category=category,
        zone=zone.strip(),
        area_from=low,
        area_to=high,
        unit=unit,
        amount=rate,
        position=position,
    )


def add_rule(decree, *, tax_type, kind, parameters=None, category="", zone="", description=""):
    """An exemption or allowance of a draft decree (RuleKind and its parameters)."""
    _require_draft(decree)
    _levied(tax_type)
    _category(tax_type, category, allow_blank=True)
    if kind not in RuleKind.values:
        raise TaxError(_("Unknown kind of exemption or allowance: %(kind)s") % {"kind": kind})
    parameters = dict(parameters or {})
    expected = RULE_PARAMETERS[RuleKind(kind)]
    if set(parameters) - set(expected):
        raise TaxError(
            _("Unknown parameters: %(names)s")
            % {"names": ", ".join(sorted(set(parameters) - set(expected)))}
        )
    checked = {}
    for name in expected:
        value = _decimal(parameters.get(name), name)
        if value is None:
            if kind == RuleKind.AGE_ALLOWANCE and name == "percent":
                value = Decimal(100)
            else:
                raise TaxError(_("The parameter %(name)s is missing.") % {"name": name})
        if name == "percent" and value > 100:
            raise TaxError(_("A percentage is at most 100."))
        checked[name] = str(value)
    return DecreeRule.objects.create(
        municipality_id=decree.municipality_id,
        decree=decree,
        tax_type=tax_type,
        category=category,
        zone=zone.strip(),
        kind=kind,
        parameters=checked,
        description=description,
    )


@transaction.atomic
def draft_amendment(decree, *, title, tax_year=None, actor=None):
    """A draft amending ``decree`` (adopted): its lines and rules copied, to be changed."""
    if _stored_state(decree) != DecreeState.ADOPTED:
        raise TaxError(_("Only an adopted decree can be amended; change the draft itself."))
    amendment = create_decree(
        decree.municipality, tax_year=tax_year or decree.tax_year, title=title, amends=decree
    )
    rates = DecreeRates.of(decree)
    for line in rates.lines:
        line.pk = None
        line.decree = amendment
        line.save()
    for rule in rates.rules:
        rule.pk = None
        rule.decree = amendment
        rule.save()
    return amendment


# ---------------------------------------------------------------------------- adoption


def check(decree, rates=None):
    """The Hungarian reasons the decree cannot be adopted (empty: it can)."""
    rates = rates or DecreeRates.of(decree)
    problems = []
    if not rates.lines:
        problems.append(_("The decree has no rate lines."))
    for line in rates.lines:
        limit = maximum(line.tax_type, line.unit, decree.tax_year)
        if limit is not None and line.amount > limit.amount:
            problems.append(
                _(
                    "Line %(position)s of the decree (%(tax)s, %(category)s): the rate may be "
                    "at most %(maximum)s (%(citation)s); the draft sets %(amount)s."
                )
                % {
                    "position": line.position,
                    "tax": TaxType(line.tax_type).label.lower(),
                    "category": RateCategory(line.category).label.lower(),
                    "maximum": format_rate(limit.amount, line.unit),
                    "citation": limit.citation,
                    "amount": format_rate(line.amount, line.unit),
                }
            )
    return problems


@transaction.atomic
def adopt(decree, *, number=None, adopted_on=None, actor=None):
    """The council adopted the decree: cited from now on, checked against the maxima of its
    year, and never changed again. Raises ValidationError (in Hungarian) where it cannot."""
    decree = Decree.objects.select_for_update().get(
        pk=decree.pk, municipality=decree.municipality_id
    )
    if decree.is_adopted:
        raise ValidationError(
            _("The decree %(citation)s is already adopted.") % {"citation": decree.citation}
        )
    number = number if number is not None else decree.number
    adopted_on = adopted_on or decree.adopted_on
    if not number or adopted_on is None:
        raise ValidationError(_("A decree is adopted with its number and date of adoption."))
    problems = check(decree)
    if problems:
        raise ValidationError(problems)
    taken = Decree.objects.filter(
        municipality=decree.municipality_id,
        state=DecreeState.ADOPTED,
        number=number,
        adopted_on__year=adopted_on.year,
    )
    if taken.exists():
        raise ValidationError(
            _("The number %(number)s/%(year)s is already taken by another decree.")
            % {"number": number, "year": adopted_on.year}
        )
    try:
        with transaction.atomic():
            Decree.objects.filter(pk=decree.pk, municipality=decree.municipality_id).update(
                number=number,
                adopted_on=adopted_on,
                state=DecreeState.ADOPTED,
                adopted_at=timezone.now(),
                adopted_by=_user(actor),
            )
    except IntegrityError as error:  # another officer adopted a decree of that number
        raise ValidationError(
            _("The number %(number)s/%(year)s is already taken by another decree.")
            % {"number": number, "year": adopted_on.year}
        ) from error
    decree.refresh_from_db()
    return decree


def decree_in_force(municipality, year, *, excluding=None):
    """The adopted decree that sets the rates of ``year``: the latest adopted for that year
    or, failing one, for the latest year before it."""
    decrees = Decree.objects.filter(
        municipality=municipality, state=DecreeState.ADOPTED, tax_year__lte=year
    )
    if excluding is not None:
        decrees = decrees.exclude(pk=excluding.pk)
    return decrees.order_by("-tax_year", "-adopted_on", "-number", "-pk").first()


# ---------------------------------------------------------------------------- annual tax


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


# ---------------------------------------------------------------------------- simulator


@dataclass(frozen=True)
class TaxpayerChange:
    taxpayer_id: int
    name: str
    old: int
    new: int

    @property
    def change(self):
        return self.new - self.old


@dataclass
class Simulation:
    decree: Decree
    in_force: Decree | None
    day: datetime.date
    # tax type -> (revenue under the decree in force, revenue under the draft), forints
    revenue: dict = field(default_factory=dict)
    rises: int = 0
    falls: int = 0
    unchanged: int = 0
    largest: list = field(default_factory=list)
    # Objects whose tax the register cannot tell (tourist tax, HIPA, percent rates):
    # returns bring their bases; the simulator leaves them out and says how many.
    unmeasured: int = 0

    @property
    def total(self):
        old = sum(pair[0] for pair in self.revenue.values())
        new = sum(pair[1] for pair in self.revenue.values())
        return old, new


def simulate(decree, *, top=10):
    """The decree's effect on the municipality's own base on 1 January of its year,
    against the decree in force: revenue per tax type, how many taxpayers pay more, less
    or the same, and the ``top`` largest changes. A fixed number of queries."""
    day = datetime.date(decree.tax_year, 1, 1)
    in_force = decree_in_force(decree.municipality, decree.tax_year, excluding=decree)
    new_rates, old_rates = DecreeRates.of(decree), DecreeRates.of(in_force)
    state = state_on(decree.municipality, day)
    revenue = defaultdict(lambda: [0, 0])
    per_taxpayer = defaultdict(lambda: [0, 0])
    unmeasured = set()
    for object_state in object_states(state):
        old, new = annual_tax(object_state, old_rates), annual_tax(object_state, new_rates)
        if not (old.measured and new.measured):
            unmeasured.add(object_state.tax_object_id)
            continue
        revenue[object_state.tax_type][0] += old.amount
        revenue[object_state.tax_type][1] += new.amount
        per_taxpayer[object_state.taxpayer_id][0] += old.amount
        per_taxpayer[object_state.taxpayer_id][1] += new.amount
    result = Simulation(
        decree=decree,
        in_force=in_force,
        day=day,
        revenue={tax_type: tuple(pair) for tax_type, pair in revenue.items()},
        unmeasured=len(unmeasured),
    )
    changes = []
    for taxpayer_id, (old, new) in per_taxpayer.items():
        if new > old:
            result.rises += 1
        elif new < old:
            result.falls += 1
        else:
            result.unchanged += 1
        details = state.taxpayers.get(taxpayer_id)
        changes.append(TaxpayerChange(taxpayer_id, details.name if details else "", old, new))
    changes.sort(key=lambda row: (-abs(row.change), row.taxpayer_id))
    result.largest = [row for row in changes[:top] if row.change]
    return result
