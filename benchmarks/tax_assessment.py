#!/usr/bin/env python
"""The annual assessment and the late-interest run over a large municipality.

Run from the project root:

    .venv/bin/python benchmarks/tax_assessment.py [--taxpayers 20000] [--registry-taxpayers 1000]

It drops and recreates the database of BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/vh_assess_bench; the name must contain "bench"),
migrates it with portal.settings.test, and writes N taxpayers straight into the tables
(bulk inserts: generating the data is not what is measured): each holds a dwelling
(40–160 m²) and every third also a plot, so 200,000 taxpayers have ≈ 266,000 objects. A
decree for 2027 (building tax per m², land tax per m², an area allowance) is adopted through
the façade. Then it times, with PDFs excluded:

1. the preview (computes, books nothing);
2. the booked assessment without the registry (``register=False``): decisions, ledger rows;
3. the same run again (an unchanged re-run: must book nothing);
4. the booked assessment WITH the registry in a second municipality of
   ``--registry-taxpayers`` taxpayers (the decisions of each chunk of 2,000 registered
   together as outgoing documents of the run's case: ``documents.register_documents``);
5. the late-interest run to 31 October 2027 (both halves overdue), and its re-run.

It prints a Markdown table row per step.
"""

import argparse
import datetime
import os
import platform
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vh_assess_bench"
D = datetime.date


def _admin(url):
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop {name}: its name must contain 'bench'.")
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(url, template=None):
    """Drop and create the benchmark database, empty or as a copy of ``template``."""
    import psycopg

    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{name}"{copy}')


def city_exists(url):
    import psycopg

    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [f"{name}_city"]
        ).fetchone()
    return found is not None


def keep_city(url):
    """Copy the freshly generated city (nothing assessed yet) to ``<name>_city``, which
    ``--reuse-city`` starts from: generating 200,000 taxpayers takes minutes, copying the
    database seconds."""
    import psycopg
    from django.db import connections

    connections.close_all()  # CREATE DATABASE … TEMPLATE needs no one connected to it
    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}_city"')
        connection.execute(f'CREATE DATABASE "{name}_city" TEMPLATE "{name}"')


def setup(url):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(PROJECT_ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_municipality(number):
    from sites.models import Municipality

    return Municipality.objects.create(
        name=f"Adófalva {number}",
        slug=f"adofalva-{number}",
        ksh_code=f"{71000 + number:05d}",
        county="Heves",
        legal_status="varos",
        postal_code="3300",
    )


def generate(municipality, count, seed):
    """count taxpayers with their dwellings and every third a plot, in bulk."""
    from services.tax.constants import (
        DeliveryChannel,
        PropertyKind,
        RightKind,
        TaxObjectKind,
        TaxpayerKind,
        TaxType,
        UseCategory,
    )
    from services.tax.models import (
        Ownership,
        Property,
        PropertyDetails,
        TaxObject,
        Taxpayer,
        TaxpayerDetails,
    )

    rng = random.Random(seed)
    since = D(2020, 1, 1)
    m = municipality.pk
    chunk = 10_000
    objects = 0
    for start in range(0, count, chunk):
        size = min(chunk, count - start)
        taxpayers = Taxpayer.objects.bulk_create(
            [
                Taxpayer(
                    municipality_id=m,
                    kind=TaxpayerKind.PERSON,
                    tax_id=f"8{start + i:09d}",
                )
                for i in range(size)
            ]
        )
        TaxpayerDetails.objects.bulk_create(
            [
                TaxpayerDetails(
                    municipality_id=m,
                    taxpayer=t,
                    valid_from=since,
                    family_name="Adózó",
                    given_names=str(start + i),
                    postal_code="3300",
                    settlement="Eger",
                    address_line=f"Fő utca {start + i}.",
                    delivery_channel=DeliveryChannel.PORTAL_MAILBOX
                    if i % 2
                    else DeliveryChannel.POST,
                )
                for i, t in enumerate(taxpayers)
            ]
        )
        plan = []
        for i, t in enumerate(taxpayers):
            plan.append((t, PropertyKind.BUILDING, UseCategory.DWELLING, rng.randint(40, 160), i))
            if i % 3 == 0:
                plan.append((t, PropertyKind.PLOT, UseCategory.OTHER, rng.randint(300, 1500), i))
        props = Property.objects.bulk_create(
            [
                Property(
                    municipality_id=m,
                    parcel_number=f"{start + p[4]}/{1 if p[1] == PropertyKind.BUILDING else 2}",
                )
                for p in plan
            ]
        )
        PropertyDetails.objects.bulk_create(
            [
                PropertyDetails(
                    municipality_id=m,
                    property=prop,
                    valid_from=since,
                    address="Eger",
                    area_m2=area,
                    kind=kind,
                    use_category=use,
                    zone="",
                )
                for prop, (_t, kind, use, area, _i) in zip(props, plan, strict=True)
            ]
        )
        Ownership.objects.bulk_create(
            [
                Ownership(
                    municipality_id=m,
                    property=prop,
                    holder=t,
                    share_numerator=1,
                    share_denominator=1,
                    right=RightKind.OWNER,
                    valid_from=since,
                )
                for prop, (t, _k, _u, _a, _i) in zip(props, plan, strict=True)
            ]
        )
        TaxObject.objects.bulk_create(
            [
                TaxObject(
                    municipality_id=m,
                    tax_type=TaxType.BUILDING if kind == PropertyKind.BUILDING else TaxType.LAND,
                    kind=TaxObjectKind.PROPERTY,
                    property=prop,
                    valid_from=since,
                )
                for prop, (_t, kind, _u, _a, _i) in zip(props, plan, strict=True)
            ]
        )
        objects += len(plan)
    return objects


def decree(municipality):
    from services.tax import services as tax
    from services.tax.constants import RateCategory, RateUnit, RuleKind, TaxType, UseCategory

    draft = tax.create_decree(municipality, tax_year=2027, title="a helyi adókról")
    tax.add_line(
        draft,
        tax_type=TaxType.BUILDING,
        category=UseCategory.DWELLING,
        unit=RateUnit.FT_PER_M2,
        amount=500,
    )
    tax.add_line(
        draft, tax_type=TaxType.LAND, category=RateCategory.PLOT, unit=RateUnit.FT_PER_M2, amount=80
    )
    tax.add_rule(
        draft, tax_type=TaxType.BUILDING, kind=RuleKind.AREA_ALLOWANCE, parameters={"m2": 20}
    )
    tax.adopt(draft, number=15, adopted_on=D(2026, 11, 5))


class Counter:
    def __init__(self):
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


# Seconds spent in ledger.book_entries_in_bulk (the ledger rows of the assessment, the
# ledger's own bulk path), so that a step's time can be split between it and the rest.
LEDGER = {"seconds": 0.0}


def measure_the_ledger():
    from services.tax.services import assessment_booking

    book = assessment_booking.book_entries_in_bulk

    def timed_book(*args, **kwargs):
        started = time.perf_counter()
        try:
            return book(*args, **kwargs)
        finally:
            LEDGER["seconds"] += time.perf_counter() - started

    assessment_booking.book_entries_in_bulk = timed_book


def server_cpu():
    """CPU seconds the PostgreSQL backend of this connection has used (it runs on this
    machine): with the Python CPU, the work a step does whatever else runs beside it, which
    the wall time on a shared machine does not tell."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(label, function, rows):
    from django.db import connection

    counter = Counter()
    server = server_cpu()
    started, cpu, ledger = time.perf_counter(), time.process_time(), LEDGER["seconds"]
    with connection.execute_wrapper(counter):
        result = function()
    elapsed = time.perf_counter() - started
    # This process's own CPU time: the Python side; the rest is waiting for PostgreSQL
    # (and, on a loaded machine, for a CPU).
    cpu = time.process_time() - cpu
    server = server_cpu() - server
    ledger = LEDGER["seconds"] - ledger
    rows.append((label, elapsed, cpu, server, ledger, counter.queries, result))
    print(
        f"{label}: {elapsed:.1f} s ({cpu:.1f} s Python CPU, {server:.1f} s PostgreSQL CPU, "
        f"{ledger:.1f} s in the ledger's bulk path), {counter.queries} queries — {result}, "
        f"load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taxpayers", type=int, default=20_000)
    parser.add_argument("--registry-taxpayers", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument(
        "--reuse-city",
        action="store_true",
        help="start from the city kept by an earlier run (<database>_city) instead of "
        "generating it; the first run generates and keeps it. Same --taxpayers and --seed.",
    )
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    reuse = args.reuse_city and city_exists(url)
    recreate_database(url, template=f"{_admin(url)[1]}_city" if reuse else None)
    setup(url)

    from services.documents.casetypes import load_schedule
    from services.tax import services as tax

    load_schedule()
    measure_the_ledger()
    if reuse:
        from services.tax.models import TaxObject
        from sites.models import Municipality

        big = Municipality.objects.get(slug="adofalva-1")
        print(f"reused the city: {TaxObject.objects.filter(municipality=big).count()} objects")
    else:
        big = make_municipality(1)
        started = time.perf_counter()
        objects = generate(big, args.taxpayers, args.seed)
        decree(big)
        print(
            f"generated {args.taxpayers} taxpayers, {objects} objects in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
        if args.reuse_city:
            keep_city(url)
    rows = []
    decided = D(2027, 2, 1)
    print(f"load before the steps: {os.getloadavg()}", flush=True)

    def assess(municipality, **options):
        def go():
            run = tax.create_assessment_run(municipality, 2027, **options)
            run = tax.run_assessment(run, decided_on=decided)
            return (
                f"{run.decisions} decisions, {run.unchanged} unchanged, "
                f"{run.entries_booked} entries"
            )

        return go

    timed("preview", assess(big, preview=True), rows)
    timed("assessment, no registry", assess(big, register=False), rows)
    timed("re-run (unchanged)", assess(big, register=False), rows)

    def interest():
        from services.tax.models import InterestRun

        run = InterestRun.objects.create(municipality=big, until=D(2027, 10, 31))
        run = tax.run_interest(run)
        return f"{run.charges_examined} charges, {run.entries_booked} entries, {run.amount} Ft"

    timed("interest run", interest, rows)
    timed("interest re-run", interest, rows)

    if args.registry_taxpayers:
        small = make_municipality(2)
        generate(small, args.registry_taxpayers, args.seed + 1)
        decree(small)
        timed("assessment with registry", assess(small, register=True), rows)

    # What was booked, to compare revisions: must be identical before and after a change.
    from django.db.models import Count, Sum

    from services.tax.models import LedgerEntry

    print()
    print("booked (municipality 1): kind, origin, tax type, rows, sum of amounts")
    for row in (
        LedgerEntry.objects.filter(municipality=big)
        .values_list("kind", "origin", "tax_type")
        .annotate(Count("id"), Sum("amount"))
        .order_by("kind", "origin", "tax_type")
    ):
        print("  ", *row)
    print()
    print(f"Machine: {platform.node()}, {os.cpu_count()} CPUs, load {os.getloadavg()}")
    print(
        "| step | taxpayers | seconds | Python CPU s | PostgreSQL CPU s | in ledger bulk s "
        "| queries | result |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for label, elapsed, cpu, server, ledger, queries, result in rows:
        n = (
            args.registry_taxpayers
            if "registry" in label and "no registry" not in label
            else args.taxpayers
        )
        print(
            f"| {label} | {n:,} | {elapsed:.1f} | {cpu:.1f} | {server:.1f} | {ledger:.1f} "
            f"| {queries:,} "
            f"| {result} |"
        )


if __name__ == "__main__":
    main()
