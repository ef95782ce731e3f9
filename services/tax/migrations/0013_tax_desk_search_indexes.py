from django.db import migrations

# PostgreSQL only (SQLite's make run has no pg_trgm and small towns). The desk's and the
# API's taxpayer search (services.tax.services.desk.search_taxpayers) matches names and
# addresses with icontains (UPPER(col) LIKE '%WORD%') and parcel numbers with iexact
# (UPPER(col) = 'X'): without these every search read every taxpayer's and every
# property's current details (about 400 ms at 200,000 taxpayers, benchmarks/api_lists.py).
# Trigram GIN indexes serve LIKE '%…%' on the same UPPER() expression Django writes.
INDEXES = {
    "tax_details_family_trgm": (
        "tax_taxpayerdetails USING gin (UPPER(family_name::text) gin_trgm_ops)"
    ),
    "tax_details_given_trgm": (
        "tax_taxpayerdetails USING gin (UPPER(given_names::text) gin_trgm_ops)"
    ),
    "tax_details_address_trgm": (
        "tax_taxpayerdetails USING gin (UPPER(address_line::text) gin_trgm_ops)"
    ),
    "tax_details_settlement_trgm": (
        "tax_taxpayerdetails USING gin (UPPER(settlement::text) gin_trgm_ops)"
    ),
    "tax_propdetails_address_trgm": (
        "tax_propertydetails USING gin (UPPER(address::text) gin_trgm_ops)"
    ),
    # The parcel's subquery filters the holding's municipality, not the property's.
    "tax_property_parcel_upper": "tax_property USING btree (UPPER(parcel_number::text))",
    # Beside the trigram indexes of the address, so that the OR is one bitmap.
    "tax_details_postal_code": "tax_taxpayerdetails USING btree (postal_code)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, target in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {target}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction; the tables stay writable.
    atomic = False

    dependencies = [("tax", "0012_tax_declarations")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
