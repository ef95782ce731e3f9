"""The taxpayer account as its citizen sees it on the portal (Ügyeim): whose accounts a
portal account may see, the balance per tax type, and the simple and detailed statements.

Who may see what is decided here, on every call, from the tax office's own records: the
account's links in force (``PortalLink``, made by an officer from a verified identity) and
the representations of the register (``Representation``: the linked taxpayer represents
another taxpayer, for some or every tax type, from a date to a date). The portal's own
"acting for" records are the citizen's declarations (``Proof.SELF_DECLARED``), so they
never open the tax secret. A representation limited to tax types shows those accounts
only; one that has expired or has not started shows nothing.

Every figure of a page comes from one read of the taxpayer's entries (``account_state``),
so the page's cost does not grow with the number of tax types."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import SOURCE_KINDS, EntryKind, TaxType
from ..models import Representation, TaxpayerDetails
from ..models.registers import DatedModel
from .accounts import collection_accounts
from .cardpay import _label as charge_label
from .ledger_balances import AccountState, entries_of
from .portal_links import links_of

__all__ = [
    "Access",
    "TaxRow",
    "TaxSummary",
    "access_to",
    "accessible_taxpayers",
    "detailed_statement",
    "simple_statement",
    "tax_summary",
    "transfer_details",
]


@dataclass
class Access:
    """One taxpayer a portal account may see today: its own, or one it represents."""

    taxpayer: object
    municipality: object
    name: str
    own: bool
    # None: every tax type; else the tax type codes the representation covers.
    tax_types: frozenset | None = None

    def covers(self, tax_type):
        return self.tax_types is None or str(tax_type) in self.tax_types

    @property
    def identifier(self):
        return self.taxpayer.identifier


def _today():
    return timezone.localdate()


def _names(taxpayers, day):
    """{taxpayer id: name on ``day``}: one query for all of them."""
    names = {}
    rows = (
        TaxpayerDetails.objects.for_municipalities({t.municipality_id for t in taxpayers})
        .filter(DatedModel.on(day), taxpayer_id__in=[t.pk for t in taxpayers])
        .order_by("taxpayer_id", "valid_from")
        .only("taxpayer_id", "family_name", "given_names")
    )
    for row in rows:
        names[row.taxpayer_id] = row.name
    return names


def accessible_taxpayers(user, on=None):
    """[Access] for the portal account on ``on`` (today): its linked taxpayers in every
    municipality, then those they represent. Nothing for a visitor not logged in."""
    day = on or _today()
    if not getattr(user, "is_authenticated", False):
        return []
    links = [
        link for link in links_of(user) if link.taxpayer.municipality_id == link.municipality_id
    ]
    if not links:
        return []
    found = {}
    for link in links:
        found[link.taxpayer_id] = Access(link.taxpayer, link.municipality, "", own=True)
    scope = Q()
    for link in links:
        scope |= Q(municipality_id=link.municipality_id, representative_id=link.taxpayer_id)
    rows = (
        Representation.objects.for_municipalities({link.municipality_id for link in links})
        .filter(scope)
        .filter(DatedModel.on(day))
        .select_related("taxpayer", "municipality")
        .order_by("pk")
    )
    for row in rows:
        if row.taxpayer.municipality_id != row.municipality_id:
            continue  # never across municipalities, whatever a row says
        access = found.get(row.taxpayer_id)
        if access is not None and access.own:
            continue
        types = None if not row.tax_types else frozenset(row.tax_types)
        if access is None:
            found[row.taxpayer_id] = Access(row.taxpayer, row.municipality, "", False, types)
        elif access.tax_types is not None:
            access.tax_types = None if types is None else access.tax_types | types
    names = _names([a.taxpayer for a in found.values()], day)
    accesses = list(found.values())
    for access in accesses:
        access.name = names.get(access.taxpayer.pk, access.taxpayer.identifier)
    accesses.sort(key=lambda a: (not a.own, a.municipality.name, a.name))
    return accesses


def access_to(user, taxpayer_id, on=None):
    """The Access of ``user`` to the taxpayer with this id, or None (read anew each call)."""
    try:
        taxpayer_id = int(taxpayer_id)
    except (TypeError, ValueError):
        return None
    return next((a for a in accessible_taxpayers(user, on) if a.taxpayer.pk == taxpayer_id), None)


# -- the balance


@dataclass
class TaxRow:
    tax_type: str
    label: str
    due: int = 0  # open, not yet due
    overdue: int = 0  # open, past its due date
    paid: int = 0  # paid in the year (payments, not reversed)
    credit: int = 0  # money kept on the account
    balance: int = 0  # what the ledger says: owed (+) or paid over (-)
    next_due_on: datetime.date | None = None


@dataclass
class TaxSummary:
    access: Access
    on: datetime.date
    rows: list = field(default_factory=list)
    # [(charge, open Ft, overdue?)] the payer may choose from, oldest due first.
    open_charges: list = field(default_factory=list)

    def total(self, name):
        return sum(getattr(row, name) for row in self.rows)

    @property
    def due(self):
        return self.total("due")

    @property
    def overdue(self):
        return self.total("overdue")

    @property
    def paid(self):
        return self.total("paid")

    @property
    def credit(self):
        return self.total("credit")

    @property
    def to_pay(self):
        return max(self.due + self.overdue - self.credit, 0)


def _state(taxpayer, on):
    return AccountState(entries_of(taxpayer).filter(booked_on__lte=on).order_by("booked_on", "pk"))


def _row(rows, tax_type):
    if tax_type not in rows:
        rows[tax_type] = TaxRow(tax_type, str(TaxType(tax_type).label))
    return rows[tax_type]


def tax_summary(access, on=None, state=None):
    """Per tax type the access covers: due, overdue, paid this year, in credit."""
    on = on or _today()
    state = state or _state(access.taxpayer, on)
    rows = {}
    for entry in state.entries:
        if not access.covers(entry.tax_type):
            continue
        row = _row(rows, entry.tax_type)
        row.balance += entry.signed_amount
    for source in state.sources:
        if access.covers(source.tax_type):
            row = _row(rows, source.tax_type)
            row.credit += state.remaining(source)
            if source.kind == EntryKind.PAYMENT and source.booked_on.year == on.year:
                row.paid += source.amount
    open_charges = []
    for charge in sorted(state.open_charges(), key=lambda c: (c.due_on, c.pk)):
        if not access.covers(charge.tax_type):
            continue
        row = _row(rows, charge.tax_type)
        amount = state.open_amount(charge)
        overdue = charge.due_on < on
        if overdue:
            row.overdue += amount
        else:
            row.due += amount
            row.next_due_on = row.next_due_on or charge.due_on
        charge.label = charge_label(charge)
        open_charges.append((charge, amount, overdue))
    ordered = [rows[code] for code in TaxType.values if code in rows]
    return TaxSummary(access, on, [r for r in ordered if _shown(r)], open_charges)


def _shown(row):
    return any((row.due, row.overdue, row.paid, row.credit, row.balance))


def transfer_details(access, tax_types):
    """[(tax type label, account holder, GIRO, IBAN)] and the remark a transfer carries:
    the bank statement import matches a transfer by the collection account and the
    taxpayer identifier in the remark."""
    accounts = collection_accounts(access.municipality)
    lines = []
    for code in tax_types:
        account = accounts.get(code)
        if account is not None:
            lines.append(
                (str(TaxType(code).label), account.holder_name, account.giro, account.iban)
            )
    return lines, access.taxpayer.identifier


# -- statements


@dataclass
class PeriodLine:
    label: str
    due_on: datetime.date
    charged: int
    paid: int
    open: int
    overdue: bool


def simple_statement(access, year, on=None):
    """Per tax type, per period (each charge of the year, and what is still open of earlier
    years): charged, paid, open. {tax type label: [PeriodLine]}, in tax type order."""
    on = on or _today()
    state = _state(access.taxpayer, max(on, datetime.date(year, 12, 31)))
    groups = defaultdict(list)
    for charge in sorted(
        (t for t in state.targets if t.kind == EntryKind.CHARGE), key=lambda c: (c.due_on, c.pk)
    ):
        if not access.covers(charge.tax_type):
            continue
        open_amount = state.open_amount(charge)
        of_year = charge.booked_on.year == year or (charge.period_year == year)
        earlier_open = charge.booked_on.year < year and open_amount > 0
        if not (of_year or earlier_open):
            continue
        groups[charge.tax_type].append(
            PeriodLine(
                charge_label(charge),
                charge.due_on,
                charge.amount,
                charge.amount - open_amount,
                open_amount,
                open_amount > 0 and charge.due_on < on,
            )
        )
    return [(str(TaxType(code).label), groups[code]) for code in TaxType.values if code in groups]


@dataclass
class BookingLine:
    entry: object
    description: str
    debit: int
    credit: int
    running: int


def _describe(entry, by_id):
    if entry.kind == EntryKind.CHARGE:
        return charge_label(entry)
    if entry.kind == EntryKind.ALLOCATION:
        target = by_id.get(entry.target_id)
        is_charge = target is not None and target.kind == EntryKind.CHARGE
        what = charge_label(target) if is_charge else ""
        return _("Allocated: %(what)s") % {"what": what} if what else _("Allocated")
    if entry.kind == EntryKind.REVERSAL:
        return _("Reversal: %(note)s") % {"note": entry.note} if entry.note else _("Reversal")
    parts = [str(entry.get_kind_display())]
    if entry.note:
        parts.append(entry.note)
    if entry.reference and entry.kind in SOURCE_KINDS:
        parts.append(entry.reference)
    return " – ".join(parts)


def detailed_statement(access, year):
    """Every booking of the year, per tax type, with the opening balance on 1 January and
    the running balance: [(tax type label, opening, [BookingLine], closing)]."""
    entries = list(entries_of(access.taxpayer).order_by("booked_on", "pk"))
    by_id = {e.pk: e for e in entries}
    start = datetime.date(year, 1, 1)
    opening = defaultdict(int)
    lines = defaultdict(list)
    running = defaultdict(int)
    for entry in entries:
        if not access.covers(entry.tax_type) or entry.booked_on.year > year:
            continue
        running[entry.tax_type] += entry.signed_amount
        if entry.booked_on < start:
            opening[entry.tax_type] += entry.signed_amount
            continue
        debit = entry.signed_amount if entry.signed_amount > 0 else 0
        credit = -entry.signed_amount if entry.signed_amount < 0 else 0
        lines[entry.tax_type].append(
            BookingLine(entry, _describe(entry, by_id), debit, credit, running[entry.tax_type])
        )
    codes = [c for c in TaxType.values if c in lines or opening.get(c)]
    return [(str(TaxType(c).label), opening[c], lines[c], running[c]) for c in codes]
