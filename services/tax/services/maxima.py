"""The statutory maxima of local tax rates and the check of a decree against them.

The Htv. sets a maximum per tax type and unit (``data/tax/maxima.json`` "statutory", each
with its section and the text read). Four of them — building tax and land tax per m²,
the communal tax per object and the tourist tax per guest night — may be raised by the
consumer price index (Htv. 6. § c)): the maximum of a year is the statutory figure times
the KSH annual indices from 2003 to the year before last, cut to three decimals (how this
was confirmed is in the data file's "indexing" source). A year's value comes, in order,
from the ministry's published figure ("indexed"), from the KSH indices ("cpi"), or — where
an index is missing — is not known: then a rate up to the law's own figure passes (every
indexed maximum so far is above it) and a rate above it cannot be adopted until an
operator adds the index, with a message that says so. Refusing is the safe side: an
adopted decree over the maximum is unlawful and binds taxpayers, while a refused one only
waits for one line of data. A previous year's value is no substitute, because the index
can fall (2014 and 2015 were below 100).

Every maximum carries what it was derived from and whether each part was confirmed, so
the check can say which value it used and why."""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

from sites.hungarian import THOUSANDS_SEPARATOR, format_number

from ..constants import RateCategory, RateUnit, TaxType
from ..rules import _data_path, _load_json
from .annual import DecreeRates

# How a maximum was found.
STATUTORY = "statutory"  # the law's own figure (not indexed, or a year before indexing)
PUBLISHED = "published"  # the ministry's indexed figure for the year
DERIVED = "derived"  # the law's figure times the KSH indices
MISSING = "missing"  # indexed by law, but an index of the chain is not on record


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
    basis: str = STATUTORY
    statutory_amount: Decimal | None = None
    statutory_citation: str = ""
    # What is not confirmed in the value: "statutory", "indexing", a year of the KSH index.
    unconfirmed: tuple = ()
    # The KSH index years the chain needs and the data file lacks (basis MISSING).
    missing_years: tuple = ()
    cpi_years: tuple = ()  # (first, last) used (basis DERIVED)

    @property
    def known(self):
        """Whether the maximum of the year is known (the check can decide against it)."""
        return self.basis != MISSING


def _maxima():
    return _load_json(str(_data_path("TAX_MAXIMA_FILE", "maxima.json")))


def _truncate(value, decimals):
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN).normalize()


def _statutory_row(data, tax_type, unit):
    return next(
        (row for row in data["statutory"] if row["tax_type"] == tax_type and row["unit"] == unit),
        None,
    )


def maximum(tax_type, unit, year):
    """The statutory maximum of a rate in ``year`` (a ``Maximum``), None where the law sets
    none for that unit. See the module's docstring for the order of the sources."""
    data = _maxima()
    row = _statutory_row(data, tax_type, unit)
    if row is None:
        return None
    nominal = Decimal(row["amount"])
    common = {
        "tax_type": tax_type,
        "unit": unit,
        "year": year,
        "statutory_amount": nominal,
        "statutory_citation": row["citation"],
    }
    statutory_doubt = () if row["status"] == "confirmed" else ("statutory",)
    indexing = data.get("indexing") or {}
    first = int(indexing.get("first_cpi_year", 0) or 0)
    last = year - int(indexing.get("lag_years", 0) or 0)
    if not row.get("indexable") or not indexing or last < first:
        return Maximum(
            amount=nominal,
            citation=row["citation"],
            indexed=False,
            confirmed=not statutory_doubt,
            source=row["source"],
            unconfirmed=statutory_doubt,
            **common,
        )
    indexed_citation = _("%(citation)s, indexed for %(year)s") % {
        "citation": row["citation"],
        "year": year,
    }
    published = data.get("indexed", {}).get(str(year), {}).get(f"{tax_type}:{unit}")
    if published:
        confirmed = published["status"] == "confirmed"
        return Maximum(
            amount=Decimal(published["amount"]),
            citation=indexed_citation,
            indexed=True,
            confirmed=confirmed,
            source=published["source"],
            basis=PUBLISHED,
            unconfirmed=() if confirmed else ("published",),
            **common,
        )
    cpi = data.get("cpi", {})
    years = range(first, last + 1)
    missing = tuple(y for y in years if str(y) not in cpi)
    if missing:
        return Maximum(
            amount=nominal,
            citation=row["citation"],
            indexed=False,
            confirmed=False,
            source=row["source"],
            basis=MISSING,
            missing_years=missing,
            **common,
        )
    factor = Decimal(1)
    for y in years:
        factor *= Decimal(cpi[str(y)]["index"]) / 100
    doubts = statutory_doubt + (() if indexing.get("status") == "confirmed" else ("indexing",))
    doubts += tuple(str(y) for y in years if cpi[str(y)]["status"] != "confirmed")
    return Maximum(
        amount=_truncate(nominal * factor, int(indexing.get("decimals", 3))),
        citation=indexed_citation,
        indexed=True,
        confirmed=not doubts,
        source=indexing["source"],
        basis=DERIVED,
        unconfirmed=doubts,
        cpi_years=(first, last),
        **common,
    )


def format_rate(amount, unit):
    """1100, Ft/m² -> "1 100 Ft/m²"; 3.6, % -> "3,60%"."""
    if unit == RateUnit.PERCENT:
        return f"{format_number(amount)}%"
    return f"{format_number(amount)}{THOUSANDS_SEPARATOR}{RateUnit(unit).label}"


def format_limit(limit):
    """A maximum as the ministry writes it: all its decimals (30 161,907 Ft/adótárgy), so
    that the figure quoted is never above the real one, as rounding could make it."""
    amount = Decimal(limit.amount).normalize()
    if amount.as_tuple().exponent >= -2 or limit.unit == RateUnit.PERCENT:
        return format_rate(limit.amount, limit.unit)
    whole, fraction = f"{amount:f}".split(".")
    return (
        f"{format_number(int(whole))},{fraction}{THOUSANDS_SEPARATOR}{RateUnit(limit.unit).label}"
    )


def explain(limit):
    """Which value the check used and why, in a sentence (Hungarian in the UI)."""
    statutory = format_rate(limit.statutory_amount, limit.unit)
    if limit.basis == PUBLISHED:
        text = _("the figure the ministry published for %(year)s") % {"year": limit.year}
    elif limit.basis == DERIVED:
        text = _(
            "the statutory %(statutory)s (%(citation)s) raised by the KSH annual consumer "
            "price indices of %(first)s–%(last)s (Htv. 6. § c))"
        ) % {
            "statutory": statutory,
            "citation": limit.statutory_citation,
            "first": limit.cpi_years[0],
            "last": limit.cpi_years[1],
        }
    elif limit.basis == MISSING:
        text = _(
            "the statutory %(statutory)s (%(citation)s): the maximum indexed for %(year)s is "
            "not on record, the KSH index of %(years)s is missing"
        ) % {
            "statutory": statutory,
            "citation": limit.statutory_citation,
            "year": limit.year,
            "years": ", ".join(str(y) for y in limit.missing_years),
        }
    else:
        text = _("the law's own figure (%(citation)s)") % {"citation": limit.citation}
    if limit.unconfirmed:
        names = {
            "statutory": _("the statutory figure"),
            "indexing": _("the indexing method"),
            "published": _("the published figure"),
        }
        doubts = [
            names.get(item) or _("the KSH index of %(year)s") % {"year": item}
            for item in limit.unconfirmed
        ]
        text += "; " + _("not confirmed against a source: %(what)s") % {"what": ", ".join(doubts)}
    return text


@dataclass(frozen=True)
class MaximumUse:
    """One rate line of a decree against its maximum."""

    line: object  # DecreeLine
    maximum: Maximum | None
    within: bool | None  # None: the maximum of the year is not known and the rate is above
    # the law's own figure, so the line cannot be checked yet

    @property
    def problem(self):
        line, limit = self.line, self.maximum
        names = {
            "position": line.position,
            "tax": TaxType(line.tax_type).label.lower(),
            "category": RateCategory(line.category).label.lower(),
            "amount": format_rate(line.amount, line.unit),
        }
        if self.within is None:
            return _(
                "Line %(position)s of the decree (%(tax)s, %(category)s): the draft sets "
                "%(amount)s, above the statutory %(statutory)s (%(citation)s); the maximum "
                "indexed for %(year)s is not on record (the KSH index of %(years)s is "
                "missing), so the line cannot be checked. The decree can be adopted once an "
                "operator adds it to data/tax/maxima.json."
            ) % {
                **names,
                "statutory": format_rate(limit.statutory_amount, line.unit),
                "citation": limit.statutory_citation,
                "year": limit.year,
                "years": ", ".join(str(y) for y in limit.missing_years),
            }
        if self.within:
            return ""
        return (
            _(
                "Line %(position)s of the decree (%(tax)s, %(category)s): the rate may be "
                "at most %(maximum)s (%(citation)s); the draft sets %(amount)s."
            )
            % {**names, "maximum": format_limit(limit), "citation": limit.citation}
            + " "
            + _("The maximum is %(why)s.") % {"why": explain(limit)}
        )


def check_report(decree, rates=None):
    """Every rate line of the decree with the maximum it was checked against."""
    rates = rates or DecreeRates.of(decree)
    found = []
    for line in rates.lines:
        limit = maximum(line.tax_type, line.unit, decree.tax_year)
        if limit is None:
            within = True
        elif line.amount <= limit.amount:
            within = True
        else:
            within = False if limit.known else None
        found.append(MaximumUse(line, limit, within))
    return found


def maximum_notes(decree, rates=None):
    """One sentence per tax type and unit the decree uses: the maximum and why that value."""
    notes, seen = [], set()
    for use in check_report(decree, rates):
        limit = use.maximum
        if limit is None or (limit.tax_type, limit.unit) in seen:
            continue
        seen.add((limit.tax_type, limit.unit))
        notes.append(
            _("%(tax)s: at most %(maximum)s, %(why)s.")
            % {
                "tax": TaxType(limit.tax_type).label,
                "maximum": format_limit(limit),
                "why": explain(limit),
            }
        )
    return notes


def check(decree, rates=None):
    """The Hungarian reasons the decree cannot be adopted (empty: it can)."""
    rates = rates or DecreeRates.of(decree)
    problems = []
    if not rates.lines:
        problems.append(_("The decree has no rate lines."))
    problems += [use.problem for use in check_report(decree, rates) if use.within is not True]
    return problems
