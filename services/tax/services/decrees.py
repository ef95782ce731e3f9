"""Rate decrees: drafting, the check against the statutory maxima, and adoption.

The rest of the decree work lives beside it and is re-exported here, so that callers keep
importing from ``decrees``: the citation (``citations``), the statutory maxima and the check
(``maxima``), the annual tax of one object (``annual``) and the rate simulator
(``simulator``)."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor

from ..constants import (
    RULE_PARAMETERS,
    UNITS_BY_TAX_TYPE,
    DecreeState,
    RateCategory,
    RateUnit,
    RuleKind,
    TaxType,
    UseCategory,
)
from ..models import Decree, DecreeLine, DecreeRule
from .annual import (  # noqa: F401  (re-exported: the assessment and the façade use them)
    PROPERTY_TAXES,
    SUBJECT_RIGHTS,
    DecreeRates,
    ObjectState,
    ObjectTax,
    TaxLine,
    age_on,
    annual_tax,
    birth_date_from_tax_id,
    decree_in_force,
    object_states,
)
from .citations import ROMAN_MONTHS, format_citation, parse_citation  # noqa: F401
from .errors import TaxError
from .maxima import (  # noqa: F401
    Maximum,
    MaximumUse,
    check,
    check_report,
    format_rate,
    maximum,
)
from .simulator import Simulation, TaxpayerChange, simulate  # noqa: F401

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
