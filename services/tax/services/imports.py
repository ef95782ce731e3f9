"""Importing the registers and the opening balances from another system's CSV exports.

A municipality that moves here brings one CSV file per register (``KINDS``); the columns
of each are in ``COLUMNS`` (English name first, then the Hungarian headers accepted) and
the format is described in the README ("Local taxes") with examples in
``data/tax/samples``. The file is UTF-8 with or without a BOM, delimited by ``;`` (what
Hungarian Excel writes, with decimal commas) or ``,`` or a tab, detected from the header.

The rules, and why:

* **Idempotent.** Every row is found by its natural key (a taxpayer by adóazonosító jel or
  adószám, a property by helyrajzi szám, a share by property, holder and right…): a row
  that says what the register already says changes nothing, so the same file may be
  imported again. A row that says something else becomes a new dated history row through
  the register services (never an overwrite), from the row's ``valid_from``; a change
  dated on or before the current record's start is refused, as the services refuse it.
* **Opening balances are booked once**, through the ledger as charges (a debt, with its
  due date) or credits (an overpayment) of origin "opening balance", each with an
  idempotency key made of the taxpayer, the tax type, the cut-over date, the due date and
  the tax year: a re-import books nothing, and a different amount under the same key is
  refused (a correction is a reversal, never a second opening balance).
* **All or nothing by default.** Every line is checked and every error is reported with
  its line number (the header is line 1); if any line is wrong nothing is imported, so a
  corrected file can simply be imported again. ``partial=True`` imports the good lines and
  reports the bad ones.
* **Within one municipality**: identifiers name the municipality's own records only."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..constants import ChargeOrigin, TaxType
from ..models import LedgerEntry
from . import ledger
from .errors import TaxError
from .hipa_import import import_nav_hipa_line
from .import_cells import ImportFileError, ImportResult, LineError, _Cells, read_rows
from .import_columns import (
    COLUMNS,
    KINDS,
    MAX_AMOUNT,
    NAV_HIPA,
    OPENING_BALANCES,
    OWNERSHIPS,
    PROPERTIES,
    REPRESENTATIONS,
    TAX_OBJECTS,
    TAXPAYERS,
)
from .import_kinds import (
    _import_ownership,
    _import_property,
    _import_representation,
    _import_tax_object,
    _import_taxpayer,
    _taxpayer,
)
from .ledger import book_opening_credit

__all__ = [
    "COLUMNS",
    "KINDS",
    "MAX_AMOUNT",
    "ImportFileError",
    "ImportResult",
    "LineError",
    "book_opening_credit",
    "import_registers",
    "opening_key",
    "read_rows",
]


def opening_key(taxpayer, tax_type, cutover, due_on, period_year):
    return (
        f"opening:{taxpayer.identifier}:{tax_type}:{cutover.isoformat()}:"
        f"{due_on.isoformat() if due_on else '-'}:{period_year or '-'}"
    )


def _import_opening_balance(municipality, row, actor):
    cells = _Cells(row)
    taxpayer = _taxpayer(municipality, cells, "identifier")
    tax_type = cells.choice("tax_type", TaxType, required=True)
    amount = cells.money("amount")
    cutover = cells.date("cutover_date", required=True)
    due_on = cells.date("due_on")
    period_year = cells.year("period_year")
    reference = cells.text("reference")[:120]
    if amount is not None and amount > 0 and due_on is None and cutover is not None:
        cells._fail("due_on", _("a debt needs its due date."))
    if cells.problems:
        return cells.problems
    if amount == 0:
        return "unchanged"  # nothing to open
    key = opening_key(taxpayer, tax_type, cutover, due_on if amount > 0 else None, period_year)
    existing = LedgerEntry.objects.filter(municipality=municipality, idempotency_key=key).first()
    if existing is not None:
        if existing.signed_amount != amount:
            return [
                _(
                    "this opening balance was already booked with %(booked)s Ft; "
                    "a correction is a reversal, not a second opening balance."
                )
                % {"booked": existing.signed_amount}
            ]
        return "unchanged"
    if amount > 0:
        ledger.book_charge(
            taxpayer,
            tax_type,
            amount,
            origin=ChargeOrigin.OPENING,
            due_on=due_on,
            booked_on=cutover,
            period_year=period_year,
            reference=reference,
            note=_("Opening balance"),
            idempotency_key=key,
            actor=actor,
        )
    else:
        book_opening_credit(
            taxpayer,
            tax_type,
            -amount,
            on=cutover,
            period_year=period_year,
            reference=reference,
            idempotency_key=key,
            actor=actor,
        )
    return "created"


_IMPORTERS = {
    TAXPAYERS: _import_taxpayer,
    PROPERTIES: _import_property,
    OWNERSHIPS: _import_ownership,
    TAX_OBJECTS: _import_tax_object,
    REPRESENTATIONS: _import_representation,
    OPENING_BALANCES: _import_opening_balance,
    NAV_HIPA: import_nav_hipa_line,
}


class _Rollback(Exception):
    pass


def import_registers(municipality, kind, data, *, partial=False, actor=None, progress=None):
    """Import one register's CSV (bytes or text) into ``municipality``; see the module.
    ``progress`` wraps the rows' iterable (e.g. a tqdm bar). Returns an ImportResult;
    ImportFileError when the file as a whole cannot be read."""
    rows = read_rows(data, kind)
    result = ImportResult(kind=kind, rows=len(rows))
    importer = _IMPORTERS[kind]
    try:
        with transaction.atomic():
            for line, row in progress(rows) if progress else rows:
                outcome = _import_line(importer, municipality, line, row, actor)
                if isinstance(outcome, list):
                    result.errors.append(LineError(line, "; ".join(outcome)))
                else:
                    setattr(result, outcome, getattr(result, outcome) + 1)
            if result.errors and not partial:
                raise _Rollback
    except _Rollback:
        result.applied = False
    return result


def _import_line(importer, municipality, line, row, actor):
    if row.get("_extra"):
        return [_("The row has more columns than the header.")]
    try:
        # A savepoint per line: a refused line leaves nothing behind, even with --partial.
        with transaction.atomic():
            return importer(municipality, row, actor)
    except TaxError as error:
        return [str(error)]
    except ValidationError as error:  # a model's own check, should a service not wrap it
        return [" ".join(error.messages)]
