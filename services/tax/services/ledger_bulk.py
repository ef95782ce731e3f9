"""The bulk paths of the taxpayer account, for runs and imports over a whole municipality:
``book_entries_in_bulk`` (charges and credits of the annual assessment and the interest
run) and ``book_payments_in_bulk`` (the transfers of a bank statement, allocated).

They follow the same rules as booking one by one (``ledger.book_charge``,
``ledger.book_payment`` and ``ledger.settle``) in a number of queries that does not grow
with the rows, and write through ``bulk_rows`` (PostgreSQL COPY, the ORM elsewhere)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor

from ..constants import BALANCE_SIGN, SOURCE_KINDS, ChargeOrigin, EntryKind, TaxType
from ..models import LedgerEntry, Taxpayer
from .bulk_rows import IdPool, among, insert_rows
from .errors import TaxError
from .ledger_allocation import interest_last_rule, plan_settlement
from .ledger_balances import AccountState

# Bulk lookups go in chunks so that a query's parameter list stays reasonable.
CHUNK = 5000
FIELDS = [f.attname for f in LedgerEntry._meta.concrete_fields]
# What the allocation reads of the entries already on an account (they are not rewritten).
READ = ("id", "taxpayer_id", "tax_type", "kind", "origin", "amount", "booked_on", "due_on")
READ += ("source_id", "target_id")


def _user(actor):
    return (actor or Actor.system()).user


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


TAX_TYPES = frozenset(TaxType.values)  # TaxType.values builds a new list on each call
ORIGINS = frozenset(ChargeOrigin.values)
BULK_KINDS = frozenset({str(EntryKind.CHARGE), str(EntryKind.CREDIT)})


def _check_amount(tax_type, amount):
    if tax_type not in TAX_TYPES:
        raise TaxError(_("Unknown tax type: %s") % tax_type)
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise TaxError(_("An amount is a whole number of forints, more than 0."))


class Entry:
    """A ledger entry in memory: read from the database or planned by the bulk path,
    with the model's columns as attributes (what ``AccountState`` and the allocation read)
    and none of a model instance's cost."""

    __slots__ = FIELDS

    @classmethod
    def read(cls, values):
        entry = cls.__new__(cls)
        for name, value in zip(READ, values, strict=True):
            setattr(entry, name, value)
        return entry

    @property
    def pk(self):
        return self.id

    def row(self):
        return {name: getattr(self, name) for name in FIELDS}


def _read_accounts(municipality, taxpayer_ids):
    """{taxpayer id: [Entry]} of every entry of the taxpayers, in booking order."""
    accounts = defaultdict(list)
    for chunk in _chunks(taxpayer_ids):
        for values in (
            LedgerEntry.objects.for_municipality(municipality)
            .filter(among("taxpayer", chunk))
            .order_by("booked_on", "pk")
            .values_list(*READ)
        ):
            accounts[values[1]].append(Entry.read(values))
    return accounts


def _lock_all(municipality, taxpayer_ids):
    """The ledger's lock on each taxpayer (``ledger._lock``), taken in id order; returns
    how many of them are the municipality's."""
    locked = 0
    for chunk in _chunks(sorted(taxpayer_ids)):
        locked += len(
            Taxpayer.objects.for_municipality(municipality)
            .select_for_update()
            .filter(among("pk", chunk))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return locked


@dataclass(frozen=True)
class BulkPayment:
    """One payment for ``book_payments_in_bulk``: what ``ledger.book_payment`` takes."""

    taxpayer_id: int
    tax_type: str
    amount: int
    paid_on: datetime.date
    reference: str = ""
    idempotency_key: str = ""


@transaction.atomic
def book_payments_in_bulk(municipality, payments, *, actor=None):
    """Book many payments of the municipality's taxpayers and allocate them: what
    ``ledger.book_payment`` does one by one, in queries that do not grow with the number
    of payments.

    ``payments`` are ``BulkPayment`` rows (taxpayer id, tax type, amount, paid on, its
    value date, reference, idempotency key). Returns the id of each payment's ledger entry,
    in the same order. As with ``book_payment``, a payment whose idempotency key is already
    booked (or repeated in ``payments``) books nothing and returns the entry booked then,
    so importing the same statement twice books nothing twice.

    The taxpayers are locked (the ledger's lock, in id order) and their accounts read once;
    then, per taxpayer and per value date in date order, ``ledger_allocation.
    plan_settlement`` — the very rules of ``ledger.settle``: each tax type's money to its
    own oldest due charge first, interest last, an overpayment netted against the debts of
    other tax types, the rest kept — runs on the account in memory. The payments and
    everything the allocation books (allocations, transfers, credits) are written together
    (COPY on PostgreSQL)."""
    payments = list(payments)
    for payment in payments:
        _check_amount(payment.tax_type, payment.amount)
    if not payments:
        return []
    user_id = getattr(_user(actor), "pk", None)
    taxpayer_ids = {payment.taxpayer_id for payment in payments}
    if _lock_all(municipality, taxpayer_ids) != len(taxpayer_ids):
        raise TaxError(_("The taxpayer belongs to another municipality."))
    keys = {p.idempotency_key[:120] for p in payments if p.idempotency_key}
    booked = {}  # idempotency key -> entry id
    for chunk in _chunks(keys):
        booked.update(
            LedgerEntry.objects.for_municipality(municipality)
            .filter(among("idempotency_key", chunk))
            .values_list("idempotency_key", "pk")
        )
    pool, recorded_at = IdPool(LedgerEntry), timezone.now()

    def new_entry(taxpayer_id, tax_type, kind, amount, booked_on, **fields):
        # What ledger._write books, field by field (the rest are the model's defaults).
        entry = Entry.__new__(Entry)
        entry.id = pool.take()
        entry.municipality_id = municipality.pk
        entry.taxpayer_id = taxpayer_id
        entry.tax_type = tax_type
        entry.kind = kind
        entry.origin = ""
        entry.amount = amount
        entry.signed_amount = amount * BALANCE_SIGN[kind]
        entry.booked_on = booked_on
        entry.due_on = entry.period_year = entry.instalment = None
        source, target = fields.get("source"), fields.get("target")
        entry.source_id = source.pk if source is not None else None
        entry.target_id = target.pk if target is not None else None
        entry.counter_tax_type = fields.get("counter_tax_type", "")
        entry.reference = fields.get("reference", "")
        entry.note = fields.get("note", "")
        entry.idempotency_key = fields.get("idempotency_key", "")
        entry.recorded_at = recorded_at
        entry.recorded_by_id = user_id
        return entry

    ids, written, fresh = [], [], defaultdict(list)
    for payment in payments:
        key = payment.idempotency_key[:120]
        if key and key in booked:
            ids.append(booked[key])
            continue
        entry = new_entry(
            payment.taxpayer_id,
            payment.tax_type,
            EntryKind.PAYMENT,
            payment.amount,
            payment.paid_on,
            reference=payment.reference[:120],
            idempotency_key=key,
        )
        if key:
            booked[key] = entry.pk
        ids.append(entry.pk)
        written.append(entry)
        fresh[entry.taxpayer_id].append(entry)
    accounts = _read_accounts(municipality, sorted(fresh))
    interest_last = interest_last_rule()
    for taxpayer_id, new_payments in fresh.items():
        entries = accounts[taxpayer_id] + new_payments
        for day in sorted({payment.booked_on for payment in new_payments}):

            def book(tax_type, kind, amount, _day=day, _entries=entries, **fields):
                entry = new_entry(_entries[0].taxpayer_id, tax_type, kind, amount, _day, **fields)
                _entries.append(entry)
                written.append(entry)
                return entry

            state = AccountState(
                sorted(
                    (e for e in entries if e.booked_on <= day), key=lambda e: (e.booked_on, e.id)
                )
            )
            plan_settlement(state, day, book, interest_last=interest_last)
    written.sort(key=lambda entry: entry.id)
    insert_rows(LedgerEntry, [entry.row() for entry in written])
    return ids


def _insert_new(entries, before):
    """Write the entries whose keys were not booked ``before``; returns them.

    They go straight into the ledger (COPY), in a savepoint: a concurrent run that booked
    some of the same keys since they were read makes the unique index refuse the lot, and
    then they go in again with the keys' conflicts skipped (``ignore_conflicts``, a scratch
    table and ``INSERT … ON CONFLICT DO NOTHING``) — the slower path is only for that case,
    which is what half of the assessment's time went to before."""
    fresh, seen = [], set(before)
    for entry in entries:
        if entry["idempotency_key"] not in seen:
            seen.add(entry["idempotency_key"])
            fresh.append(entry)
    try:
        with transaction.atomic():
            insert_rows(LedgerEntry, fresh)
    except IntegrityError:
        insert_rows(LedgerEntry, fresh, ignore_conflicts=True)
    return fresh


def book_entries_in_bulk(municipality, rows, *, actor=None):
    """Book many charges and credits at once, for runs over a whole municipality (the
    annual assessment): the same rules as ``book_charge`` — written once, a known tax type
    and origin, whole forints above 0, a charge with its due date — in a few statements
    (COPY on PostgreSQL).

    ``rows`` are dicts with taxpayer_id, tax_type, kind (charge or credit), amount, origin,
    booked_on and an ``idempotency_key`` (required: a row whose key is already booked is
    skipped by the database, so a repeated or concurrent run books nothing twice), and
    optionally due_on, period_year, instalment, reference, note.

    Unlike ``book_charge`` it takes no per-taxpayer lock for the insert (the keys make it
    safe); afterwards only the taxpayers who have money on their account (a payment or
    credit) are settled one by one, under their lock as always. Returns how many rows were
    written."""
    from .ledger import settle

    user_id = getattr(_user(actor), "pk", None)
    recorded_at = timezone.now()
    entries = []
    charge, sign = str(EntryKind.CHARGE), {k: BALANCE_SIGN[k] for k in BULK_KINDS}
    for row in rows:
        kind, amount, tax_type = row["kind"], row["amount"], row["tax_type"]
        if kind not in BULK_KINDS:
            raise TaxError(_("Only charges and credits are booked in bulk."))
        if row.get("origin") not in ORIGINS:
            raise TaxError(_("Unknown origin of a charge: %s") % row.get("origin"))
        if type(amount) is not int or amount <= 0 or tax_type not in TAX_TYPES:
            _check_amount(tax_type, amount)  # raises the message that fits
        if not row.get("idempotency_key"):
            raise TaxError("A bulk booking needs an idempotency key per row.")
        due_on = row.get("due_on")
        if kind == charge and due_on is None:
            raise TaxError("A charge needs its due date.")
        entries.append(
            {
                "municipality_id": municipality.pk,
                "taxpayer_id": row["taxpayer_id"],
                "tax_type": tax_type,
                "kind": kind,
                "origin": row["origin"],
                "amount": amount,
                "signed_amount": amount * sign[kind],
                "booked_on": row["booked_on"],
                "due_on": due_on,
                "period_year": row.get("period_year"),
                "instalment": row.get("instalment"),
                "reference": row.get("reference", "")[:120],
                "note": row.get("note", "")[:300],
                "idempotency_key": row["idempotency_key"][:120],
                "recorded_at": recorded_at,
                "recorded_by_id": user_id,
            }
        )
    if not entries:
        return 0
    keys = [entry["idempotency_key"] for entry in entries]
    with transaction.atomic():
        before = set()
        for chunk in _chunks(keys):
            before.update(
                LedgerEntry.objects.filter(municipality=municipality)
                .filter(among("idempotency_key", chunk))
                .values_list("idempotency_key", flat=True)
            )
        written = _insert_new(entries, before)
        taxpayer_ids = {entry["taxpayer_id"] for entry in written}
        with_money = set()
        for chunk in _chunks(taxpayer_ids):
            with_money.update(
                LedgerEntry.objects.filter(
                    among("taxpayer_id", chunk), municipality=municipality, kind__in=SOURCE_KINDS
                )
                .values_list("taxpayer_id", flat=True)
                .distinct()
            )
        booked_on = max((entry["booked_on"] for entry in written), default=None)
        for taxpayer in Taxpayer.objects.filter(municipality=municipality, pk__in=with_money):
            settle(taxpayer, on=booked_on, actor=actor)
    return len(written)
