"""Card payments of local taxes through the payments service (its ``tax_balance``
purpose, registered in ``services.tax.payment``).

A payer chooses charges, or the whole balance of one tax type or of all: a
:class:`CardPaymentOrder` fixes what that is and its open amount per tax type at that
moment, and the payments app charges exactly the sum (whole forints). When the provider
confirms the payment, :func:`book_card_payment` books one payment entry per tax type
(its collection account), dated the day the card was charged, applies it to the chosen
charges first (``data/tax/card_payments.json``) and leaves the rest to the ledger's
normal allocation. Every entry carries a key made of the order and the refunds booked so
far, so a repeated confirmation (webhook, return page, reconciliation) books nothing
twice.

A refund of the card payment (an officer's, or one made at the provider) is booked by
:func:`record_card_refund`: the payment entries are reversed and what was not refunded is
booked again on the original day, so the late interest of the money kept still stops on
the day it was paid.

The directed allocation and the reversal are the ledger's public calls
(``ledger_directed``), which keep every rule the ledger keeps (append-only entries, one
lock per taxpayer)."""

import json
import uuid
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import EntryKind, TaxType
from ..models import CardPaymentOrder, Taxpayer
from .errors import TaxError
from .ledger import account_state, settle
from .ledger_allocation import charge_order as _charge_order
from .ledger_directed import (
    book_designated_payments,
    lock_taxpayer,
    recorded_by,
    reverse_payments,
)

PURPOSE = "tax_balance"  # services.payments.constants.Purpose.TAX_BALANCE


@lru_cache(maxsize=1)
def card_payment_rules():
    path = settings.BASE_DIR / "data" / "tax" / "card_payments.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _today():
    return timezone.localdate()


def _label(charge):
    label = TaxType(charge.tax_type).label
    if charge.tax_type == TaxType.TOURIST and charge.period_year and charge.instalment:
        # A monthly return's charge: its instalment is the month it was collected in.
        return _("%(tax)s %(year)s/%(month)02d") % {
            "tax": label,
            "year": charge.period_year,
            "month": charge.instalment,
        }
    if charge.period_year and charge.instalment:
        return _("%(tax)s %(year)s, instalment %(n)s") % {
            "tax": label,
            "year": charge.period_year,
            "n": charge.instalment,
        }
    if charge.period_year:
        return f"{label} {charge.period_year}"
    return f"{label} ({charge.due_on:%Y.%m.%d.})"


def open_charges(taxpayer, tax_type=None, on=None):
    """[(charge, open Ft)] of the taxpayer, oldest due first: what a payer may choose."""
    state = account_state(taxpayer, on or _today())
    charges = sorted(state.open_charges(tax_type), key=_charge_order)
    return [(charge, state.open_amount(charge)) for charge in charges]


def _chosen(taxpayer, charges, state):
    ids = []
    for charge in charges:
        pk = getattr(charge, "pk", charge)
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            raise TaxError(_("A chosen charge is not one of the taxpayer's charges.")) from None
    if len(set(ids)) != len(ids):
        raise TaxError(_("A charge was chosen twice."))
    by_id = {e.pk: e for e in state.targets if e.kind == EntryKind.CHARGE}
    chosen = []
    for pk in ids:
        charge = by_id.get(pk)
        if charge is None or charge.taxpayer_id != taxpayer.pk:
            raise TaxError(_("A chosen charge is not one of the taxpayer's charges."))
        if state.open_amount(charge) <= 0:
            raise TaxError(
                _("%(charge)s is already paid: choose the open charges only.")
                % {"charge": _label(charge)}
            )
        chosen.append(charge)
    return chosen


def _parts_of_balance(state, tax_type):
    """[(tax type, Ft)]: per tax type its open charges less the money kept on it."""
    types = [tax_type] if tax_type else sorted({c.tax_type for c in state.open_charges()})
    parts = []
    for code in types:
        owed = sum(state.open_amount(c) for c in state.open_charges(code))
        kept = sum(state.remaining(s) for s in state.money(code))
        if owed - kept > 0:
            parts.append((code, owed - kept))
    return parts


@transaction.atomic
def create_card_payment(taxpayer, *, charges=None, tax_type="", payer=None, actor=None):
    """The order of a card payment: the ``charges`` chosen (ids or entries), or else the
    whole balance of ``tax_type`` (every tax type when empty). Its amount is what is open
    now, computed here from the ledger and never taken from the browser. TaxError when
    nothing is open or a charge is not the taxpayer's open one."""
    if tax_type and tax_type not in TaxType.values:
        raise TaxError(_("Unknown tax type: %s") % tax_type)
    lock_taxpayer(taxpayer)
    state = account_state(taxpayer, _today())
    if charges:
        chosen = _chosen(taxpayer, charges, state)
        totals = {}
        for charge in chosen:
            totals[charge.tax_type] = totals.get(charge.tax_type, 0) + state.open_amount(charge)
        parts = list(totals.items())
        lines = [(_label(charge), state.open_amount(charge)) for charge in chosen]
    else:
        chosen = []
        parts = _parts_of_balance(state, tax_type)
        lines = [
            (_("%(tax)s: the whole balance") % {"tax": TaxType(code).label}, part)
            for code, part in parts
        ]
    amount = sum(part for _code, part in parts)
    if amount <= 0:
        raise TaxError(_("There is nothing to pay: the taxpayer owes nothing on this account."))
    token = uuid.uuid4()
    reference = f"ADO-{_today():%Y}-{token.hex[:10].upper()}"
    municipality = taxpayer.municipality
    description = _("Local tax, %(municipality)s: %(what)s") % {
        "municipality": municipality.name,
        "what": "; ".join(label for label, _amount in lines),
    }
    return CardPaymentOrder.objects.create(
        municipality_id=taxpayer.municipality_id,
        uuid=token,
        taxpayer=taxpayer,
        tax_type=tax_type or "",
        charges=[charge.pk for charge in chosen],
        parts=[[code, part] for code, part in parts],
        lines=[[str(label), part] for label, part in lines],
        amount=amount,
        reference=reference,
        description=description[:200],
        created_by=recorded_by(actor),
        payer=payer if payer is not None and payer.is_authenticated else None,
    )


def still_open(order):
    """What the order's choice comes to on the ledger now (Ft): a bank transfer or a
    correction since it was made changes it."""
    taxpayer = order.taxpayer
    state = account_state(taxpayer, _today())
    if order.charges:
        by_id = {e.pk: e for e in state.targets if e.kind == EntryKind.CHARGE}
        return sum(state.open_amount(by_id[pk]) for pk in order.charges if pk in by_id)
    return sum(part for _code, part in _parts_of_balance(state, order.tax_type))


def start_card_payment(order, *, base_url, payer=None):
    """Send the payer to the card payment of the order: (payment, address of the bank).
    Refused (TaxError) when what the order pays changed since it was made, so that the
    card is never charged for a debt already paid; the payer chooses again."""
    from services.payments import services as payments

    if order.booked_at is None and still_open(order) != order.amount:
        raise TaxError(
            _(
                "The amount owed has changed since this payment was prepared (a payment "
                "or a correction arrived): please choose what to pay again."
            )
        )
    return payments.start_payment(order, purpose=PURPOSE, payer=payer, base_url=base_url)


def find_order(municipality, reference):
    return (
        CardPaymentOrder.objects.for_municipality(municipality)
        .filter(reference=str(reference or "")[:40])
        .select_related("taxpayer", "municipality")
        .first()
    )


# -- booking


def _locked_order(order):
    return (
        CardPaymentOrder.objects.for_municipality(order.municipality_id)
        .select_for_update()
        .get(pk=order.pk)
    )


def _key(order, refunded, tax_type):
    return f"card:{order.uuid.hex}:r{refunded}:{tax_type}"


def _kept_parts(order, refunded):
    """The parts less ``refunded``, taken off the last-applied tax types first."""
    rest = refunded
    kept = []
    for code, part in reversed(order.parts):
        off = min(rest, part)
        rest -= off
        kept.append((code, part - off))
    return [(code, part) for code, part in reversed(kept) if part > 0]


def _book_parts(order, taxpayer, refunded, paid_on, actor, settle_on=None):
    """Book the order's payment entries (less ``refunded``) on ``paid_on`` and apply them
    to the chosen charges first; the ledger's allocation takes the rest."""
    designated = card_payment_rules().get("designated_charges_first", True)
    return book_designated_payments(
        taxpayer,
        [(code, part, _key(order, refunded, code)) for code, part in _kept_parts(order, refunded)],
        paid_on=paid_on,
        charges=order.charges if designated else (),
        reference=order.reference,
        note=_("Card payment"),
        actor=actor,
        settle_on=settle_on,
    )


@transaction.atomic
def book_card_payment(order, payment, *, actor=None):
    """The provider confirmed the card payment of the order: book it once. Returns the
    payment entries written now (none for a repeated confirmation)."""
    order = _locked_order(order)
    if order.booked_at is not None:
        return []
    taxpayer = Taxpayer.objects.for_municipality(order.municipality_id).get(pk=order.taxpayer_id)
    lock_taxpayer(taxpayer)
    paid_at = payment.paid_at or timezone.now()
    paid_on = timezone.localdate(paid_at)
    written = _book_parts(order, taxpayer, 0, paid_on, actor)
    order.payment_uuid = str(payment.uuid)
    order.paid_on = paid_on
    order.booked_at = timezone.now()
    order.save(update_fields=["payment_uuid", "paid_on", "booked_at"])
    return written


@transaction.atomic
def record_card_refund(order, payment, *, actor=None, on=None):
    """Book what the payments app says was refunded of the order's card payment (its
    total so far): the payment entries are reversed and the rest booked again on the day
    it was paid. Safe to call again with the same total. Returns True if it booked."""
    order = _locked_order(order)
    refunded = min(int(payment.refunded_amount or 0), order.amount)
    if order.booked_at is None or refunded <= order.refunded_booked:
        return False
    taxpayer = Taxpayer.objects.for_municipality(order.municipality_id).get(pk=order.taxpayer_id)
    lock_taxpayer(taxpayer)
    on = on or _today()
    keys = {_key(order, order.refunded_booked, code) for code, _part in order.parts}
    reason = _("Card payment %(reference)s refunded: %(amount)s Ft in all") % {
        "reference": order.reference,
        "amount": refunded,
    }
    reverse_payments(taxpayer, keys, on=on, reason=reason, actor=actor)
    order.refunded_booked = refunded
    order.save(update_fields=["refunded_booked"])
    # What the chosen charges do not take is allocated as of today: the ledger as it
    # stood on the day of payment still has the reversed allocations in it.
    _book_parts(order, taxpayer, refunded, order.paid_on or on, actor, settle_on=on)
    settle(taxpayer, on=on, actor=actor)
    return True


def card_payments_of(taxpayer):
    """The taxpayer's card payment orders, newest first (the card, the receipt)."""
    return CardPaymentOrder.objects.for_municipality(taxpayer.municipality_id).filter(
        taxpayer=taxpayer
    )


def receipt_lines(order):
    """What the receipt names: [(what, Ft)], fixed when the payer chose it."""
    return [(label, amount) for label, amount in order.lines]


__all__ = [
    "PURPOSE",
    "book_card_payment",
    "card_payments_of",
    "create_card_payment",
    "find_order",
    "open_charges",
    "receipt_lines",
    "record_card_refund",
    "start_card_payment",
    "still_open",
]
