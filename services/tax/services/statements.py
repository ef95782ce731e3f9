"""Bank transfers from a statement file: SWIFT MT940 and ISO 20022 camt.053.

An import reads the whole file first and refuses it whole, with every error by item (and,
in MT940, line) number, before anything is written; then one transaction books what it
can. An item is matched by

* the statement's own account: one of the municipality's collection accounts, which names
  the tax type (another municipality's account, or an unknown one, is not booked here);
* the taxpayer identifier in the remark: an adóazonosító jel (10 digits starting with 8)
  or an adószám (NNNNNNNN-N-NN), with spaces or hyphens, after a prefix or not
  (``ADÓAZ:8123 456 789``), its check digit right, of exactly one taxpayer of the
  municipality.

A matched credit is booked as a payment through the ledger, which allocates it. Everything
else (debits, reversals, unknown accounts, no, mistyped, unknown or several identifiers)
waits in the unmatched queue for an officer (``assign_statement_item``,
``return_statement_item``, ``close_statement_item``).

Re-importing a statement, or one that overlaps it, books nothing twice: each item is kept
under a key of what identifies it at the bank (``item_key``), and the payment carries the
same key as its idempotency key. Lookups are in bulk (taxpayers by identifier, keys), so
the queries per item stay constant as a statement grows.

The modules behind it: ``statement_files`` (items and errors), ``statement_mt940`` and
``statement_camt053`` (reading the files), ``statement_matching`` (identifiers, keys,
lookups), ``statement_queue`` (the officer's decisions); the payments are booked and
allocated by the ledger's public bulk path (``ledger.book_payments_in_bulk``) and the
items written with COPY on PostgreSQL (``bulk_rows``)."""

import hashlib
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sites.actor import Actor

from ..constants import StatementFormat, StatementItemState
from ..models import StatementImport, StatementItem
from .bulk_rows import among, insert_rows
from .ledger import BulkPayment, book_payments_in_bulk
from .statement_camt053 import CAMT_NAMESPACE, parse_camt053
from .statement_files import (
    DEFAULT_MAX_BYTES,
    ParsedItem,
    StatementError,
    account_digits,
)
from .statement_matching import (
    accounts_named,
    chunks,
    classify,
    identifiers_in,
    item_identity,
    item_key,
    taxpayers_by_identifier,
)
from .statement_mt940 import parse_mt940
from .statement_queue import (
    assign_statement_item,
    close_statement_item,
    return_statement_item,
    statement_items,
    unmatched_queue,
)

__all__ = [
    "CAMT_NAMESPACE",
    "DEFAULT_MAX_BYTES",
    "ParsedItem",
    "StatementError",
    "account_digits",
    "assign_statement_item",
    "close_statement_item",
    "identifiers_in",
    "import_statement",
    "item_identity",
    "item_key",
    "parse_camt053",
    "parse_mt940",
    "parse_statement",
    "return_statement_item",
    "statement_items",
    "unmatched_queue",
]


def parse_statement(content):
    """(format, items) of a statement file, recognised by its content."""
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return StatementFormat.CAMT053, parse_camt053(content)
    if b":20:" in content or b":61:" in content:
        return StatementFormat.MT940, parse_mt940(content)
    raise StatementError([_("The file is neither an MT940 nor a camt.053 bank statement.")])


def _user(actor):
    return (actor or Actor.system()).user


def import_statement(municipality, content, *, file_name, actor=None):
    """Import a statement file for the municipality; returns its ``StatementImport``
    (counts booked, queued, duplicate). A file with any error imports nothing and raises
    ``StatementError`` listing them."""
    limit = getattr(settings, "TAX_STATEMENT_MAX_BYTES", DEFAULT_MAX_BYTES)
    if len(content) > limit:
        raise StatementError(
            [_("The file is larger than %(mb)s MB; split the statement.") % {"mb": limit // 2**20}]
        )
    statement_format, items = parse_statement(content)
    if not items:
        raise StatementError([_("The statement has no items.")])
    try:
        return _import(municipality, content, file_name, statement_format, items, actor)
    except IntegrityError as error:
        # Another import of the same items committed first; the unique key refused ours.
        raise StatementError(
            [_("Another import is booking the same items at this moment. Try again in a minute.")]
        ) from error


@transaction.atomic
def _import(municipality, content, file_name, statement_format, items, actor):
    occurrences = Counter()
    keyed = []
    for item in items:
        identity = item_identity(item)
        occurrences[identity] += 1
        keyed.append((item_key(identity, occurrences[identity]), item))
    existing = set()
    for chunk in chunks(key for key, _item in keyed):
        existing.update(
            StatementItem.objects.for_municipality(municipality)
            .filter(among("key", chunk))
            .values_list("key", flat=True)
        )
    new = [(key, item) for key, item in keyed if key not in existing]
    own, others = accounts_named(municipality, items)
    identified = {key: identifiers_in(item.remark) for key, item in new}
    taxpayers = taxpayers_by_identifier(
        municipality, {i for ids, _mistyped in identified.values() for i in ids}
    )
    user = _user(actor)
    record = StatementImport.objects.create(
        municipality=municipality,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        format=statement_format,
        item_count=len(items),
        duplicate_count=len(items) - len(new),
        imported_by=user,
    )
    classified = [
        (key, item, *classify(item, own, others, identified[key], taxpayers)) for key, item in new
    ]
    # The payment carries the item's key: the ledger books a key once, whoever asks.
    payments = book_payments_in_bulk(
        municipality,
        [
            BulkPayment(
                taxpayer_id=taxpayer_id,
                tax_type=tax_type,
                amount=item.amount,
                paid_on=item.value_date,
                reference=_reference(item),
                idempotency_key=f"statement:{key}",
            )
            for key, item, tax_type, taxpayer_id, reason in classified
            if not reason
        ],
        actor=actor,
    )
    rows, payments = [], iter(payments)
    for key, item, tax_type, taxpayer_id, reason in classified:
        payment_id = None if reason else next(payments)
        rows.append(
            _row(municipality, record, key, item, tax_type, taxpayer_id, reason, payment_id)
        )
    insert_rows(StatementItem, rows)
    record.booked_count = sum(1 for row in rows if row["state"] == StatementItemState.BOOKED)
    record.queued_count = len(rows) - record.booked_count
    StatementImport.objects.for_municipality(municipality).filter(pk=record.pk).update(
        booked_count=record.booked_count, queued_count=record.queued_count
    )
    return record


def _reference(item):
    return (item.bank_reference or item.customer_reference or item.remark)[:120]


def _row(municipality, record, key, item, tax_type, taxpayer_id, reason, payment_id):
    """A statement item's row for ``bulk_rows.insert_rows``."""
    return {
        "municipality_id": municipality.pk,
        "statement_import_id": record.pk,
        "number": item.number,
        "key": key,
        "account": item.account[:40],
        "tax_type": tax_type,
        "credit": item.credit,
        "amount": item.amount,
        "booked_on": item.booked_on,
        "value_date": item.value_date,
        "bank_reference": item.bank_reference[:70],
        "remark": item.remark,
        "payer_name": item.payer_name[:200],
        "payer_account": item.payer_account[:40],
        "raw": item.as_raw(),
        "state": StatementItemState.BOOKED if payment_id else StatementItemState.WAITING,
        "reason": reason,
        "taxpayer_id": taxpayer_id,
        "payment_id": payment_id,
    }
