from django.db import migrations

# PostgreSQL only, as search.0002. The portal's suggestions match the beginnings of the
# title's words in the autocomplete vector a kind at a time (search.ranked, prefix=True):
# Wagtail's GIN index on the vector alone makes every kind read every type's matches.
NAME = "search_indexentry_type_autocomplete_gin"
SQL = (
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} "
    "ON wagtailsearch_indexentry USING gin (content_type_id, autocomplete)"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [("site_search", "0002_search_performance")]

    operations = [migrations.RunPython(create_index, drop_index)]
