"""The allocation rules of the taxpayer account, on an account in memory.

``plan_settlement`` is what ``ledger.settle`` books for one taxpayer on one day, and what
the bulk path (``ledger_bulk.book_payments_in_bulk``) books for many: one function, so the
two cannot drift apart. It reads an ``AccountState`` and books through a callback — the
one-by-one path writes each entry at once, the bulk path plans it and writes all of them
together — in the order of ``data/tax/rules.json`` "allocation":

1. a payment or credit pays its own tax type's charges, the oldest due first, interest last;
2. what remains is an overpayment: it is netted against the taxpayer's debts (charges
   already due) on the other tax types at the same municipality, principal first and
   interest last, by a transfer out of its account and a credit on the debt's account;
3. the rest stays on its account for later charges."""

from django.utils.translation import gettext as _

from ..constants import ChargeOrigin, EntryKind, TaxType
from ..rules import rules


def interest_last_rule():
    """Whether interest is paid last (rules.json "allocation"), read once per settlement."""
    return rules()["allocation"].get("interest_last", True)


def charge_order(charge, interest_last=None):
    """Oldest due first, interest last (rules.json "allocation")."""
    if interest_last is None:
        interest_last = interest_last_rule()
    is_interest = charge.origin == ChargeOrigin.INTEREST or charge.tax_type == TaxType.LATE_INTEREST
    return (bool(is_interest and interest_last), charge.due_on or charge.booked_on, charge.pk)


def plan_settlement(state, on, book, *, interest_last=None):
    """Allocate the unused money of the account in ``state`` as of ``on``.

    ``book(tax_type, kind, amount, **fields)`` books one entry (fields: source, target,
    counter_tax_type, note) and returns it with its ``pk``; ``state`` is kept up to date.
    ``interest_last`` is the rule read once by a caller settling many accounts. Returns
    the allocations booked."""
    booked = []
    last = interest_last_rule() if interest_last is None else interest_last

    def order(charge):
        return charge_order(charge, last)

    def allocate(source, target, amount):
        allocation = book(
            target.tax_type, EntryKind.ALLOCATION, amount, source=source, target=target
        )
        state.note(allocation)
        booked.append(allocation)

    # 1. Each tax type's money to its own charges, oldest due first, interest last.
    for tax_type in sorted({s.tax_type for s in state.money()}):
        charges = sorted(state.open_charges(tax_type), key=order)
        for source in state.money(tax_type):
            for charge in charges:
                amount = min(state.remaining(source), state.open_amount(charge))
                if amount > 0:
                    allocate(source, charge, amount)
                if state.remaining(source) == 0:
                    break
    # 2. What remains is overpayment: netted against debts (due charges) of the other tax
    # types at the same municipality, principal first, interest last.
    debts = sorted((c for c in state.open_charges() if c.due_on <= on), key=order)
    for charge in debts:
        for source in state.money():
            if source.tax_type == charge.tax_type:
                continue
            amount = min(state.remaining(source), state.open_amount(charge))
            if amount <= 0:
                continue
            transfer = book(
                source.tax_type,
                EntryKind.TRANSFER,
                amount,
                counter_tax_type=charge.tax_type,
                note=_("Overpayment netted against a debt"),
            )
            state.targets.append(transfer)
            allocate(source, transfer, amount)
            credit = book(
                charge.tax_type,
                EntryKind.CREDIT,
                amount,
                source=transfer,
                note=_("Overpayment netted from another tax type"),
            )
            state.sources.append(credit)
            allocate(credit, charge, amount)
            if state.open_amount(charge) == 0:
                break
    # 3. The rest stays where it was paid, for later charges.
    return booked
