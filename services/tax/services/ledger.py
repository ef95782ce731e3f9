"""The taxpayer account (adószámla): booking one by one, reversing, transfers and refunds
on request — and, re-exported here, the rest of the ledger's public face.

Every entry is written once (models.ledger). Which money paid which charge is itself an
entry (an allocation, linking a payment or credit to a charge, transfer or refund), so the
open amount of a charge and the unused part of a payment are sums over the ledger, and a
reversal undoes an allocation the same way it undoes anything else.

The ledger is split by responsibility:

* here: ``book_charge``, ``book_payment``, ``reverse``, ``settle``, ``transfer``,
  ``refund`` — one taxpayer at a time, under the taxpayer's lock;
* ``ledger_balances``: what the account says (``AccountState``, ``balance``,
  ``balances``, ``statement``, ``debt``, ``available``);
* ``ledger_allocation``: the allocation rules (``data/tax/rules.json`` "allocation": own
  tax type's oldest due charge first, interest last; an overpayment netted against the
  debts of other tax types at the same municipality — never another municipality's —
  then kept for later charges), one function for both paths;
* ``ledger_bulk``: the same bookings in bulk for runs and imports
  (``book_entries_in_bulk``, ``book_payments_in_bulk``), written with PostgreSQL COPY
  (``bulk_rows``).

Transfers to another tax type and refunds on request need the law's preconditions (no debt
at the authority, returns filed: ``rules.json`` "refund_and_transfer")."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.hungarian import format_money

from ..constants import BALANCE_SIGN, TAX_TYPE_RULES, ChargeOrigin, EntryKind, TaxType
from ..models import LedgerEntry, Taxpayer
from ..rules import rules
from .errors import TaxError
from .ledger_allocation import plan_settlement
from .ledger_balances import (
    AccountState,
    StatementLine,
    account_state,
    available,
    balance,
    balances,
    debt,
    statement,
)
from .ledger_bulk import BulkPayment, book_entries_in_bulk, book_payments_in_bulk

__all__ = [
    "AccountState",
    "BulkPayment",
    "StatementLine",
    "account_state",
    "available",
    "balance",
    "balances",
    "book_charge",
    "book_entries_in_bulk",
    "book_payment",
    "book_payments_in_bulk",
    "debt",
    "refund",
    "reverse",
    "settle",
    "statement",
    "transfer",
]


def _user(actor):
    return (actor or Actor.system()).user


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
    """Allocate the taxpayer's unused money as of ``on`` (``ledger_allocation``: own tax
    type's oldest due charge first, interest last, then netting); returns the allocations
    booked."""
    _lock(taxpayer)

    def book(tax_type, kind, amount, **fields):
        return _write(taxpayer, tax_type, kind, amount, on, actor, **fields)

    return plan_settlement(account_state(taxpayer, on), on, book)


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


@transaction.atomic
def book_opening_credit(
    taxpayer, tax_type, amount, *, on, period_year=None, reference="", idempotency_key, actor=None
):
    """An overpayment brought over from the previous system: a credit of origin "opening
    balance" on ``on``, booked once per key and allocated at once like any money."""
    # A credit with no source is money on the account.
    _lock(taxpayer)
    existing = _existing(taxpayer, idempotency_key)
    if existing is not None:
        return existing
    entry = _write(
        taxpayer,
        tax_type,
        EntryKind.CREDIT,
        amount,
        on,
        actor,
        origin=ChargeOrigin.OPENING,
        period_year=period_year,
        reference=reference,
        note=_("Opening balance"),
        idempotency_key=idempotency_key,
    )
    settle(taxpayer, on=on, actor=actor)
    return entry
