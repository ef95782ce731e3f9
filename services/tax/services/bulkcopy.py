"""Writing many new rows of one model fast: PostgreSQL's ``COPY … FROM STDIN`` (psycopg 3
``cursor.copy``), or ``bulk_create`` elsewhere (SQLite, which ``make run`` uses).

COPY is an INSERT for the database — constraints, triggers and the transaction apply as
to any insert, and a conflicting row fails the whole statement as ``bulk_create`` without
``ignore_conflicts`` does — but it skips building and parsing an INSERT statement with
its parameters for every row. The rows' values are what ``bulk_create`` would write: the
model's fields as set (defaults included, applied when the instance was built), JSON
dumped with the field's encoder. The primary keys are not read back: callers that need
them use ``bulk_create``."""

import json

from django.db import models, transaction


def _converter(field):
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def dump(row):
            value = getattr(row, field.attname)
            return None if value is None else json.dumps(value, cls=encoder)

        return dump
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda row: field.pre_save(row, add=True)
    attname = field.attname
    return lambda row: getattr(row, attname)


def copy_rows(model, rows, *, batch_size=2000):
    """Insert ``rows`` (unsaved instances of ``model``); returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    database = transaction.get_connection()
    if database.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=batch_size)
        return len(rows)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    converters = [_converter(f) for f in fields]
    columns = ", ".join(database.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {database.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with database.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([convert(row) for convert in converters])
    return len(rows)
