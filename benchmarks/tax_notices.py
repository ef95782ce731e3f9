#!/usr/bin/env python
"""The September balance notices of a city of 200,000 taxpayers: the snapshot, one
notice's PDF on demand and the print file the worker makes.

Run from the project root:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/vh_taxnotice_bench \\
    .venv/bin/python benchmarks/tax_notices.py --taxpayers 200000 --reuse-city

It drops and recreates the database of BENCH_DATABASE_URL (the name must contain
"bench") and fills it with tax_assessment.py's generator (each taxpayer a dwelling,
every third also a plot) and the booked 2027 assessment (both halves of building and
land tax on every account, ≈ 533,000 ledger rows for 200,000 taxpayers), with
collection accounts for both tax types. ``--reuse-city`` keeps that state as
``<database>_city`` and later runs start from a copy of it (generating and assessing
take minutes). Then it times:

1. the snapshot: the September notice run of 10 September 2027 (set-based: one grouped
   query, the names and addresses per chunk, the notices by COPY), without delivery;
2. the same run again (must write nothing: everyone was noticed);
3. one notice's PDF on demand (WeasyPrint, from the snapshot), ``--pdfs`` notices after
   one warm-up: median and slowest;
4. one print file of ``--print-notices`` notices as the worker makes it
   (``notice_delivery``: one HTML, one PDF, the notices marked printed): pages per second.
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tax_assessment as city  # noqa: E402  (the city's generator, the database helpers)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vh_taxnotice_bench"
AS_OF = datetime.date(2027, 9, 10)


def build_city(args, url):
    from services.tax import services as tax
    from tests.factories.tax import giro, iban

    big = city.make_municipality(1)
    started = time.perf_counter()
    objects = city.generate(big, args.taxpayers, args.seed)
    city.decree(big)
    run = tax.run_assessment(
        tax.create_assessment_run(big, 2027, register=False), decided_on=datetime.date(2027, 2, 1)
    )
    for serial, tax_type in enumerate(("building", "land"), start=1):
        account = giro(serial=serial)
        tax.set_collection_account(
            big, tax_type, giro=account, iban=iban(account), holder_name="Adófalva 1"
        )
    print(
        f"generated and assessed {args.taxpayers} taxpayers, {objects} objects, "
        f"{run.entries_booked} ledger rows in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    if args.reuse_city:
        city.keep_city(url)
    return big


def september_run(municipality):
    from services.tax.models import NoticeKind, NoticeRun
    from services.tax.services import notices

    # The city's year is 2027: the run row is made directly, as create_notice_run would
    # (it refuses a day that has not come yet on the machine's clock).
    return NoticeRun.objects.create(
        municipality=municipality,
        kind=NoticeKind.SEPTEMBER,
        as_of=AS_OF,
        rules=notices._rules_for(NoticeKind.SEPTEMBER, AS_OF),
        accounts=notices._accounts(municipality),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taxpayers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--pdfs", type=int, default=20)
    parser.add_argument("--print-notices", type=int, default=500)
    parser.add_argument("--reuse-city", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    reuse = args.reuse_city and city.city_exists(url)
    city.recreate_database(url, template=f"{city._admin(url)[1]}_city" if reuse else None)
    city.setup(url)

    from services.documents.casetypes import load_schedule
    from services.tax import services as tax
    from services.tax.models import Notice
    from services.tax.services.notice_delivery import _print_file
    from sites.actor import Actor
    from sites.models import Municipality

    load_schedule()
    if reuse:
        big = Municipality.objects.get(slug="adofalva-1")
        print("reused the city", flush=True)
    else:
        big = build_city(args, url)
    rows = []
    print(f"load before the steps: {os.getloadavg()}", flush=True)

    run = september_run(big)

    def snapshot():
        done = tax.run_notices(run, deliver=False)
        return (
            f"{done.notices:,} notices of {done.taxpayers_done:,} taxpayers, "
            f"{done.below_threshold:,} below the thresholds, {done.total_debt:,} Ft"
        )

    def again():
        done = tax.run_notices(september_run(big), deliver=False)
        return f"{done.notices} notices, {done.already_noticed:,} noticed before"

    city.timed("snapshot (September notices)", snapshot, rows)
    city.timed("snapshot re-run", again, rows)

    notices = list(Notice.objects.for_municipality(big).filter(run=run).order_by("pk"))
    picked = random.Random(args.seed).sample(notices, min(args.pdfs + 1, len(notices)))
    tax.notice_pdf(picked[0], run)  # warm-up: WeasyPrint's import and fonts
    times, cpu_times = [], []
    for notice in picked[1:]:
        started, cpu = time.perf_counter(), time.process_time()
        tax.notice_pdf(notice, run)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu) * 1000)
    # On a shared machine the wall time is mostly waiting for a CPU: the CPU time is what
    # one render costs on an idle core.
    print(
        f"one notice's PDF on demand ({len(times)} notices): median "
        f"{statistics.median(times):.0f} ms wall, {statistics.median(cpu_times):.0f} ms CPU; "
        f"slowest {max(times):.0f} ms wall, {max(cpu_times):.0f} ms CPU, "
        f"load {os.getloadavg()[0]:.1f}",
        flush=True,
    )

    chunk = notices[: args.print_notices]
    cpu = time.process_time()
    part = _print_file(run, chunk, Actor.system(municipality=big))
    cpu = time.process_time() - cpu
    print(
        f"print file: {part.notices_count} notices, {part.pages} pages, {part.seconds:.1f} s "
        f"wall ({part.pages / part.seconds:.1f} pages/s), {cpu:.1f} s CPU "
        f"({part.pages / cpu:.1f} pages/s per core), {part.file.size / 1e6:.1f} MB, "
        f"load {os.getloadavg()[0]:.1f}",
        flush=True,
    )

    print()
    print(f"Machine: {platform.node()}, {os.cpu_count()} CPUs, load {os.getloadavg()}")
    print("| step | taxpayers | seconds | Python CPU s | PostgreSQL CPU s | queries | result |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for label, elapsed, cpu, server, _ledger, queries, result in rows:
        print(
            f"| {label} | {args.taxpayers:,} | {elapsed:.1f} | {cpu:.1f} | {server:.1f} "
            f"| {queries:,} | {result} |"
        )


if __name__ == "__main__":
    main()
