"""Registering many outgoing documents of one case at once (an annual tax assessment gives
a case tens of thousands of decisions).

The rules are those of ``registration.register_document`` — each document its own
sub-number, in order and without a gap, and its own audit record — but the numbers are
taken ``count`` at a time: one ``UPDATE … SET last_sub_number = last_sub_number + n …
RETURNING`` on the case's row takes n consecutive sub-numbers (and the documents' and audit
records' primary keys), and the rows are then inserted in a few statements. As with one
document, the case's row stays locked from the numbers to the commit, so a rollback gives
every number back and a concurrent registration in the same case waits and then takes the
numbers after them. The documents take no files (the decisions' PDFs are rendered later)."""

from django.db import connection, transaction
from django.utils.translation import gettext as _

from .. import auditing
from ..models import AuditEvent, Case, Document
from .errors import DocumentsError
from .registration import (
    _NEXT_SUB_NUMBER,
    NewDocument,
    _document_row,
    _insert_together,
    _keys,
    _local_keys,
    _numbered,
    _sub_number_label,
)

# Rows per INSERT statement: well under PostgreSQL's 65,535 parameters per statement.
BATCH = 1000

_NEXT_SUB_NUMBERS = _NEXT_SUB_NUMBER.replace(
    "last_sub_number = last_sub_number + 1", "last_sub_number = last_sub_number + %s"
)


def _take_sub_numbers(case, count, counts):
    """The case's next ``count`` sub-numbers (first, last) and ``counts``' primary keys."""
    keys_sql, keys_params = _keys(counts)
    with connection.cursor() as cursor:
        cursor.execute(
            _NEXT_SUB_NUMBERS.format(case=Case._meta.db_table, keys=keys_sql),
            [count, case.pk, case.municipality_id, *keys_params],
        )
        row = cursor.fetchone()
    if row is None:
        raise Case.DoesNotExist(f"case {case.pk} of municipality {case.municipality_id}")
    last, *keys = row
    keys = _local_keys(counts, keys)
    case.last_sub_number = last
    return last - count + 1, keys


def register_documents(case, documents, *, user=None, actor=None):
    """Register ``documents`` (``NewDocument``s without files) under the case's next
    sub-numbers, in the order given, in one transaction. Returns the Documents, numbered
    and saved, in the same order — the same numbers, registry numbers and audit records
    as ``register_document`` called for each in turn."""
    documents = list(documents)
    if not documents:
        return []
    if any(new.files for new in documents):
        raise DocumentsError(_("Documents registered together cannot carry files."))
    rows = [_document_row(case, new, user) for new in documents]
    count = len(rows)
    with transaction.atomic():
        # From here to the commit the case's row is locked: only inserts follow.
        first, (document_keys, record_keys) = _take_sub_numbers(
            case, count, [(Document, count), (AuditEvent, count)]
        )
        records = []
        for offset, document in enumerate(rows):
            document.sub_number = first + offset
            document.registry_number = _sub_number_label(case, document.sub_number)
            records.append(
                _numbered(
                    document,
                    [],
                    (document_keys[offset], [], record_keys[offset]),
                    user=user,
                    actor=actor,
                )
            )
        for start in range(0, count, BATCH):
            _insert_together(rows[start : start + BATCH], records[start : start + BATCH])
        auditing.announce_all(records)
    return rows


__all__ = ["NewDocument", "register_documents"]
