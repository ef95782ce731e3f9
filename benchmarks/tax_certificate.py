#!/usr/bin/env python
"""Tax certificates: the time to issue one (the debt as of today from the ledger, the PDF
with its QR code, the registry's numbers and file) and the server time of the public
check page for a valid and for a wrong code.

Run from the project root (needs the local PostgreSQL):

    .venv/bin/python benchmarks/tax_certificate.py                 # 5,000 taxpayers, 50 issued
    .venv/bin/python benchmarks/tax_certificate.py --size 1000 --issue 20

1. points ``DATABASE_URL`` at ``BENCH_DATABASE_URL`` (default
   postgres://postgres@127.0.0.1:5432/varoshaza_bench; a name without ``bench`` is
   refused) with ``portal.settings.test`` and runs ``migrate``;
2. makes a synthetic city with ``tax_city.generate_city`` (ledger history for a sample);
3. issues ``--issue`` certificates at the desk for taxpayers of the sample, one by one;
4. requests ``/e-ugyintezes/adoigazolas-ellenorzes/?kod=…`` for each code and for as many
   wrong codes through Django's test client (the rate limit switched off for the run).
Prints median and p95 in milliseconds and the queries per check."""

import argparse
import os
import random
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.django_bench import new_municipality, setup_django  # noqa: E402
from benchmarks.django_bench import row as _row  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--history", type=int, default=500)
    parser.add_argument("--issue", type=int, default=50)
    options = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.tax_city import generate_city
    from services.tax import services as tax
    from services.tax.models import Taxpayer

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "tax_certificate_check": ""}
    settings.ALLOWED_HOSTS = ["*"]
    print(f"load before: {os.getloadavg()}")
    municipality = new_municipality("Igazolásváros", "igazolasvaros")
    sample, written = generate_city(municipality, options.size, history=options.history)
    print(f"city: {written}")
    chosen = random.Random(5).sample(sample, min(options.issue, len(sample)))
    issue_ms, codes = [], []
    for pk in chosen:
        taxpayer = Taxpayer.objects.for_municipality(municipality).get(pk=pk)
        started = time.perf_counter()
        _certificate, certificate_code = tax.issue_at_desk(taxpayer)
        issue_ms.append((time.perf_counter() - started) * 1000)
        codes.append(certificate_code)
    wrong = [f"AAAA-BBBB-CCCC-{n:04d}".replace("0", "Z") for n in range(len(codes))]
    client = Client()
    results = {}
    for label, typed in (("check, valid code", codes), ("check, wrong code", wrong)):
        timings, queries = [], set()
        client.get("/e-ugyintezes/adoigazolas-ellenorzes/", {"kod": typed[0]})
        for value in typed:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get("/e-ugyintezes/adoigazolas-ellenorzes/", {"kod": value})
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            queries.add(len(captured.captured_queries))
        results[label] = (timings, ", ".join(map(str, sorted(queries))))
    print(f"load after: {os.getloadavg()}")
    print("| step | n | median (ms) | p95 (ms) | queries |")
    print(_row("issue at the desk (ledger, PDF + QR, registry)", issue_ms))
    for label, (timings, queries) in results.items():
        print(_row(label, timings, queries))


if __name__ == "__main__":
    main()
