#!/usr/bin/env python
"""Ügyeim's local tax balance page: the server time of one request for a taxpayer with five
years of history (#16 target: < 100 ms), and of the detailed statement page.

Run from the project root (needs the local PostgreSQL):

    .venv/bin/python benchmarks/tax_online_balance.py                  # 20,000 taxpayers
    .venv/bin/python benchmarks/tax_online_balance.py --size 2000      # a quicker check

What it does:

1. points ``DATABASE_URL`` at ``BENCH_DATABASE_URL`` (default
   postgres://postgres@127.0.0.1:5432/varoshaza_bench; a name without ``bench`` is
   refused) with ``portal.settings.test`` and runs ``migrate``;
2. makes a synthetic city with ``tax_city.generate_city`` (five years of ledger history,
   ~40 rows a taxpayer, for a sample of them) and links ``--measure`` taxpayers of the
   sample to portal accounts (the tax office's ``PortalLink``, as an officer makes it);
3. requests ``/ugyeim/helyi-ado/<id>/`` (and the year's detailed statement) as each
   account, through Django's test client in this process: the whole server side —
   middleware, session and login, the access check against the links and representations,
   the ledger read, the template — without the network. Prints median and p95 in
   milliseconds and the queries per request."""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.django_bench import new_municipality, setup_django  # noqa: E402
from benchmarks.django_bench import p95 as _p95  # noqa: E402


def link_accounts(municipality, sample, count, seed=3):
    """Portal accounts linked to ``count`` random taxpayers of the sample: [(user, id)]."""
    from django.contrib.auth import get_user_model

    from services.tax.models import LinkBasis, PortalLink, Taxpayer

    rng = random.Random(seed)
    chosen = rng.sample(sample, min(count, len(sample)))
    User = get_user_model()
    pairs = []
    for pk in chosen:
        taxpayer = Taxpayer.objects.for_municipality(municipality).get(pk=pk)
        user = User.objects.create(username=f"bench-{municipality.ksh_code}-{pk}")
        PortalLink.objects.create(
            municipality=municipality, taxpayer=taxpayer, user=user, basis=LinkBasis.IDENTITY
        )
        pairs.append((user, pk))
    return pairs


def measure(pairs, path):
    """(wall ms, CPU ms of this process, queries, statuses) of GET ``path % taxpayer id``
    as each account. The CPU time is the server's own work (the database's is not in it):
    on a loaded machine it moves less than the wall time."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    timings, cpu, queries, statuses = [], [], [], set()
    for user, pk in pairs:
        client = Client()
        client.force_login(user)
        client.get(path % pk)  # the first request of a session warms nothing shared
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path % pk)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        statuses.add(response.status_code)
        queries.append(len(captured.captured_queries))
    return timings, cpu, queries, statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--history", type=int, default=1000)
    parser.add_argument("--measure", type=int, default=100)
    options = parser.parse_args()

    setup_django()
    from django.utils import timezone

    from benchmarks.tax_city import generate_city

    print(f"load before: {os.getloadavg()}")
    municipality = new_municipality("Adóváros", "adovaros")
    started = time.monotonic()
    sample, written = generate_city(municipality, options.size, history=options.history)
    print(f"city: {written} in {time.monotonic() - started:.1f} s")
    pairs = link_accounts(municipality, sample, options.measure)
    year = timezone.localdate().year
    rows = []
    for label, path in (
        ("balance", "/ugyeim/helyi-ado/%s/"),
        ("detailed statement", f"/ugyeim/helyi-ado/%s/reszletes/?ev={year}"),
    ):
        timings, cpu, queries, statuses = measure(pairs, path)
        assert statuses == {200}, statuses
        rows.append(
            (
                label,
                round(statistics.median(timings), 1),
                round(_p95(timings), 1),
                round(statistics.median(cpu), 1),
                sorted(set(queries)),
            )
        )
    print(f"load after: {os.getloadavg()}")
    print("| page | taxpayers | median (ms) | p95 (ms) | CPU median (ms) | queries / request |")
    for label, median, p95, cpu_median, queries in rows:
        print(
            f"| {label} | {options.size:,} | {median} | {p95} | {cpu_median} "
            f"| {', '.join(map(str, queries))} |"
        )


if __name__ == "__main__":
    main()
