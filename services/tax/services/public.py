"""What the tax office publishes: the one place that decides it.

A municipality's adopted rate decrees are law, published by the council, and the statutory
maxima are the Htv.'s: both are open to anyone. A draft decree is the office's work in
progress and never leaves here, nor does anything about a taxpayer. The open data page and
the open API (portal.opendata) take their rows from these functions and nothing else.

Decimal figures are written with a dot and all their decimals ("1100", "3.6", "30161.907"):
a rate may have three decimals, and open data is read by programs first."""

from decimal import Decimal

from ..constants import DecreeState, RateCategory, RateUnit, TaxType
from ..models import Decree, DecreeLine, DecreeRule
from .maxima import _maxima, maximum

DECREE_SCHEMA = "varoshaza.tax.decrees/1"
# One row per rate line or exemption/allowance of an adopted decree; add, never rename.
DECREE_COLUMNS = (
    "decree_id",
    "citation",
    "title",
    "tax_year",
    "adopted_on",
    "amends",
    "line",
    "tax_type",
    "tax_type_name",
    "category",
    "category_name",
    "zone",
    "area_from",
    "area_to",
    "unit",
    "rate",
    "rule_kind",
    "parameters",
    "description",
)
MAXIMA_SCHEMA = "varoshaza.tax.maxima/1"
MAXIMA_COLUMNS = (
    "year",
    "tax_type",
    "tax_type_name",
    "unit",
    "unit_name",
    "maximum",
    "indexed",
    "basis",
    "confirmed",
    "unconfirmed",
    "statutory_amount",
    "statutory_citation",
    "citation",
    "source",
)
RATE, RULE = "rate", "rule"


def _number(value):
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def _label(choices, value):
    return str(choices(value).label) if value in choices.values else ""


def adopted_decrees(municipality):
    """The rows of every adopted rate decree of the municipality (drafts never), newest
    tax year first, each decree's rate lines then its exemptions and allowances."""
    decrees = list(
        Decree.objects.filter(municipality=municipality, state=DecreeState.ADOPTED)
        .select_related("amends")
        .order_by("-tax_year", "-adopted_on", "-number", "-pk")
    )
    ids = [decree.pk for decree in decrees]
    lines, rules = {}, {}
    for line in DecreeLine.objects.filter(municipality=municipality, decree_id__in=ids).order_by(
        "position", "pk"
    ):
        lines.setdefault(line.decree_id, []).append(line)
    for rule in DecreeRule.objects.filter(municipality=municipality, decree_id__in=ids).order_by(
        "pk"
    ):
        rules.setdefault(rule.decree_id, []).append(rule)
    rows = []
    for decree in decrees:
        head = {
            "decree_id": decree.pk,
            "citation": decree.citation,
            "title": decree.title,
            "tax_year": decree.tax_year,
            "adopted_on": decree.adopted_on.isoformat(),
            "amends": decree.amends.citation if decree.amends_id else "",
        }
        for line in lines.get(decree.pk, []):
            rows.append(
                {
                    **head,
                    "line": RATE,
                    "tax_type": line.tax_type,
                    "tax_type_name": _label(TaxType, line.tax_type),
                    "category": line.category,
                    "category_name": _label(RateCategory, line.category),
                    "zone": line.zone,
                    "area_from": _number(line.area_from),
                    "area_to": _number(line.area_to),
                    "unit": line.unit,
                    "rate": _number(line.amount),
                    "rule_kind": "",
                    "parameters": {},
                    "description": "",
                }
            )
        for rule in rules.get(decree.pk, []):
            rows.append(
                {
                    **head,
                    "line": RULE,
                    "tax_type": rule.tax_type,
                    "tax_type_name": _label(TaxType, rule.tax_type),
                    "category": rule.category,
                    "category_name": _label(RateCategory, rule.category),
                    "zone": rule.zone,
                    "area_from": None,
                    "area_to": None,
                    "unit": "",
                    "rate": None,
                    "rule_kind": rule.kind,
                    "parameters": dict(rule.parameters or {}),
                    "description": rule.description,
                }
            )
    return rows


def statutory_maxima(year):
    """The maximum of every rate the Htv. limits, for ``year``, with how it was found and
    what of it is not confirmed (data/tax/maxima.json)."""
    rows = []
    for row in _maxima()["statutory"]:
        limit = maximum(row["tax_type"], row["unit"], year)
        if limit is None:
            continue
        rows.append(
            {
                "year": year,
                "tax_type": limit.tax_type,
                "tax_type_name": _label(TaxType, limit.tax_type),
                "unit": limit.unit,
                "unit_name": _label(RateUnit, limit.unit),
                # Not known: the chain of indices misses a year; the law's figure is shown
                # with basis "missing", never a guess.
                "maximum": _number(limit.amount),
                "indexed": limit.indexed,
                "basis": limit.basis,
                "confirmed": limit.confirmed,
                "unconfirmed": list(limit.unconfirmed) + list(map(str, limit.missing_years)),
                "statutory_amount": _number(limit.statutory_amount),
                "statutory_citation": limit.statutory_citation,
                "citation": limit.citation,
                "source": limit.source,
            }
        )
    return rows
