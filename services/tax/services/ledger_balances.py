"""What the taxpayer account says: the open amount of each charge and the unused money of
each payment (``AccountState``), balances at a date, the statement with its running
balance, the debt at the municipality and the overpayment kept on a tax type.

Read-only: the booking is in ``ledger``, the allocation rules in ``ledger_allocation``."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum

from ..constants import SOURCE_KINDS, TARGET_KINDS, EntryKind
from ..models import LedgerEntry


def entries_of(taxpayer):
    return LedgerEntry.objects.filter(municipality=taxpayer.municipality_id, taxpayer=taxpayer)


class AccountState:
    """The open amount of each charge and the unused money of each payment or credit, from
    a taxpayer's entries (all tax types, in booking order).

    The entries are anything with a ledger entry's attributes: the model's rows, or the
    rows the bulk path plans in memory (``ledger_bulk.Entry``)."""

    def __init__(self, entries):
        self.entries = list(entries)
        self.reversed = {e.source_id for e in self.entries if e.kind == EntryKind.REVERSAL}
        active = [
            e for e in self.entries if e.kind != EntryKind.REVERSAL and e.pk not in self.reversed
        ]
        self.used = defaultdict(int)  # source id -> allocated from it
        self.paid = defaultdict(int)  # target id -> allocated to it
        self.allocations = defaultdict(list)  # target id -> its allocations
        for entry in active:
            if entry.kind == EntryKind.ALLOCATION:
                self.used[entry.source_id] += entry.amount
                self.paid[entry.target_id] += entry.amount
                self.allocations[entry.target_id].append(entry)
        self.sources = [e for e in active if e.kind in SOURCE_KINDS]
        self.targets = [e for e in active if e.kind in TARGET_KINDS]

    def remaining(self, source):
        return source.amount - self.used[source.pk]

    def open_amount(self, target):
        return target.amount - self.paid[target.pk]

    def note(self, allocation):
        self.used[allocation.source_id] += allocation.amount
        self.paid[allocation.target_id] += allocation.amount
        self.allocations[allocation.target_id].append(allocation)

    def open_charges(self, tax_type=None):
        return [
            e
            for e in self.targets
            if e.kind == EntryKind.CHARGE
            and self.open_amount(e) > 0
            and (tax_type is None or e.tax_type == tax_type)
        ]

    def money(self, tax_type=None):
        return [
            e
            for e in self.sources
            if self.remaining(e) > 0 and (tax_type is None or e.tax_type == tax_type)
        ]


def account_state(taxpayer, on=None):
    entries = entries_of(taxpayer)
    if on is not None:
        entries = entries.filter(booked_on__lte=on)
    return AccountState(entries.order_by("booked_on", "pk"))


def balance(taxpayer, tax_type=None, on=None):
    """What the taxpayer owes (positive) or has paid over (negative) at the end of ``on``
    (today if not given), on one tax type or on all: one indexed sum."""
    entries = entries_of(taxpayer).filter(booked_on__lte=on or datetime.date.today())
    if tax_type is not None:
        entries = entries.filter(tax_type=tax_type)
    return entries.aggregate(total=Sum("signed_amount"))["total"] or 0


def balances(taxpayer, on=None):
    """Balance per tax type at the end of ``on``: {tax type: Ft}, only the non-zero ones."""
    rows = (
        entries_of(taxpayer)
        .filter(booked_on__lte=on or datetime.date.today())
        .values("tax_type")
        .annotate(total=Sum("signed_amount"))
        .order_by("tax_type")
    )
    return {row["tax_type"]: row["total"] for row in rows if row["total"]}


@dataclass(frozen=True)
class StatementLine:
    entry: LedgerEntry
    running_balance: int


def statement(taxpayer, tax_type, *, until=None):
    """The account of one tax type with its running balance, oldest first."""
    entries = entries_of(taxpayer).filter(tax_type=tax_type)
    if until is not None:
        entries = entries.filter(booked_on__lte=until)
    running = 0
    lines = []
    for entry in entries.order_by("booked_on", "pk"):
        running += entry.signed_amount
        lines.append(StatementLine(entry, running))
    return lines


def debt(taxpayer, on):
    """What is due and unpaid at the municipality on ``on``, all tax types together."""
    state = account_state(taxpayer, on)
    return sum(state.open_amount(c) for c in state.open_charges() if c.due_on <= on)


def available(taxpayer, tax_type, on):
    """The money kept on a tax type's account (overpayment), after allocation."""
    state = account_state(taxpayer, on)
    return sum(state.remaining(s) for s in state.money(tax_type))
