"""Payments the payer meant for particular charges, and their reversal: the ledger's
public calls for the card payments (``cardpay``), which pay chosen charges first.

They keep every rule of ``ledger``: the taxpayer's lock, entries written once, a key per
payment so a repeated confirmation books nothing, a correction as reversing entries (with
whatever depended on the payment) and the normal allocation for the rest."""

from django.db import transaction

from ..constants import EntryKind
from ..models import LedgerEntry
from .ledger import _allocate, _lock, _reverse_one, _user, _write, account_state, settle

__all__ = ["book_designated_payments", "lock_taxpayer", "recorded_by", "reverse_payments"]


def lock_taxpayer(taxpayer):
    """Take the ledger's lock on the taxpayer (serialises its bookings) until the end of
    the transaction."""
    _lock(taxpayer)


def recorded_by(actor):
    """The user the ledger records for ``actor`` (None for the platform itself)."""
    return _user(actor)


@transaction.atomic
def book_designated_payments(
    taxpayer, parts, *, paid_on, charges=(), reference="", note="", actor=None, settle_on=None
):
    """Book payments received on ``paid_on``: ``parts`` are (tax type, amount, idempotency
    key); a part whose key is booked already is skipped. Each new payment pays the
    ``charges`` (ids, in the order given) of its tax type first, as far as they are open;
    the ledger's allocation (``settle`` as of ``settle_on`` or ``paid_on``) takes the
    rest. Returns the payment entries written now."""
    _lock(taxpayer)
    written = []
    for tax_type, amount, key in parts:
        if LedgerEntry.objects.filter(
            municipality=taxpayer.municipality_id, idempotency_key=key
        ).exists():
            continue
        written.append(
            _write(
                taxpayer,
                tax_type,
                EntryKind.PAYMENT,
                amount,
                paid_on,
                actor,
                reference=reference,
                note=note,
                idempotency_key=key,
            )
        )
    if not written:
        return []
    if charges:
        # The whole ledger (not only up to ``paid_on``): a refund's reversals are booked
        # later than the day the money that was kept arrived.
        state = account_state(taxpayer)
        by_id = {e.pk: e for e in state.targets if e.kind == EntryKind.CHARGE}
        new = {e.pk for e in written}
        sources = [s for s in state.sources if s.pk in new]
        for pk in charges:
            charge = by_id.get(pk)
            if charge is None:
                continue
            for source in sources:
                if source.tax_type != charge.tax_type:
                    continue
                amount = min(state.remaining(source), state.open_amount(charge))
                if amount > 0:
                    _allocate(taxpayer, state, source, charge, amount, paid_on, actor)
    settle(taxpayer, on=settle_on or paid_on, actor=actor)
    return written


@transaction.atomic
def reverse_payments(taxpayer, keys, *, on, reason, actor=None):
    """Reverse the taxpayer's payments and credits booked with one of ``keys`` (each no
    earlier than its own day), with the allocations that used them; the money they paid is
    open again. The caller allocates afterwards (``settle``). Returns how many were
    reversed."""
    _lock(taxpayer)
    state = account_state(taxpayer)
    reversed_now = 0
    for entry in [s for s in state.sources if s.idempotency_key in keys]:
        _reverse_one(entry, state, max(on, entry.booked_on), reason, actor)
        reversed_now += 1
    return reversed_now
