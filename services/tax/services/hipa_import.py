"""Local business tax (HIPA) returns forwarded by the state tax authority (NAV).

Companies file HIPA electronically with NAV, which forwards the data to the municipality.
The exact exchange format is not public, so the office imports a CSV of our own layout
(``docs/tax-nav-hipa-import.md``; the columns in ``import_columns``, kind ``nav_hipa``),
through the same import screen, command and background job as the registers: every line
checked, errors reported by line number, all or nothing unless ``partial``.

A line books exactly what the portal form books (``returns.book_business_return`` for an
annual return, ``returns.book_business_advance`` for an advance declaration), under the
same idempotency keys: a file imported again, or a return the company also filed on the
portal, books nothing the second time ("unchanged")."""

from django.utils.translation import gettext as _

from sites.actor import Actor, Channel

from . import returns
from .import_cells import _Cells
from .import_columns import NAV_ADVANCE, NAV_ANNUAL
from .import_kinds import _taxpayer


def import_nav_hipa_line(municipality, row, actor):
    """One forwarded return; "created" when it booked something, "unchanged" when it was
    already booked, else the line's problems."""
    cells = _Cells(row)
    taxpayer = _taxpayer(municipality, cells, "tax_number")
    year = cells.year("tax_year")
    if year is None and not cells.problems:
        cells._fail("tax_year", _("this column must be filled in."))
    kind = cells.text("kind", required=True).casefold()
    received_on = cells.date("received_on", required=True)
    reference = cells.text("nav_reference", required=True)[:100]
    if kind and kind not in (NAV_ANNUAL, NAV_ADVANCE):
        cells._fail(
            "kind",
            _("write %(annual)s (annual return) or %(advance)s (advance declaration).")
            % {"annual": NAV_ANNUAL, "advance": NAV_ADVANCE},
        )
    annual_tax = cells.money("annual_tax") if kind == NAV_ANNUAL else 0
    first = cells.money("first_advance")
    second = cells.money("second_advance")
    for column, amount in (
        ("annual_tax", annual_tax),
        ("first_advance", first),
        ("second_advance", second),
    ):
        if amount is not None and amount < 0:
            cells._fail(column, _("an amount here is not negative."))
    if taxpayer is not None and year is not None and received_on is not None:
        if year > received_on.year:
            cells._fail("tax_year", _("the tax year is later than the day of receipt."))
    if cells.problems:
        return cells.problems
    actor = actor or Actor.system(Channel.BATCH, municipality=municipality)
    common = {"booked_on": received_on, "reference": f"NAV {reference}", "actor": actor}
    if kind == NAV_ANNUAL:
        booked = returns.book_business_return(
            taxpayer, year=year, annual_tax=annual_tax, next_advances=(first, second), **common
        )
    else:
        booked = returns.book_business_advance(
            taxpayer, year=year, first=first, second=second, **common
        )
    return "unchanged" if booked.nothing_new else "created"
