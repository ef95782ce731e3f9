"""Registering: a case under its book's next main number, a document under its case's next
sub-number, with its files.

Numbers: a case takes the next main number from its registry book, a document the next
sub-number from its case. Both are taken with one ``UPDATE … SET n = n + 1 … RETURNING`` on
that one row inside the transaction that registers, so a rollback gives the number back
(no gap: a failure after the number was taken undoes the whole registration) and two
registrations never get the same number; registrations in other books (other
municipalities, other years) do not wait for each other.

The row stays locked from the number to the commit, so the number is the *last* step:
everything that does not need it — checking and writing the files, fingerprinting them,
computing the deadline, building the rows — happens before, and what needs it (the case,
the document, the file rows, the audit records) is written in as few inserts as possible
after. A file written for a registration that then fails is deleted again.

While the row is locked a registration makes two round trips before its commit: the
statement that takes the number also takes the primary keys of the rows it will write
from their sequences, and those rows, which refer to each other by those keys, are then
inserted together in one batch (``_insert_together``)."""

import contextlib
import dataclasses
import logging
from collections.abc import Sequence

import psycopg
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import auditing
from ..constants import AuditAction, ClientKind, Direction
from ..files import check_upload, sha256_of
from ..models import (
    AuditEvent,
    Case,
    Document,
    DocumentFile,
    RegistryBook,
    RegistrySettings,
    format_number,
)
from .deadline import _refresh_deadline
from .errors import DocumentsError

logger = logging.getLogger(__name__)

# -- numbers


def registry_prefix(municipality):
    settings_row = RegistrySettings.objects.for_municipality(municipality).first()
    return settings_row.prefix if settings_row else ""


# One statement takes the number and locks the book: the prefix comes from the settings in
# the same statement, so a registration makes no query of its own for it; the statement
# also returns the primary keys of the rows to be written ({keys}, see _keys).
_NEXT_MAIN_NUMBER = """
    UPDATE {book} SET last_main_number = last_main_number + 1
    WHERE municipality_id = %s AND year = %s
      AND prefix = COALESCE((SELECT prefix FROM {settings} WHERE municipality_id = %s), '')
    RETURNING id, prefix, last_main_number{keys}
"""

_NEXT_SUB_NUMBER = """
    UPDATE {case} SET last_sub_number = last_sub_number + 1
    WHERE id = %s AND municipality_id = %s
    RETURNING last_sub_number{keys}
"""

_sequences = {}


def _sequence(model):
    """The name of the sequence behind the model's primary key (read once per process)."""
    table = model._meta.db_table
    if table not in _sequences:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column])
            _sequences[table] = cursor.fetchone()[0]
    return _sequences[table]


def _keys(counts):
    """SQL and parameters of one array of new primary keys per (model, how many)."""
    if connection.vendor != "postgresql":
        # No sequences to read in the statement: the keys are taken after it (_local_keys).
        return "", []
    sql = ", " + ", ".join(
        "ARRAY(SELECT nextval(%s::regclass) FROM generate_series(1, %s))" for _ in counts
    )
    params = [value for model, count in counts for value in (_sequence(model), count)]
    return sql, params


def _local_keys(counts, keys):
    """The primary keys on SQLite (``make run``), which has no sequences to draw from: the
    next ones after the table's ``sqlite_sequence`` counter (Django's AUTOINCREMENT keys),
    moved on by as many. Safe because SQLite lets one transaction write at a time, and the
    number's UPDATE before this made this transaction the writer."""
    if connection.vendor == "postgresql":
        return keys
    taken = []
    with connection.cursor() as cursor:
        for model, count in counts:
            table = model._meta.db_table
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            cursor.execute(f'SELECT MAX("{model._meta.pk.column}") FROM "{table}"')
            last = max(row[0] if row else 0, cursor.fetchone()[0] or 0)
            if row:
                cursor.execute(
                    "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [last + count, table]
                )
            else:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last + count]
                )
            taken.append(list(range(last + 1, last + count + 1)))
    return taken


def _take_main_number(municipality_id, counts):
    """This year's book of the municipality (under its current prefix) with its next main
    number taken, and ``counts``' primary keys; the book's row stays locked until the
    registering transaction ends."""
    year = timezone.localdate().year
    keys_sql, keys_params = _keys(counts)
    sql = _NEXT_MAIN_NUMBER.format(
        book=RegistryBook._meta.db_table, settings=RegistrySettings._meta.db_table, keys=keys_sql
    )
    params = [municipality_id, year, municipality_id, *keys_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            # The year's first registration (or the first under a new prefix). Two may race:
            # the loser's insert does nothing and both take their number from the one row.
            prefix = registry_prefix(municipality_id)
            RegistryBook.objects.bulk_create(
                [RegistryBook(municipality_id=municipality_id, year=year, prefix=prefix)],
                ignore_conflicts=True,
            )
            cursor.execute(sql, params)
            row = cursor.fetchone()
    book_id, prefix, number, *keys = row
    keys = _local_keys(counts, keys)
    book = RegistryBook(
        pk=book_id,
        municipality_id=municipality_id,
        year=year,
        prefix=prefix,
        last_main_number=number,
    )
    return book, keys


def _take_sub_number(case, counts):
    """The case's next sub-number, and ``counts``' primary keys; the case's row stays
    locked until the registering transaction ends."""
    keys_sql, keys_params = _keys(counts)
    with connection.cursor() as cursor:
        cursor.execute(
            _NEXT_SUB_NUMBER.format(case=Case._meta.db_table, keys=keys_sql),
            [case.pk, case.municipality_id, *keys_params],
        )
        row = cursor.fetchone()
    if row is None:
        raise Case.DoesNotExist(f"case {case.pk} of municipality {case.municipality_id}")
    number, *keys = row
    keys = _local_keys(counts, keys)
    case.last_sub_number = number
    return number, keys


def _insert_together(*groups):
    """Insert lists of new rows (one model per list, primary keys already set) in one round
    trip: they are written while a number's row is locked, and a row that refers to
    another needs no RETURNING from it, since the keys were taken with the number.

    The SQL is Django's own (``InsertQuery``, what ``bulk_create`` compiles), so fields are
    prepared as on any save (``auto_now``, JSON, files); no signals are sent, and none are
    connected to these models. Several statements go in one string, which PostgreSQL
    accepts with client-side binding (Django's default with psycopg 3); with server-side
    binding each goes on its own."""
    # The connection itself, not django.db.connection: the compiler reads the connection's
    # attributes hundreds of times, and each read through the proxy looks it up again.
    database = transaction.get_connection()
    statements = []
    for rows in groups:
        if not rows:
            continue
        model = type(rows[0])
        query = InsertQuery(model)
        query.insert_values(model._meta.concrete_fields, rows)
        statements.extend(query.get_compiler(connection=database).as_sql())
    with database.cursor() as cursor:
        if isinstance(cursor.cursor, psycopg.ClientCursor):
            cursor.execute(
                "; ".join(sql for sql, _params in statements),
                [param for _sql, params in statements for param in params],
            )
        else:
            for sql, params in statements:
                cursor.execute(sql, params)
    for rows in groups:
        for row in rows:
            row._state.adding = False
            row._state.db = database.alias


def _sub_number_label(case, sub_number):
    # From the case's own printed number ("EGR/12/2026" → "EGR/12-3/2026", the shape of
    # models.format_number), so that the book need not be read for it.
    head, year = case.registry_number.rsplit("/", 1)
    return f"{head}-{sub_number}/{year}"


# -- files


def _checked(files, trusted):
    """Each file with its content type; refuses a file that is not what its name says
    before anything is written (the platform's own renderings are ``trusted``)."""
    checked = []
    for upload in files:
        if trusted:
            content_type = getattr(upload, "content_type", "") or ""
        else:
            try:
                content_type = check_upload(upload)
            except ValidationError as error:
                raise DocumentsError(f"{upload.name}: {' '.join(error.messages)}") from error
        checked.append((upload, content_type))
    return checked


def _delete_files(rows):
    for row in rows:
        try:
            row.file.storage.delete(row.file.name)
        except Exception:  # the registration's own error is the one to report
            logger.exception("Could not delete %s of a failed registration", row.file.name)


@contextlib.contextmanager
def _stored_files(municipality_id, checked):
    """Write and fingerprint the files before the number is taken, so that the book's row
    is not locked while they are written; yields their unsaved rows. If the block fails
    (the registration rolls back), the written files are deleted: no orphan in storage.

    A file's storage name is random (``models.document_upload_to``), never derived from
    the number, which is why it can be written first."""
    rows = []
    try:
        for upload, content_type in checked:
            row = DocumentFile(
                municipality_id=municipality_id,
                original_name=str(upload.name)[-255:],
                content_type=content_type[:100],
                size=upload.size,
                sha256=sha256_of(upload),
            )
            row.file.save(str(upload.name), upload, save=False)
            rows.append(row)
        yield rows
    except BaseException:
        _delete_files(rows)
        raise


# -- registering


@dataclasses.dataclass
class NewDocument:
    """A case's first document, registered with it (``register_case``)."""

    subject: str
    direction: str = Direction.INCOMING
    text: str = ""
    correspondent: str = ""
    # Uploaded files, checked by content unless ``trusted_files`` (the platform's own
    # renderings, e.g. a submitted form's PDF).
    files: Sequence = ()
    is_decision: bool = False
    trusted_files: bool = False


def _document_row(case, new, user):
    return Document(
        municipality_id=case.municipality_id,
        case=case,
        direction=new.direction,
        subject=new.subject[:255],
        text=new.text,
        correspondent=new.correspondent[:255],
        is_decision=new.is_decision,
        registered_by=user if getattr(user, "is_authenticated", False) else None,
    )


def _numbered(document, file_rows, keys, *, user, actor):
    """Give a document and its file rows their keys, and build its audit record (with its
    key); returns the record."""
    document_key, file_keys, record_key = keys
    document.pk = document_key
    for row, key in zip(file_rows, file_keys, strict=True):
        row.pk = key
        row.document = document
    record = auditing.entry(
        AuditAction.REGISTER_DOCUMENT,
        municipality_id=document.municipality_id,
        user=user,
        actor=actor,
        document=document,
        detail=f"{document.get_direction_display()}: {document.subject}",
    )
    record.pk = record_key
    return record


def register_case(
    municipality,
    *,
    case_type,
    subject,
    client_name,
    document=None,
    client_kind=ClientKind.PERSON,
    client_email="",
    client_address="",
    client_user=None,
    received_at=None,
    handling_group="",
    fee=0,
    fee_paid=0,
    fee_paid_at=None,
    submission_sections=None,
    initiated_by_request=True,
    restricted=False,
    source_id=None,
    source_reference="",
    user=None,
    actor=None,
):
    """Register a new case under the next main number of this year's book and, if
    ``document`` (a NewDocument) is given, its first document (sub-number 1) with its
    files, in one transaction. Returns ``(case, document or None)``."""
    if case_type.municipality_id != municipality.pk:
        raise DocumentsError(_("This case type belongs to another municipality."))
    checked = _checked(document.files, document.trusted_files) if document else []
    case = Case(
        municipality=municipality,
        last_sub_number=1 if document else 0,
        subject=subject[:255],
        case_type=case_type,
        client_kind=client_kind,
        client_name=client_name[:255],
        client_email=client_email[:254],
        client_address=client_address[:255],
        client_user=client_user,
        # The handing service's record (an application's form submission), if any.
        submission_id=source_id,
        submission_reference=source_reference[:12],
        submission_sections=submission_sections or [],
        handling_group=(handling_group or case_type.handling_group)[:255],
        restricted=restricted,
        received_at=received_at or timezone.now(),
        initiated_by_request=initiated_by_request,
        fee=fee,
        fee_paid=fee_paid,
        fee_paid_at=fee_paid_at,
        procedure_rule=case_type.procedure_rule,
        deadline_days=case_type.deadline_days,
    )
    _refresh_deadline(case)
    first = _document_row(case, document, user) if document else None
    with _stored_files(municipality.pk, checked) as file_rows, transaction.atomic():
        # From here to the commit this year's book is locked: one insert batch follows.
        counts = [(Case, 1), (AuditEvent, 2 if first else 1)]
        if first is not None:
            counts += [(Document, 1), (DocumentFile, len(file_rows))]
        book, keys = _take_main_number(municipality.pk, counts)
        case_keys, record_keys, *document_keys = keys
        case.pk = case_keys[0]
        case.book = book
        case.main_number = book.last_main_number
        case.registry_number = format_number(book.prefix, book.last_main_number, book.year)
        record = auditing.entry(
            AuditAction.CREATE_CASE,
            municipality_id=municipality.pk,
            user=user,
            actor=actor,
            case=case,
            detail=case.subject,
        )
        record.pk = record_keys[0]
        records = [record]
        if first is not None:
            first.case = case
            first.sub_number = 1
            first.registry_number = _sub_number_label(case, 1)
            document_key, file_keys = document_keys[0][0], document_keys[1]
            records.append(
                _numbered(
                    first,
                    file_rows,
                    (document_key, file_keys, record_keys[1]),
                    user=user,
                    actor=actor,
                )
            )
        _insert_together([case], [first] if first else [], file_rows, records)
        auditing.announce_all(records)
    return case, first


def open_case(municipality, **fields):
    """Register a new case (without a document) under the next main number of this year's
    book; see ``register_case`` for the fields."""
    case, _document = register_case(municipality, **fields)
    return case


def register_document(
    case,
    *,
    direction,
    subject,
    text="",
    correspondent="",
    files=(),
    corrects=None,
    is_decision=False,
    user=None,
    actor=None,
    trusted_files=False,
):
    """Register a document under the case's next sub-number, with its files.

    ``files`` are uploaded files (checked by content unless ``trusted_files``: the
    platform's own renderings). Returns the Document."""
    checked = _checked(files, trusted_files)
    if corrects is not None and corrects.case_id != case.pk:
        raise DocumentsError(
            _("A correction belongs to the same case as the document it corrects.")
        )
    new = NewDocument(
        subject=subject,
        direction=direction,
        text=text,
        correspondent=correspondent,
        is_decision=is_decision,
    )
    document = _document_row(case, new, user)
    document.corrects = corrects
    with _stored_files(case.municipality_id, checked) as file_rows, transaction.atomic():
        # From here to the commit the case's row is locked: one insert batch follows.
        counts = [(Document, 1), (DocumentFile, len(file_rows)), (AuditEvent, 1)]
        document.sub_number, keys = _take_sub_number(case, counts)
        document.registry_number = _sub_number_label(case, document.sub_number)
        document_keys, file_keys, record_keys = keys
        record = _numbered(
            document,
            file_rows,
            (document_keys[0], file_keys, record_keys[0]),
            user=user,
            actor=actor,
        )
        _insert_together([document], file_rows, [record])
        auditing.announce_all([record])
    return document


def documents_of(case):
    return Document.objects.for_municipality(case.municipality_id).filter(case=case)


def files_of(documents):
    by_document = {}
    ids = [d.pk for d in documents]
    if not ids:
        return by_document
    rows = DocumentFile.objects.for_municipality(documents[0].municipality_id).filter(
        document_id__in=ids
    )
    for row in rows:
        by_document.setdefault(row.document_id, []).append(row)
    return by_document
