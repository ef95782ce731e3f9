"""The unmatched queue: the statement items waiting for an officer, who assigns one to a
taxpayer (it is booked through the ledger), returns the money or closes it — each decision
recorded with who and when."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor

from ..constants import StatementItemState, TaxType, UnmatchedReason
from ..models import StatementItem
from .errors import TaxError
from .ledger import book_payment


def _user(actor):
    return (actor or Actor.system()).user


def statement_items(statement_import):
    """The items an import brought (not those it found already imported), in file order."""
    return StatementItem.objects.for_municipality(statement_import.municipality_id).filter(
        statement_import=statement_import
    )


def unmatched_queue(municipality):
    """The items waiting for an officer, oldest first."""
    return (
        StatementItem.objects.for_municipality(municipality)
        .filter(state=StatementItemState.WAITING)
        .order_by("booked_on", "pk")
    )


def _waiting(item):
    locked = (
        StatementItem.objects.for_municipality(item.municipality_id)
        .select_for_update()
        .get(pk=item.pk)
    )
    if locked.state != StatementItemState.WAITING:
        raise TaxError(
            _("This item is no longer waiting: it is %s.") % locked.get_state_display().lower()
        )
    return locked


@transaction.atomic
def assign_statement_item(item, *, taxpayer, tax_type, actor=None):
    """The officer's decision: the waiting credit ``item`` is the payment of ``taxpayer``
    on ``tax_type``. It is booked (and allocated) on its value date."""
    item = _waiting(item)
    if taxpayer.municipality_id != item.municipality_id:
        raise TaxError(_("The taxpayer belongs to another municipality."))
    if tax_type not in TaxType.values:
        raise TaxError(_("Unknown tax type: %s") % tax_type)
    if not item.credit or item.reason == UnmatchedReason.REVERSAL:
        raise TaxError(_("Only money paid in (a credit) can be booked as a payment."))
    item.payment = book_payment(
        taxpayer,
        tax_type,
        item.amount,
        paid_on=item.value_date,
        reference=(item.bank_reference or item.remark)[:120],
        idempotency_key=f"statement:{item.key}",
        actor=actor,
    )
    item.taxpayer, item.tax_type = taxpayer, tax_type
    return _decide(item, StatementItemState.ASSIGNED, actor, "")


def _decide(item, state, actor, note):
    item.state = state
    item.decided_at = timezone.now()
    item.decided_by = _user(actor)
    item.note = note[:300]
    item.save(
        update_fields=[
            "state",
            "decided_at",
            "decided_by",
            "note",
            "payment",
            "taxpayer",
            "tax_type",
        ]
    )
    return item


@transaction.atomic
def return_statement_item(item, *, note, actor=None):
    """The money is sent back to the payer (the bank transfer is made outside)."""
    if not note.strip():
        raise TaxError(_("Say why the money is returned."))
    item = _waiting(item)
    if not item.credit:
        raise TaxError(_("Only money paid in (a credit) can be returned."))
    return _decide(item, StatementItemState.RETURNED, actor, note.strip())


@transaction.atomic
def close_statement_item(item, *, note, actor=None):
    """Nothing to book (a debit, a bank fee, a reversal the bank settled): closed with why."""
    if not note.strip():
        raise TaxError(_("Say why the item needs no booking."))
    item = _waiting(item)
    return _decide(item, StatementItemState.DISMISSED, actor, note.strip())
