#!/usr/bin/env python
"""The open API's list endpoints at 200,000 taxpayers: server time per request (p95).

Run from the project root (needs the local PostgreSQL):

    .venv/bin/python benchmarks/api_lists.py                  # 200,000 taxpayers
    .venv/bin/python benchmarks/api_lists.py --size 20000     # a quicker check

1. points ``DATABASE_URL`` at ``BENCH_DATABASE_URL`` (default
   postgres://postgres@127.0.0.1:5432/varoshaza_bench; a name without ``bench`` is
   refused) with ``portal.settings.test`` and runs ``migrate``;
2. makes a synthetic city with ``tax_city.generate_city`` (N taxpayers, their properties
   and tax objects, ledger history for a sample) and an application with every scope;
3. requests through Django's test client, with the token, whole requests (middleware,
   authentication, rate limit, call log): the first page of the taxpayers, the following
   pages by cursor (``--pages`` deep), a name search, one taxpayer's balance, and the
   registry's, submissions' and payments' lists (empty in this city: their fixed cost);
   the rate limit is switched off for the run. Prints n, median, p95 (ms) and queries."""

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
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--history", type=int, default=500)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--limit", type=int, default=50)
    options = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.tax_city import generate_city
    from portal.api import tokens
    from portal.api.scopes import Scope

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": ""}
    print(f"load before: {os.getloadavg()}")
    municipality = new_municipality("API-város", "api-varos")
    started = time.perf_counter()
    sample, written = generate_city(municipality, options.size, history=options.history)
    print(f"city: {written} in {time.perf_counter() - started:.1f} s")
    application = tokens.create_client(
        "Mérés", municipality=municipality, grants={municipality: list(Scope.values)}
    )
    _token, secret = tokens.issue_token(application)
    # On the portal's host, as a client calls it: the site's context is then the worker's
    # memo (sites.site_context), as in production, not a fallback looked up every time.
    settings.ALLOWED_HOSTS = ["*"]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_HOST=settings.BASE_DOMAIN)
    base = f"/api/v1/m/{municipality.ksh_code}"

    def timed(path, params=None):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(path, params or {})
            elapsed = (time.perf_counter() - began) * 1000
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        return elapsed, len(captured.captured_queries), response.json()

    timed(f"{base}/tax/taxpayers")  # warm the caches and connections
    results = []

    first = [timed(f"{base}/tax/taxpayers", {"limit": options.limit}) for _ in range(50)]
    results.append(("taxpayers, first page", first))
    deep, cursor = [], None
    for _ in range(options.pages):
        params = {"limit": options.limit, **({"cursor": cursor} if cursor else {})}
        outcome = timed(f"{base}/tax/taxpayers", params)
        deep.append(outcome)
        cursor = outcome[2]["next_cursor"]
    results.append((f"taxpayers, pages 1–{options.pages} by cursor", deep))
    names = ["Kovács", "Nagy", "Szabó", "Tóth", "Horváth"]
    results.append(
        (
            "taxpayers, name search",
            [timed(f"{base}/tax/taxpayers", {"q": names[i % 5]}) for i in range(50)],
        )
    )
    chosen = random.Random(3).sample(sample, min(50, len(sample)))
    results.append(
        ("one taxpayer's balance", [timed(f"{base}/tax/taxpayers/{pk}/balance") for pk in chosen])
    )
    for label, path in (
        ("registry cases", f"{base}/registry/cases"),
        ("form submissions", f"{base}/forms/submissions"),
        ("payments", f"{base}/payments"),
    ):
        results.append((label, [timed(path) for _ in range(50)]))
    print(f"load after: {os.getloadavg()}")
    print("| list | n | median (ms) | p95 (ms) | queries |")
    for label, outcomes in results:
        queries = ", ".join(str(q) for q in sorted({o[1] for o in outcomes}))
        print(_row(label, [o[0] for o in outcomes], queries))


if __name__ == "__main__":
    main()
