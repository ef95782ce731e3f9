"""Writing many rows at once: PostgreSQL ``COPY`` where it runs, the ORM's ``bulk_create``
elsewhere (SQLite, ``make run``).

Runs over a whole municipality (the assessment, the interest run, a bank statement of
50,000 transfers) write rows by the hundred thousand. ``bulk_create`` spends most of that
time in Python building one huge parameterised INSERT; ``COPY ... FROM STDIN`` streams the
rows, so the same rows go in several times faster. Both paths write exactly the same
values: every column is filled here (the model's defaults computed once per call), none is
left to the database — ``tests/services/tax/test_bulk_rows.py`` compares them.

The database's own rules still hold either way: COPY fires the same constraints and
triggers as INSERT (the ledger stays append-only), and foreign keys are checked at commit.

Rows that refer to each other (an allocation to the payment it uses, a credit to its
transfer) need their ids before they are written: ``IdPool`` reserves them in blocks from
the table's sequence (on SQLite, above the largest id in use: one writer at a time there)."""

import json
import uuid
from operator import itemgetter

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Lookup
from django.db.models.lookups import In

# Ids are reserved this many at a time: one query per block, however many rows.
ID_BLOCK = 5000


class _AnyOf(Lookup):
    """``column = ANY(%s::type[])``: the values as one array parameter. An IN list of
    5,000 parameters costs Django and psycopg more Python time than the query takes to
    run. The array is cast to the column's type: left to psycopg, a list of ints may be
    sent as another type, and then the index is not used (every row compared with every
    value)."""

    lookup_name = "tax_any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        db_type = self.lhs.output_field.cast_db_type(connection)
        return f"{lhs} = ANY(%s::{db_type}[])", [*params, list(self.rhs)]


def among(field, values):
    """A filter: ``field`` is one of ``values`` (``queryset.filter(among("key", keys))``),
    one array parameter on PostgreSQL, IN elsewhere."""
    if connection.vendor == "postgresql":
        return _AnyOf(F(field), list(values))
    return In(F(field), list(values))


def uses_copy():
    """Whether rows go in by COPY: on PostgreSQL, unless settings.TAX_BULK_COPY is False
    (the tests write the same rows both ways and compare them)."""
    return connection.vendor == "postgresql" and getattr(settings, "TAX_BULK_COPY", True)


class IdPool:
    """Primary keys for rows of ``model`` that are planned before they are written."""

    def __init__(self, model, block=ID_BLOCK):
        self.model, self.block, self.free = model, block, []
        self.last = None  # on SQLite: the last id handed out

    def take(self):
        if not self.free:
            self.free = self._reserve(self.block)[::-1]
        return self.free.pop()

    def _reserve(self, count):
        table = self.model._meta.db_table
        column = self.model._meta.pk.column
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, column, count],
                )
                return [row[0] for row in cursor.fetchall()]
            if self.last is None:
                cursor.execute(
                    f"SELECT MAX({connection.ops.quote_name(column)}) FROM "
                    f"{connection.ops.quote_name(table)}"
                )
                self.last = cursor.fetchone()[0] or 0
        first = self.last + 1
        self.last += count
        return list(range(first, first + count))


def _columns(model, rows):
    """(fields, defaults): the model's concrete fields to write — the primary key only if
    the rows bring it — and each field's default, computed once."""
    pk = model._meta.pk
    with_pk = bool(rows) and pk.attname in rows[0]
    fields = [f for f in model._meta.concrete_fields if with_pk or f is not pk]
    defaults = {f.attname: f.get_default() for f in fields if f is not pk}
    return fields, defaults


def insert_rows(model, rows, *, ignore_conflicts=False, batch_size=2000):
    """Insert ``rows`` (dicts of field attnames; a missing field takes its default) into
    ``model``'s table, in order. With ``ignore_conflicts`` a row that breaks a unique
    constraint is skipped, as ``bulk_create(ignore_conflicts=True)`` does; otherwise it
    raises IntegrityError and nothing is written."""
    rows = list(rows)
    if not rows:
        return
    fields, defaults = _columns(model, rows)
    names = [f.attname for f in fields]
    if uses_copy():
        _copy(model, fields, names, defaults, rows, ignore_conflicts)
        return
    model.objects.bulk_create(
        [model(**{name: row.get(name, defaults.get(name)) for name in names}) for row in rows],
        batch_size=batch_size,
        ignore_conflicts=ignore_conflicts,
    )


def _copy(model, fields, names, defaults, rows, ignore_conflicts):
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    as_json = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}
    with connection.cursor() as cursor, connection.wrap_database_errors:
        target = table
        if ignore_conflicts:
            # COPY has no ON CONFLICT: the rows go to a scratch table first and from there
            # into the table with INSERT ... ON CONFLICT DO NOTHING, in their order.
            target = quote(f"tax_copy_{uuid.uuid4().hex}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {target} ON COMMIT DROP AS "
                f"SELECT {columns} FROM {table} WITH NO DATA"
            )
            cursor.execute(f"ALTER TABLE {target} ADD COLUMN copy_order bigserial")
        # One C-level lookup of every column per row (the defaults merged under the row's
        # values): a Python loop over the columns was most of the writer's time.
        values_of = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
        base = {name: defaults.get(name) for name in names}
        with cursor.cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = values_of({**base, **row})
                if as_json:
                    values = list(values)
                    for i in as_json:
                        values[i] = json.dumps(values[i], cls=fields[i].encoder)
                copy.write_row(values)
        if ignore_conflicts:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target} "
                f"ORDER BY copy_order ON CONFLICT DO NOTHING"
            )
            cursor.execute(f"DROP TABLE {target}")
