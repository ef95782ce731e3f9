#!/usr/bin/env python
"""Open data and the trade API: the server time of a municipality's register as CSV and
JSON (the whole register, every request), of a 304 answer, and of one page of the token
API's entries, for a register of ``--shops`` shops.

Run from the project root (needs the local PostgreSQL):

    .venv/bin/python benchmarks/open_data.py                  # 2,000 shops, 20 requests each
    .venv/bin/python benchmarks/open_data.py --shops 500 --requests 10

1. points ``DATABASE_URL`` at ``BENCH_DATABASE_URL`` (default
   postgres://postgres@127.0.0.1:5432/vh_open_bench; a name without ``bench`` is refused)
   with ``portal.settings.test`` and runs ``migrate``;
2. makes a municipality (no website) and registers ``--shops`` shops through the register's
   façade (a third of them sole traders);
3. requests each address ``--requests`` times through Django's test client.
Prints median and p95 in milliseconds, the queries of one request and the bytes."""

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

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vh_open_bench"


def _register(municipality, count, rng):
    from services.commerce import services as commerce
    from sites.actor import Actor
    from tests.factories.commerce import DAY, company, shop_place, sole_trader

    actor = Actor.system(municipality=municipality)
    for number in range(count):
        trader = (
            sole_trader(name=f"Egyéni {number} e.v.")
            if number % 3 == 0
            else company(f"Bolt {number} Kft.")
        )
        commerce.notify_trading(
            municipality,
            actor=actor,
            received_on=DAY,
            trader=trader,
            places=[shop_place(street=f"Fő utca {number}.", name=f"Üzlet {rng.randrange(10**6)}")],
        )


def _time(client, url, requests, **headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url, **headers)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 304), (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return times, len(queries), len(response.content), response


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shops", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    setup_django(DEFAULT_URL)
    from django.test import Client

    from portal.api import tokens
    from portal.api.scopes import Scope

    print(f"load before: {os.getloadavg()}")
    rng = random.Random(7)
    municipality = new_municipality("Boltváros", "boltvaros", rng)
    code = municipality.ksh_code
    start = time.perf_counter()
    _register(municipality, args.shops, rng)
    print(f"{args.shops} shops registered in {time.perf_counter() - start:.1f} s")
    client_app = tokens.create_client(
        "Bench", municipality=municipality, grants={municipality: [Scope.TRADE_READ]}
    )
    _token, secret = tokens.issue_token(client_app)
    anonymous, bearer = Client(), Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    base = f"/api/v1/open/m/{code}/kereskedelem"
    rows = []
    for label, client, url, headers in (
        ("open data CSV", anonymous, f"{base}?format=csv", {}),
        ("open data JSON", anonymous, base, {}),
    ):
        times, queries, size, response = _time(client, url, args.requests, **headers)
        rows.append((label, times, queries, size))
        if label == "open data CSV":
            etag = response["ETag"]
            rows.append(
                ("304 (If-None-Match)",)
                + _time(client, url, args.requests, HTTP_IF_NONE_MATCH=etag)[:3]
            )
    api = f"/api/v1/m/{code}/trade/entries?limit=50"
    rows.append(("API entries, one page of 50",) + _time(bearer, api, args.requests)[:3])
    print(f"load after: {os.getloadavg()}")
    print("| request | shops | n | median ms | p95 ms | queries | bytes |")
    print("|---|---|---|---|---|---|---|")
    for label, times, queries, *size in rows:
        print(
            f"| {label} | {args.shops} | {len(times)} | {statistics.median(times):.0f} "
            f"| {_p95(times):.0f} | {queries} | {size[0] if size else '–'} |"
        )


if __name__ == "__main__":
    main()
