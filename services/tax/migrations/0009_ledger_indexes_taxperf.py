"""The ledger without the single-column indexes it does not need (see models.ledger):
the ones on municipality and taxpayer repeat the first columns of
``tax_entry_account_date``; the ones on the links and the recording user become partial
(NULLs left out).

The old indexes are dropped by name from what the database reports, not by altering the
fields: on SQLite an altered field rebuilds the table, which would drop the append-only
triggers of migration 0002 with it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FIELDS = ("municipality_id", "taxpayer_id", "target_id", "source_id", "recorded_by_id")


def drop_single_column_indexes(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "tax_ledgerentry")
    for name, info in constraints.items():
        if (
            info["index"]
            and not info["unique"]
            and not info["primary_key"]
            and info["columns"] in [[field] for field in FIELDS]
        ):
            schema_editor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")


def recreate_single_column_indexes(apps, schema_editor):
    for field in FIELDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS tax_ledgerentry_{field}_single "
            f"ON tax_ledgerentry ({field})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("municipal", "0013_tax_officer_role"),
        ("tax", "0008_portal_link"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ledgerentry",
                    name="municipality",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="municipal.municipality",
                        verbose_name="municipality",
                    ),
                ),
                migrations.AlterField(
                    model_name="ledgerentry",
                    name="recorded_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
                migrations.AlterField(
                    model_name="ledgerentry",
                    name="source",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tax.ledgerentry",
                        verbose_name="from",
                    ),
                ),
                migrations.AlterField(
                    model_name="ledgerentry",
                    name="target",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tax.ledgerentry",
                        verbose_name="applies to",
                    ),
                ),
                migrations.AlterField(
                    model_name="ledgerentry",
                    name="taxpayer",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tax.taxpayer",
                        verbose_name="taxpayer",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_single_column_indexes, recreate_single_column_indexes)
            ],
        ),
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(
                condition=models.Q(("target__isnull", False)),
                fields=["target"],
                name="tax_entry_target",
            ),
        ),
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(
                condition=models.Q(("source__isnull", False)),
                fields=["source"],
                name="tax_entry_source",
            ),
        ),
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(
                condition=models.Q(("recorded_by__isnull", False)),
                fields=["recorded_by"],
                name="tax_entry_recorded_by",
            ),
        ),
    ]
