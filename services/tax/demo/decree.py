"""The demo's rate decrees (this year's adopted, next year's draft) and collection accounts."""

import datetime
import random
from decimal import Decimal

from sites.validators import iban_for_giro

from .. import services as tax
from ..constants import (
    TaxType,
)
from .data import (
    NEXT_YEAR_RISE,
    TOWN_LINES,
    TOWN_RULES,
    VILLAGE_LINES,
    VILLAGE_RULES,
    _official,
    _town,
)
from .people import demo_giro


def _decree_lines(municipality):
    if _town(municipality):
        return TOWN_LINES, TOWN_RULES
    return VILLAGE_LINES, VILLAGE_RULES


def _raised(amount, tax_type, unit, year):
    value = Decimal(str(amount))
    if value < 10:  # a percentage stays
        return value
    raised = (value * (100 + NEXT_YEAR_RISE) / 100 / 10).quantize(Decimal(1)) * 10
    # A rate near the year's statutory maximum rises only to it, so that the draft can be
    # adopted after the simulator (Eger's commercial rate would pass 1 100 Ft/m²).
    ceiling = tax.maximum(tax_type, unit, year)
    return min(raised, ceiling.amount) if ceiling is not None else raised


def _make_decrees(municipality, rng, year):
    official, council = _official(municipality)
    # The records are the municipality's own, in Hungarian, as its council names them.
    title = f"{official} {council}ének önkormányzati rendelete a helyi adókról"
    lines, rules = _decree_lines(municipality)
    decree = tax.create_decree(municipality, tax_year=year, title=title)
    for tax_type, category, unit, amount, zone in lines:
        tax.add_line(
            decree, tax_type=tax_type, category=category, unit=unit, amount=amount, zone=zone
        )
    for tax_type, kind, category, parameters, description in rules:
        tax.add_rule(
            decree,
            tax_type=tax_type,
            kind=kind,
            category=category,
            parameters=parameters,
            description=description,
        )
    adopted_on = datetime.date(year - 1, 11, rng.randint(20, 28))
    decree = tax.adopt(decree, number=rng.randint(18, 32), adopted_on=adopted_on)
    # Next year's draft: every rate a little higher, to adopt after seeing the simulator.
    draft = tax.create_decree(municipality, tax_year=year + 1, title=title, amends=decree)
    for tax_type, category, unit, amount, zone in lines:
        tax.add_line(
            draft,
            tax_type=tax_type,
            category=category,
            unit=unit,
            amount=_raised(amount, tax_type, unit, year + 1),
            zone=zone,
        )
    for tax_type, kind, category, parameters, description in rules:
        tax.add_rule(
            draft,
            tax_type=tax_type,
            kind=kind,
            category=category,
            parameters=parameters,
            description=description,
        )
    return decree, draft


ACCOUNT_NAMES = {
    TaxType.BUILDING: "építményadó beszedési számla",
    TaxType.LAND: "telekadó beszedési számla",
    TaxType.COMMUNAL: "magánszemélyek kommunális adója beszedési számla",
    TaxType.TOURIST: "idegenforgalmi adó beszedési számla",
    TaxType.BUSINESS: "helyi iparűzési adó beszedési számla",
    TaxType.LATE_INTEREST: "késedelmi pótlék beszedési számla",
    TaxType.FINES: "bírság, önkormányzati adóhatósági eljárási költség beszedési számla",
    TaxType.FOREIGN: "idegen bevételek beszedési számla",
}


def demo_accounts(municipality):
    """The demo's collection account of each tax type: {tax type: GIRO}, from the seed
    alone (the demo bank statement is written to these)."""
    rng = random.Random(f"tax-demo-accounts:{municipality.ksh_code}")
    return {tax_type: demo_giro(rng) for tax_type in TaxType if tax_type != TaxType.VEHICLE}


def _make_accounts(municipality):
    official, _council = _official(municipality)
    for tax_type, giro in demo_accounts(municipality).items():
        tax.set_collection_account(
            municipality,
            tax_type,
            giro=giro,
            iban=iban_for_giro(giro),
            holder_name=f"{official} – {ACCOUNT_NAMES[tax_type]}",
        )
