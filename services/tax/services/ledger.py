"""The taxpayer account (adószámla): booking, reversing, balances, and the allocation of
money to charges.

Every entry is written once (models.ledger). Which money paid which charge is itself an
entry (an allocation, linking a payment or credit to a charge, transfer or refund), so the
open amount of a charge and the unused part of a payment are sums over the ledger, and a
reversal undoes an allocation the same way it undoes anything else.

Allocation (``settle``), in the order of ``data/tax/rules.json``:

1. a payment or credit pays its own tax type's charges, the oldest due first, interest last;
2. what remains is an overpayment: it is netted against the taxpayer's debts (charges
   already due) on the other tax types at the same municipality — never another
   municipality's — principal first and interest last, by a transfer out of its account
   and a credit on the debt's account;
3. the rest stays on its account for later charges (each new charge settles the account).

Transfers to another tax type and refunds on request need the law's preconditions (no debt
at the authority, returns filed: ``rules.json`` "refund_and_transfer")."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.hungarian import format_money

from ..constants import (
    BALANCE_SIGN,
    SOURCE_KINDS,
    TARGET_KINDS,
    TAX_TYPE_RULES,
    ChargeOrigin,
    EntryKind,
    TaxType,
)
from ..models import LedgerEntry, Taxpayer
from ..rules import rules
from .errors import TaxError


def _user(actor):
    return (actor or Actor.system()).user


def _entries(taxpayer):
    return LedgerEntry.objects.filter(municipality=taxpayer.municipality_id, taxpayer=taxpayer)


def _lock(taxpayer):
    """Serialise the bookings of one taxpayer: allocation reads, then writes."""
    Taxpayer.objects.select_for_update().filter(
        municipality=taxpayer.municipality_id, pk=taxpayer.pk
    ).get()


def _write(taxpayer, tax_type, kind, amount, booked_on, actor, **fields):
    if tax_type not in TaxType.values:
        raise TaxError(_("Unknown tax type: %s") % tax_type)
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise TaxError(_("An amount is a whole number of forints, more than 0."))
    sign = fields.pop("sign", None)
    fields["idempotency_key"] = fields.get("idempotency_key") or ""
    entry = LedgerEntry(
        municipality_id=taxpayer.municipality_id,
        taxpayer=taxpayer,
        tax_type=tax_type,
        kind=kind,
        amount=amount,
        signed_amount=amount * (BALANCE_SIGN[kind] if sign is None else sign),
        booked_on=booked_on,
        recorded_by=_user(actor),
        **fields,
    )
    entry.save()
    return entry


def _existing(taxpayer, idempotency_key):
    if not idempotency_key:
        return None
    return LedgerEntry.objects.filter(
        municipality=taxpayer.municipality_id, idempotency_key=idempotency_key
    ).first()


# -- what the ledger says


class AccountState:
    """The open amount of each charge and the unused money of each payment or credit, from
    a taxpayer's entries (all tax types, in booking order)."""

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
    entries = _entries(taxpayer)
    if on is not None:
        entries = entries.filter(booked_on__lte=on)
    return AccountState(entries.order_by("booked_on", "pk"))


def balance(taxpayer, tax_type=None, on=None):
    """What the taxpayer owes (positive) or has paid over (negative) at the end of ``on``
    (today if not given), on one tax type or on all: one indexed sum."""
    entries = _entries(taxpayer).filter(booked_on__lte=on or datetime.date.today())
    if tax_type is not None:
        entries = entries.filter(tax_type=tax_type)
    return entries.aggregate(total=Sum("signed_amount"))["total"] or 0


def balances(taxpayer, on=None):
    """Balance per tax type at the end of ``on``: {tax type: Ft}, only the non-zero ones."""
    rows = (
        _entries(taxpayer)
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
    entries = _entries(taxpayer).filter(tax_type=tax_type)
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


# -- booking


@transaction.atomic
def book_charge(
    taxpayer,
    tax_type,
    amount,
    *,
    origin,
    due_on,
    booked_on=None,
    period_year=None,
    instalment=None,
    target=None,
    reference="",
    note="",
    idempotency_key=None,
    actor=None,
    settle_now=True,
):
    """A charge (előírás) on the account; money kept on the account pays it at once."""
    if origin not in ChargeOrigin.values:
        raise TaxError(_("Unknown origin of a charge: %s") % origin)
    last_year = TAX_TYPE_RULES[TaxType(tax_type)].last_year if tax_type in TaxType.values else None
    if last_year is not None and period_year is not None and period_year > last_year:
        raise TaxError(
            _("%(tax)s can only be booked for periods up to %(year)s.")
            % {"tax": TaxType(tax_type).label, "year": last_year}
        )
    _lock(taxpayer)
    existing = _existing(taxpayer, idempotency_key)
    if existing is not None:
        return existing
    booked_on = booked_on or datetime.date.today()
    entry = _write(
        taxpayer,
        tax_type,
        EntryKind.CHARGE,
        amount,
        booked_on,
        actor,
        origin=origin,
        due_on=due_on,
        period_year=period_year,
        instalment=instalment,
        target=target,
        reference=reference,
        note=note,
        idempotency_key=idempotency_key,
    )
    if settle_now:
        settle(taxpayer, on=booked_on, actor=actor)
    return entry


@transaction.atomic
def book_payment(
    taxpayer, tax_type, amount, *, paid_on, reference="", idempotency_key=None, actor=None
):
    """Money paid into the tax type's collection account on ``paid_on`` (its value date),
    allocated at once. With an ``idempotency_key`` (a bank statement line, a card payment)
    a second import of the same payment books nothing."""
    _lock(taxpayer)
    existing = _existing(taxpayer, idempotency_key)
    if existing is not None:
        return existing
    entry = _write(
        taxpayer,
        tax_type,
        EntryKind.PAYMENT,
        amount,
        paid_on,
        actor,
        reference=reference,
        idempotency_key=idempotency_key,
    )
    settle(taxpayer, on=paid_on, actor=actor)
    return entry


@transaction.atomic
def reverse(entry, *, on, reason, actor=None):
    """Undo an entry by its opposite, never by an edit. What depended on it (the allocations
    of a charge or a payment, the credit of a transfer) is reversed with it, and the money
    freed is allocated again."""
    taxpayer = entry.taxpayer
    _lock(taxpayer)
    if not reason:
        raise TaxError(_("A reversal needs its reason."))
    state = account_state(taxpayer)
    if entry.kind == EntryKind.REVERSAL:
        raise TaxError(_("A reversal is not reversed: book the entry again."))
    if entry.pk in state.reversed:
        raise TaxError(_("This entry has already been reversed."))
    if entry.kind == EntryKind.CREDIT and entry.source_id is not None:
        raise TaxError(_("This credit comes from a transfer: reverse the transfer instead."))
    if on < entry.booked_on:
        raise TaxError(_("A reversal cannot be booked before the entry it reverses."))
    _reverse_one(entry, state, on, reason, actor)
    settle(taxpayer, on=on, actor=actor)


def _reverse_one(entry, state, on, reason, actor):
    dependants = []
    if entry.kind != EntryKind.ALLOCATION:
        dependants = [
            a
            for allocations in state.allocations.values()
            for a in allocations
            if entry.pk in (a.source_id, a.target_id) and a.pk not in state.reversed
        ]
    if entry.kind == EntryKind.TRANSFER:
        dependants += [
            e for e in state.sources if e.kind == EntryKind.CREDIT and e.source_id == entry.pk
        ]
    for dependant in dependants:
        if dependant.pk not in state.reversed:
            _reverse_one(dependant, state, on, reason, actor)
    _write(
        entry.taxpayer,
        entry.tax_type,
        EntryKind.REVERSAL,
        entry.amount,
        on,
        actor,
        sign=0 if entry.signed_amount == 0 else -entry.signed_amount // entry.amount,
        source=entry,
        note=reason[:300],
    )
    state.reversed.add(entry.pk)
    if entry.kind == EntryKind.ALLOCATION:
        state.used[entry.source_id] -= entry.amount
        state.paid[entry.target_id] -= entry.amount


# -- allocation


def _charge_order(charge):
    # Oldest due first, interest last (rules.json "allocation").
    interest_last = rules()["allocation"].get("interest_last", True)
    is_interest = charge.origin == ChargeOrigin.INTEREST or charge.tax_type == TaxType.LATE_INTEREST
    return (bool(is_interest and interest_last), charge.due_on or charge.booked_on, charge.pk)


def _allocate(taxpayer, state, source, target, amount, on, actor):
    allocation = _write(
        taxpayer,
        target.tax_type,
        EntryKind.ALLOCATION,
        amount,
        on,
        actor,
        source=source,
        target=target,
    )
    state.note(allocation)
    return allocation


@transaction.atomic
def settle(taxpayer, *, on, actor=None):
    """Allocate the taxpayer's unused money as of ``on``; returns the allocations booked."""
    _lock(taxpayer)
    state = account_state(taxpayer, on)
    booked = []
    # 1. Each tax type's money to its own charges, oldest due first, interest last.
    for tax_type in sorted({s.tax_type for s in state.money()}):
        charges = sorted(state.open_charges(tax_type), key=_charge_order)
        for source in state.money(tax_type):
            for charge in charges:
                amount = min(state.remaining(source), state.open_amount(charge))
                if amount > 0:
                    booked.append(_allocate(taxpayer, state, source, charge, amount, on, actor))
                if state.remaining(source) == 0:
                    break
    # 2. What remains is overpayment: netted against debts (due charges) of the other tax
    # types at the same municipality, principal first, interest last.
    debts = sorted((c for c in state.open_charges() if c.due_on <= on), key=_charge_order)
    for charge in debts:
        for source in state.money():
            if source.tax_type == charge.tax_type:
                continue
            amount = min(state.remaining(source), state.open_amount(charge))
            if amount <= 0:
                continue
            transfer = _write(
                taxpayer,
                source.tax_type,
                EntryKind.TRANSFER,
                amount,
                on,
                actor,
                counter_tax_type=charge.tax_type,
                note=_("Overpayment netted against a debt"),
            )
            state.targets.append(transfer)
            booked.append(_allocate(taxpayer, state, source, transfer, amount, on, actor))
            credit = _write(
                taxpayer,
                charge.tax_type,
                EntryKind.CREDIT,
                amount,
                on,
                actor,
                source=transfer,
                note=_("Overpayment netted from another tax type"),
            )
            state.sources.append(credit)
            booked.append(_allocate(taxpayer, state, credit, charge, amount, on, actor))
            if state.open_amount(charge) == 0:
                break
    # 3. The rest stays where it was paid, for later charges.
    return booked


def available(taxpayer, tax_type, on):
    """The money kept on a tax type's account (overpayment), after allocation."""
    state = account_state(taxpayer, on)
    return sum(state.remaining(s) for s in state.money(tax_type))


def _require_preconditions(taxpayer, on, returns_filed):
    conditions = rules()["refund_and_transfer"]
    if conditions.get("requires_no_debt", True):
        owed = debt(taxpayer, on)
        if owed > 0:
            raise TaxError(
                _(
                    "The taxpayer owes %(debt)s at this municipality: an overpayment is "
                    "only transferred or refunded when there is no debt."
                )
                % {"debt": format_money(owed)}
            )
    if conditions.get("requires_returns_filed", True) and not returns_filed:
        raise TaxError(
            _(
                "An overpayment is only transferred or refunded when every return and "
                "declaration has been filed."
            )
        )


def _use_money(taxpayer, tax_type, amount, on, kind, actor, **fields):
    settle(taxpayer, on=on, actor=actor)
    state = account_state(taxpayer, on)
    kept = sum(state.remaining(s) for s in state.money(tax_type))
    if amount > kept:
        raise TaxError(
            _("Only %(kept)s is available on this tax type.") % {"kept": format_money(kept)}
        )
    entry = _write(taxpayer, tax_type, kind, amount, on, actor, **fields)
    state.targets.append(entry)
    for source in state.money(tax_type):
        part = min(state.remaining(source), state.open_amount(entry))
        if part > 0:
            _allocate(taxpayer, state, source, entry, part, on, actor)
    return entry


@transaction.atomic
def transfer(
    taxpayer, *, from_tax_type, to_tax_type, amount, on, returns_filed, reference="", actor=None
):
    """Átvezetés on request: overpayment moved to another tax type of the same municipality
    (for its later charges). Only with no debt and every return filed."""
    if from_tax_type == to_tax_type:
        raise TaxError(_("A transfer goes to another tax type."))
    if to_tax_type not in TaxType.values:
        raise TaxError(_("Unknown tax type: %s") % to_tax_type)
    _lock(taxpayer)
    _require_preconditions(taxpayer, on, returns_filed)
    out = _use_money(
        taxpayer,
        from_tax_type,
        amount,
        on,
        EntryKind.TRANSFER,
        actor,
        counter_tax_type=to_tax_type,
        reference=reference,
        note=_("Transfer on request"),
    )
    _write(
        taxpayer,
        to_tax_type,
        EntryKind.CREDIT,
        amount,
        on,
        actor,
        source=out,
        reference=reference,
        note=_("Transfer on request"),
    )
    settle(taxpayer, on=on, actor=actor)
    return out


@transaction.atomic
def refund(taxpayer, *, tax_type, amount, on, returns_filed, reference="", actor=None):
    """Kiutalás on request: overpayment paid back. Only with no debt and every return filed;
    the money leaves the account the day it is booked."""
    _lock(taxpayer)
    _require_preconditions(taxpayer, on, returns_filed)
    return _use_money(
        taxpayer,
        tax_type,
        amount,
        on,
        EntryKind.REFUND,
        actor,
        reference=reference,
        note=_("Refund on request"),
    )


# -- the bulk path of the runs (the annual assessment)


def book_entries_in_bulk(municipality, rows, *, actor=None):
    """Book many charges and credits at once, for runs over a whole municipality (the
    annual assessment): the same rules as ``book_charge`` — written once, a known tax type
    and origin, whole forints above 0, a charge with its due date — in a few INSERTs.

    ``rows`` are dicts with taxpayer_id, tax_type, kind (charge or credit), amount, origin,
    booked_on and an ``idempotency_key`` (required: a row whose key is already booked is
    skipped by the database, so a repeated or concurrent run books nothing twice), and
    optionally due_on, period_year, instalment, reference, note.

    Unlike ``book_charge`` it takes no per-taxpayer lock for the insert (the keys make it
    safe); afterwards only the taxpayers who have money on their account (a payment or
    credit) are settled one by one, under their lock as always. Returns how many rows were
    written."""
    user = _user(actor)
    entries = []
    for row in rows:
        kind, amount, tax_type = row["kind"], row["amount"], row["tax_type"]
        if kind not in (EntryKind.CHARGE, EntryKind.CREDIT):
            raise TaxError(_("Only charges and credits are booked in bulk."))
        if tax_type not in TaxType.values:
            raise TaxError(_("Unknown tax type: %s") % tax_type)
        if row.get("origin") not in ChargeOrigin.values:
            raise TaxError(_("Unknown origin of a charge: %s") % row.get("origin"))
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise TaxError(_("An amount is a whole number of forints, more than 0."))
        if not row.get("idempotency_key"):
            raise TaxError("A bulk booking needs an idempotency key per row.")
        if kind == EntryKind.CHARGE and row.get("due_on") is None:
            raise TaxError("A charge needs its due date.")
        entries.append(
            LedgerEntry(
                municipality_id=municipality.pk,
                taxpayer_id=row["taxpayer_id"],
                tax_type=tax_type,
                kind=kind,
                origin=row["origin"],
                amount=amount,
                signed_amount=amount * BALANCE_SIGN[kind],
                booked_on=row["booked_on"],
                due_on=row.get("due_on"),
                period_year=row.get("period_year"),
                instalment=row.get("instalment"),
                reference=row.get("reference", "")[:120],
                note=row.get("note", "")[:300],
                idempotency_key=row["idempotency_key"][:120],
                recorded_by=user,
            )
        )
    if not entries:
        return 0
    keys = [entry.idempotency_key for entry in entries]
    with transaction.atomic():
        before = set(
            LedgerEntry.objects.filter(
                municipality=municipality, idempotency_key__in=keys
            ).values_list("idempotency_key", flat=True)
        )
        LedgerEntry.objects.bulk_create(entries, batch_size=2000, ignore_conflicts=True)
        written = [entry for entry in entries if entry.idempotency_key not in before]
        taxpayer_ids = {entry.taxpayer_id for entry in written}
        with_money = set(
            LedgerEntry.objects.filter(
                municipality=municipality,
                taxpayer_id__in=taxpayer_ids,
                kind__in=SOURCE_KINDS,
            )
            .values_list("taxpayer_id", flat=True)
            .distinct()
        )
        booked_on = max((entry.booked_on for entry in written), default=None)
        for taxpayer in Taxpayer.objects.filter(municipality=municipality, pk__in=with_money):
            settle(taxpayer, on=booked_on, actor=actor)
    return len(written)
