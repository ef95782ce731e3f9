"""On PostgreSQL, registered documents, their files and the audit trail reject UPDATE and
DELETE in the database itself, whoever connects: the models refuse too, but a trigger also
stops raw SQL, the shell and bulk queries. Other databases (SQLite for ``make run``) rely
on the models alone."""

from django.db import migrations

TABLES = ("documents_document", "documents_documentfile", "documents_auditevent")

FUNCTION = """
CREATE OR REPLACE FUNCTION documents_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% on % is not allowed: registered records and the audit trail are '
        'append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION documents_refuse_change();"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS documents_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
