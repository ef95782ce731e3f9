#!/usr/bin/env python
"""A synthetic city for the local tax office (services.tax): how long one taxpayer's
balance and statement take with five years of history, and whether the number of queries
per taxpayer stays the same as the city grows.

Run from the project root (needs the local PostgreSQL):

    .venv/bin/python benchmarks/tax_city.py                      # 10,000 then 200,000
    .venv/bin/python benchmarks/tax_city.py --sizes 2000 20000   # a quicker check

What it does:

1. points ``DATABASE_URL`` at ``BENCH_DATABASE_URL`` (default
   postgres://postgres@127.0.0.1:5432/varoshaza_bench; a name without ``bench`` is
   refused) with ``portal.settings.test`` and runs ``migrate`` (nothing to do when the
   database is already migrated: the city is a new municipality each run, so earlier
   runs' cities stay and do no harm — the ledger refuses deletion anyway);
2. for each size N, generates a city of its own: N taxpayers (one in twenty an
   organisation; valid adóazonosító jel and adószám), 1.3 × N tax objects on their
   properties (helyrajzi szám, address, area; a quarter of the homes co-owned half and
   half) and, for a sample of taxpayers (``--history``), five years of ledger history
   (two halves charged each year per tax type, paid on time or late, the allocations, and
   late interest). Rows go in with PostgreSQL's COPY (``bulk_create`` in batches on
   another database), with explicit ids so that the ledger's links are known up front;
3. measures, for ``--measure`` random taxpayers of the sample: ``balances(taxpayer)`` and
   ``statement(taxpayer, building tax)`` through the façade, timed together and with the
   queries counted; prints median and p95 in milliseconds and the queries per taxpayer,
   and the same for the next size, so the two can be compared.

``generate_city`` is importable (tests/benchmarks/test_tax_city.py runs it at a tiny size
so that it does not rot)."""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/varoshaza_bench"
YEARS = 5


def _tax_id(serial):
    """A valid adóazonosító jel for a serial (the check digit: positions 1–9, mod 11)."""
    while True:
        first_nine = f"8{serial:08d}"
        remainder = sum(int(d) * i for i, d in enumerate(first_nine, start=1)) % 11
        if remainder != 10:
            return first_nine + str(remainder), serial
        serial += 1


def _tax_number(serial):
    first_seven = f"{1_000_000 + serial:07d}"
    total = sum(int(d) * w for d, w in zip(first_seven, (9, 7, 3, 1, 9, 7, 3), strict=True))
    return f"{first_seven}{(10 - total % 10) % 10}-2-10"


class _Ids:
    """Explicit primary keys: the next free id of each table, handed out in order."""

    def __init__(self, connection, models):
        self.next = {}
        with connection.cursor() as cursor:
            for model in models:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                self.next[model] = cursor.fetchone()[0] + 1

    def take(self, model):
        value = self.next[model]
        self.next[model] += 1
        return value


def _columns(model):
    return [field for field in model._meta.local_concrete_fields]


def _insert(connection, model, rows):
    """Rows (dicts by attname, with their id) into the model's table: COPY on PostgreSQL,
    bulk_create elsewhere; the id sequence is moved past them."""
    if not rows:
        return
    fields = _columns(model)
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(tuple(row.get(field.attname) for field in fields))
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
            f"(SELECT MAX(id) FROM {table}))"
        )


def generate_city(municipality, taxpayers, *, history=2000, seed=1, today=None):
    """A synthetic city in ``municipality``: ``taxpayers`` taxpayers, 1.3 tax objects
    each, and five years of ledger history for ``history`` of them. Returns the ids of the
    taxpayers with history, and the rows written per table."""
    from django.db import connection, transaction
    from django.utils import timezone

    from services.tax import services as tax
    from services.tax.constants import (
        BALANCE_SIGN,
        ChargeOrigin,
        DeliveryChannel,
        EntryKind,
        PropertyKind,
        RightKind,
        TaxObjectKind,
        TaxpayerKind,
        TaxType,
        UseCategory,
    )
    from services.tax.models import (
        LedgerEntry,
        Ownership,
        Property,
        PropertyDetails,
        TaxObject,
        Taxpayer,
        TaxpayerDetails,
    )

    rng = random.Random(seed)
    today = today or datetime.date.today()
    now = timezone.now()
    m = municipality.pk
    models = (
        Taxpayer,
        TaxpayerDetails,
        Property,
        PropertyDetails,
        Ownership,
        TaxObject,
        LedgerEntry,
    )
    written = {}
    streets = ("Kossuth Lajos utca", "Petőfi Sándor utca", "Ady Endre utca", "Fő utca")
    since = datetime.date(2010, 1, 1)
    with transaction.atomic():
        ids = _Ids(connection, models)
        payers, details = [], []
        serial = 0
        for index in range(taxpayers):
            pk = ids.take(Taxpayer)
            if index % 20 == 19:
                row = {"kind": TaxpayerKind.ORGANISATION, "tax_id": "", "tax_number": ""}
                row["tax_number"] = _tax_number(index)
                family, given = f"Szintetikus {index} Kft.", ""
            else:
                tax_id, serial = _tax_id(serial + 1)
                row = {"kind": TaxpayerKind.PERSON, "tax_id": tax_id, "tax_number": ""}
                family, given = f"Adózó{index}", "Anna"
            payers.append({"id": pk, "municipality_id": m, "created_at": now, **row})
            details.append(
                {
                    "id": ids.take(TaxpayerDetails),
                    "municipality_id": m,
                    "taxpayer_id": pk,
                    "family_name": family,
                    "given_names": given,
                    "postal_code": "3300",
                    "settlement": municipality.name,
                    "address_line": f"{rng.choice(streets)} {index % 200 + 1}.",
                    "delivery_channel": DeliveryChannel.POST,
                    "valid_from": since,
                    "valid_to": None,
                    "recorded_at": now,
                    "recorded_by_id": None,
                }
            )
        _insert(connection, Taxpayer, payers)
        _insert(connection, TaxpayerDetails, details)
        written["taxpayers"] = len(payers)

        # 1.3 objects a taxpayer: everyone's home, and a plot for three in ten.
        properties, property_details, shares, objects = [], [], [], []
        payer_ids = [row["id"] for row in payers]
        for index, holder in enumerate(payer_ids):
            plots = 1 if index % 10 < 3 else 0
            for number in range(1 + plots):
                pk = ids.take(Property)
                plot = number == 1
                properties.append(
                    {
                        "id": pk,
                        "municipality_id": m,
                        "parcel_number": f"{index + 1}/{number + 1}",
                        "created_at": now,
                    }
                )
                property_details.append(
                    {
                        "id": ids.take(PropertyDetails),
                        "municipality_id": m,
                        "property_id": pk,
                        "address": f"3300 {municipality.name}, Fő utca {index + 1}.",
                        "area_m2": Decimal(rng.randrange(400, 1500) if plot else 80),
                        "kind": PropertyKind.PLOT if plot else PropertyKind.BUILDING,
                        "use_category": UseCategory.OTHER if plot else UseCategory.DWELLING,
                        "zone": "",
                        "valid_from": since,
                        "valid_to": None,
                        "recorded_at": now,
                        "recorded_by_id": None,
                    }
                )
                owners = [(holder, 1, 1)]
                if not plot and index % 4 == 0 and index + 1 < len(payer_ids):
                    owners = [(holder, 1, 2), (payer_ids[index + 1], 1, 2)]
                for owner, numerator, denominator in owners:
                    shares.append(
                        {
                            "id": ids.take(Ownership),
                            "municipality_id": m,
                            "property_id": pk,
                            "holder_id": owner,
                            "share_numerator": numerator,
                            "share_denominator": denominator,
                            "right": RightKind.OWNER,
                            "valid_from": since,
                            "valid_to": None,
                            "recorded_at": now,
                            "recorded_by_id": None,
                        }
                    )
                objects.append(
                    {
                        "id": ids.take(TaxObject),
                        "municipality_id": m,
                        "tax_type": TaxType.LAND if plot else TaxType.BUILDING,
                        "kind": TaxObjectKind.PROPERTY,
                        "property_id": pk,
                        "taxpayer_id": None,
                        "description": "",
                        "valid_from": since,
                        "valid_to": None,
                        "recorded_at": now,
                        "recorded_by_id": None,
                    }
                )
        for model, rows in (
            (Property, properties),
            (PropertyDetails, property_details),
            (Ownership, shares),
            (TaxObject, objects),
        ):
            _insert(connection, model, rows)
        written.update(properties=len(properties), ownerships=len(shares), objects=len(objects))

        # Five years of history for a sample: per year and tax type two halves charged,
        # each paid (on time, or a few weeks late) with its allocation, and late interest.
        sample = rng.sample(payer_ids, min(history, len(payer_ids)))
        entries = []

        def entry(taxpayer_id, tax_type, kind, amount, booked_on, **more):
            row = {
                "id": ids.take(LedgerEntry),
                "municipality_id": m,
                "taxpayer_id": taxpayer_id,
                "tax_type": tax_type,
                "kind": kind,
                "origin": "",
                "amount": amount,
                "signed_amount": amount * BALANCE_SIGN[kind],
                "booked_on": booked_on,
                "due_on": None,
                "period_year": None,
                "instalment": None,
                "target_id": None,
                "source_id": None,
                "counter_tax_type": "",
                "reference": "",
                "note": "",
                "idempotency_key": "",
                "recorded_at": now,
                "recorded_by_id": None,
                **more,
            }
            entries.append(row)
            return row

        due_dates = {
            year: tax.half_year_due_dates(year)
            for year in range(today.year - YEARS + 1, today.year + 1)
        }
        for taxpayer_id in sample:
            tax_types = [TaxType.BUILDING] + ([TaxType.LAND] if rng.random() < 0.3 else [])
            for year, halves in due_dates.items():
                for tax_type in tax_types:
                    amount = rng.randrange(20, 200) * 500
                    for instalment, due_on in enumerate(halves, start=1):
                        if due_on > today:
                            continue
                        charge = entry(
                            taxpayer_id,
                            tax_type,
                            EntryKind.CHARGE,
                            amount // 2,
                            datetime.date(year, 2, 10),
                            origin=ChargeOrigin.ASSESSMENT,
                            due_on=due_on,
                            period_year=year,
                            instalment=instalment,
                        )
                        late = rng.random() < 0.15
                        paid_on = due_on + datetime.timedelta(
                            days=rng.randint(10, 60) if late else -rng.randint(0, 20)
                        )
                        if paid_on > today:
                            continue
                        payment = entry(
                            taxpayer_id, tax_type, EntryKind.PAYMENT, amount // 2, paid_on
                        )
                        entry(
                            taxpayer_id,
                            tax_type,
                            EntryKind.ALLOCATION,
                            amount // 2,
                            paid_on,
                            source_id=payment["id"],
                            target_id=charge["id"],
                        )
                        if late:
                            entry(
                                taxpayer_id,
                                TaxType.LATE_INTEREST,
                                EntryKind.CHARGE,
                                max(1, amount // 400),
                                paid_on,
                                origin=ChargeOrigin.INTEREST,
                                due_on=paid_on,
                                period_year=year,
                                target_id=charge["id"],
                            )
        _insert(connection, LedgerEntry, entries)
        written["ledger_entries"] = len(entries)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in models:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return sample, written


def measure(municipality, sample, count, seed=2):
    """(milliseconds, queries) of balances + the building tax statement of ``count``
    random taxpayers of the sample."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from services.tax import services as tax
    from services.tax.constants import TaxType
    from services.tax.models import Taxpayer

    rng = random.Random(seed)
    chosen = rng.sample(sample, min(count, len(sample)))
    taxpayers = {
        t.pk: t for t in Taxpayer.objects.for_municipality(municipality).filter(pk__in=chosen)
    }
    timings, queries, lines = [], [], []
    for pk in chosen:
        taxpayer = taxpayers[pk]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            tax.balances(taxpayer)
            statement = tax.statement(taxpayer, TaxType.BUILDING)
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
        lines.append(len(statement))
    return timings, queries, lines


def _p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 200_000])
    parser.add_argument("--history", type=int, default=2000)
    parser.add_argument("--measure", type=int, default=200)
    options = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit(f"Refusing {url}: the benchmark database's name must contain 'bench'.")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(PROJECT_ROOT))
    from benchmarks.django_bench import ensure_database, new_municipality

    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.monotonic() - started:.1f} s")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")
    print(f"load before: {os.getloadavg()}")
    results = []
    for size in options.sizes:
        municipality = new_municipality("Adóváros", "adovaros")
        started = time.monotonic()
        sample, written = generate_city(municipality, size, history=options.history)
        generated = time.monotonic() - started
        timings, queries, lines = measure(municipality, sample, options.measure)
        row = {
            "size": size,
            "generate_s": round(generated, 1),
            "written": written,
            "median_ms": round(statistics.median(timings), 2),
            "p95_ms": round(_p95(timings), 2),
            "queries": sorted(set(queries)),
            "statement_lines": (min(lines), max(lines)),
            "load": os.getloadavg(),
        }
        results.append(row)
        print(row)
    print()
    print(
        "| taxpayers | objects | ledger rows | generate (s) | median (ms) | p95 (ms) "
        "| queries/taxpayer |"
    )
    for row in results:
        print(
            f"| {row['size']:,} | {row['written']['objects']:,} | "
            f"{row['written']['ledger_entries']:,} | {row['generate_s']} | {row['median_ms']} | "
            f"{row['p95_ms']} | {', '.join(map(str, row['queries']))} |"
        )
    counts = {tuple(row["queries"]) for row in results}
    if len(counts) != 1:
        sys.exit(f"The queries per taxpayer changed with the size of the city: {counts}")


if __name__ == "__main__":
    main()
