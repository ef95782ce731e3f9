"""Rows copied in and out of the test database with PostgreSQL's COPY, one statement a table.

Two things in the suite cost far more than the tests that need them:

- **Provisioning the usual municipalities.** Alsóvár and Felsővár, with their page trees,
  role groups, permissions, workflows and search entries, are about 200 queries each, and
  most database tests ask for them. ``built_once`` provisions one for real the first time a
  test process needs it and records what that changed in the database; a later test gets
  the same rows copied into its own transaction instead (a few dozen statements). The test
  still rolls its transaction back, so whatever it changes stays its own.
- **Emptying the database after a test in real transactions** (live server, concurrency).
  Django truncates every table, which PostgreSQL does file by file; ``empty_tables_sql``
  deletes the rows of the tables that have any, and ``TableCopy`` puts back what the migrations
  made by copying it rather than by deserialising it row by row.
"""

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db import DatabaseError, connection, transaction


@cache
def table_columns():
    """Every table of the installed models -> its columns, the primary key's first."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in tables:
            continue
        pk = meta.pk.column
        tables[meta.db_table] = [
            pk,
            *(f.column for f in meta.local_concrete_fields if f.column != pk),
        ]
    return tables


def _quoted(names):
    return ", ".join(connection.ops.quote_name(name) for name in names)


def _copy_out(cursor, table, columns, pks=None):
    """The table's rows (or only those with these primary keys) in COPY's text format:
    primary key (as text) -> the row's line."""
    source = connection.ops.quote_name(table)
    if pks is None:
        statement, params = f"COPY {source} ({_quoted(columns)}) TO STDOUT", None
    else:
        statement = (
            f"COPY (SELECT {_quoted(columns)} FROM {source} "
            f"WHERE {connection.ops.quote_name(columns[0])}::text = ANY(%s)) TO STDOUT"
        )
        params = [list(pks)]
    with cursor.copy(statement, params) as copy:
        data = b"".join(bytes(block) for block in copy)
    # COPY's text format escapes newlines and tabs inside values: one line is one row,
    # and the first field is the primary key.
    return {line.split(b"\t", 1)[0].decode(): line for line in data.splitlines()}


def _copy_in(cursor, table, columns, lines):
    statement = f"COPY {connection.ops.quote_name(table)} ({_quoted(columns)}) FROM STDIN"
    with cursor.copy(statement) as copy:
        copy.write(b"\n".join(lines) + b"\n")


def read_tables():
    """Every row of every table, as COPY lines: table -> {primary key: line}."""
    with connection.cursor() as cursor:
        return {
            table: _copy_out(cursor, table, columns) for table, columns in table_columns().items()
        }


# -- emptying and refilling the whole database (tests in real transactions)

# One round trip: the tables with rows are emptied with DELETE (a TRUNCATE of all of them
# costs PostgreSQL files on disk per table, seconds for a few hundred). The registry's
# append-only tables refuse DELETE through a trigger (documents 0002): those are truncated,
# first, before any DELETE has left a foreign key check pending on a table they take along.
# Django's foreign keys are deferred, so the order of the DELETEs does not matter.
_EMPTY_TABLES = """
DO $empty$
DECLARE
    name text;
    has_rows boolean;
BEGIN
    FOREACH name IN ARRAY %s LOOP
        EXECUTE format('SELECT EXISTS (SELECT FROM %%I)', name) INTO has_rows;
        IF has_rows AND EXISTS (
            SELECT FROM pg_trigger WHERE tgrelid = name::regclass AND NOT tgisinternal
        ) THEN
            EXECUTE format('TRUNCATE %%I CASCADE', name);
        END IF;
    END LOOP;
    FOREACH name IN ARRAY %s LOOP
        EXECUTE format('DELETE FROM %%I', name);
    END LOOP;
END
$empty$;
"""


def empty_tables_sql(tables):
    """The statement that empties these tables, for Django's flush (tests/conftest.py)."""
    literals = ", ".join("'" + table.replace("'", "''") + "'" for table in tables)
    names = f"ARRAY[{literals}]::text[]"
    return _EMPTY_TABLES % (names, names)


@dataclass
class TableCopy:
    """Every row of the database at one moment, to be put back later."""

    rows: dict = field(default_factory=read_tables)

    def restore(self):
        """Empty every table and copy the rows back; sequences go on counting, so the rows
        keep their ids and new rows get fresh ones."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(empty_tables_sql(list(table_columns())))
            for table, rows in self.rows.items():
                if rows:
                    _copy_in(cursor, table, table_columns()[table], rows.values())


# -- a fixture's rows, built once per test process


class Unusable(Exception):
    """The database is not in the state the recording started from."""


@dataclass
class Recording:
    """What one build changed in the database: the rows it added or changed (as they were
    after it) and the rows it changed or deleted (as they were before it)."""

    pk: object = None
    written: dict = field(default_factory=dict)  # table -> [line, ...]
    replaced: dict = field(default_factory=dict)  # table -> {pk: line before}

    @classmethod
    def of(cls, before, after, pk):
        recording = cls(pk=pk)
        for table, rows in after.items():
            old = before[table]
            written = [line for key, line in rows.items() if old.get(key) != line]
            replaced = {key: line for key, line in old.items() if rows.get(key) != line}
            if written:
                recording.written[table] = written
            if replaced:
                recording.replaced[table] = replaced
        return recording

    def replay(self):
        """Write the recorded rows into the current transaction, in a savepoint that is
        rolled back (raising Unusable) unless they are exactly what the build would write:
        the rows it changed must read as they did before it, and the copied rows must take
        no key or unique value already taken and find every row their foreign keys name."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for table, expected in self.replaced.items():
                    columns = table_columns()[table]
                    if _copy_out(cursor, table, columns, expected.keys()) != expected:
                        raise Unusable(table)
                    cursor.execute(
                        f"DELETE FROM {connection.ops.quote_name(table)} "
                        f"WHERE {connection.ops.quote_name(columns[0])}::text = ANY(%s)",
                        [list(expected)],
                    )
                for table, lines in self.written.items():
                    _copy_in(cursor, table, table_columns()[table], lines)
                # Check the deferred foreign keys now, then defer them again (every deferrable
                # constraint of the schema is INITIALLY DEFERRED: this restores the default).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        except DatabaseError as error:
            raise Unusable(str(error)) from error


_recordings = {}


def built_once(key, build, load):
    """``build()``'s object: built and recorded the first time, its rows copied in after.

    ``key`` names the build and everything it depends on besides the database (settings,
    registries, the fixtures built before it in the same test); ``build()`` returns a saved
    model instance; ``load(pk)`` reads it back from the copied rows. Where a recording does
    not fit the database, ``build()`` runs for real and is recorded afresh."""
    recording = _recordings.get(key)
    if recording is not None:
        try:
            recording.replay()
        except Unusable:
            pass
        else:
            return load(recording.pk)
    before = read_tables()
    built = build()
    _recordings[key] = Recording.of(before, read_tables(), built.pk)
    return built
