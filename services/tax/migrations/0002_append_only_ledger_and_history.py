"""The database itself keeps the tax office's records as the models do, whoever connects
(raw SQL, the shell, a bulk query):

* the taxpayer account (``tax_ledgerentry``) and the identities (``tax_taxpayer``,
  ``tax_property``) refuse UPDATE and DELETE: a correction is a reversing entry;
* the dated register rows refuse DELETE, and an UPDATE unless it only closes the row
  (sets its empty ``valid_to``) — history is added to, never rewritten.

On PostgreSQL as triggers in PL/pgSQL, on SQLite (``make run``) as triggers with
``RAISE(ABORT)``; the column lists of the SQLite ones come from the models at this state."""

from django.db import migrations

APPEND_ONLY = ("tax_ledgerentry", "tax_taxpayer", "tax_property")
DATED = (
    ("tax", "TaxpayerDetails"),
    ("tax", "Representation"),
    ("tax", "PropertyDetails"),
    ("tax", "Ownership"),
    ("tax", "TaxObject"),
)

PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION tax_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% on % is not allowed: the tax ledger is append-only (book a reversal)',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION tax_close_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.valid_to IS NOT NULL OR NEW.valid_to IS NULL
        OR (to_jsonb(NEW) - 'valid_to') <> (to_jsonb(OLD) - 'valid_to') THEN
        RAISE EXCEPTION '% on % is not allowed: register history is append-only '
            '(a dated row is only closed)', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def _dated_tables(apps):
    for app_label, name in DATED:
        model = apps.get_model(app_label, name)
        columns = [f.column for f in model._meta.concrete_fields if f.column != "valid_to"]
        yield model._meta.db_table, columns


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTIONS, params=None)
        for table in APPEND_ONLY:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION tax_refuse_change();"
            )
        for table, _columns in _dated_tables(apps):
            schema_editor.execute(
                f"CREATE TRIGGER {table}_close_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION tax_close_only();"
            )
    elif vendor == "sqlite":
        for statement in sqlite_statements(APPEND_ONLY, list(_dated_tables(apps))):
            schema_editor.execute(statement)


def sqlite_statements(append_only, dated):
    """The SQLite triggers: ``append_only`` table names, ``dated`` (table, other columns)."""
    statements = []
    for table in append_only:
        for operation in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{operation} on {table} is not allowed: the tax "
                f"ledger is append-only (book a reversal)'); END;"
            )
    for table, columns in dated:
        changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in columns)
        statements.append(
            f"CREATE TRIGGER {table}_close_only BEFORE UPDATE ON {table} "
            f"WHEN OLD.valid_to IS NOT NULL OR NEW.valid_to IS NULL OR {changed} "
            f"BEGIN SELECT RAISE(ABORT, 'UPDATE on {table} is not allowed: register "
            f"history is append-only (a dated row is only closed)'); END;"
        )
        statements.append(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'DELETE on {table} is not allowed: register "
            f"history is append-only'); END;"
        )
    return statements


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    tables = [*APPEND_ONLY, *(table for table, _ in _dated_tables(apps))]
    if vendor == "postgresql":
        for table in tables:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_close_only ON {table};")
        schema_editor.execute("DROP FUNCTION IF EXISTS tax_refuse_change();")
        schema_editor.execute("DROP FUNCTION IF EXISTS tax_close_only();")
    elif vendor == "sqlite":
        for table in tables:
            for suffix in ("no_update", "no_delete", "close_only"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix};")


class Migration(migrations.Migration):
    dependencies = [("tax", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
