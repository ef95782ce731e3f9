"""Writing many new rows of one model fast: PostgreSQL's ``COPY … FROM STDIN`` (psycopg 3
``cursor.copy``), or ``bulk_create`` elsewhere (SQLite, which ``make run`` uses).

COPY is an INSERT for the database — constraints, triggers and the transaction apply as
to any insert, and a conflicting row fails the whole statement as ``bulk_create`` without
``ignore_conflicts`` does — but it skips building and parsing an INSERT statement with
its parameters for every row. The rows' values are what ``bulk_create`` would write: the
named fields as given, every other field its default, JSON dumped with the field's
encoder; no model instance is built per row. The primary keys are not read back: callers
that need them use ``bulk_create``."""

import json

from django.db import models, transaction


def copy_values(model, fields, rows, *, batch_size=2000):
    """Insert rows given as value tuples in the order of ``fields`` (field names; every
    other field takes its default), without building an instance per row on PostgreSQL;
    elsewhere through ``bulk_create``. Returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    database = transaction.get_connection()
    if database.vendor != "postgresql":
        model.objects.bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=batch_size
        )
        return len(rows)
    meta = model._meta
    named = [meta.get_field(name) for name in fields]
    json_columns = [i for i, f in enumerate(named) if isinstance(f, models.JSONField)]
    # The other fields' defaults, as an instance would take them (e.g. created_at: now).
    others = [f for f in meta.concrete_fields if not f.primary_key and f not in named]
    defaults = [f.get_default() for f in others]
    columns = ", ".join(database.ops.quote_name(f.column) for f in [*named, *others])
    sql = f"COPY {database.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
    with database.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            values = list(row)
            for i in json_columns:
                if values[i] is not None:
                    values[i] = json.dumps(values[i], cls=named[i].encoder)
            copy.write_row(values + defaults)
    return len(rows)
