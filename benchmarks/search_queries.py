#!/usr/bin/env python
"""Search latency at fleet scale: 300,000 pages over 3,200 sites on PostgreSQL.

Run from the project root, after the provisioning benchmark has made its database:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/varoshaza_bench \\
        .venv/bin/python benchmarks/provision_scale.py --count 3200
    BENCH_DATABASE_URL=... .venv/bin/python benchmarks/search_queries.py

What it does:

1. points DATABASE_URL at BENCH_DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/varoshaza_bench; it refuses a database whose name
   does not contain "bench"), uses portal.settings.test and runs ``migrate`` (the search
   layer's tables may be newer than the provisioned database);
2. tops the database up to ``--pages`` pages (default 300,000) with news items and pages
   spread evenly over every site (benchmarks/search_content.py: realistic Hungarian text,
   COPY, indexed as Wagtail's PostgreSQL backend indexes a page), within ``--time-limit``
   seconds (default 900); a second run finds them there and adds nothing;
3. runs the 200 queries of benchmarks/data/search_queries.txt through the search layer
   (``search.layer.search``, what /kereses/ and the portal call): each once in the scope
   of a site drawn at random (the site search) and once in the fleet's scope (the portal
   with "every municipality"), and the portal's suggestions for its first six letters;
   after a warm-up of the first 20;
4. prints p50/p95/p99/max per scope, the slowest queries, and EXPLAIN ANALYZE of the
   slowest fleet query's slowest statement; writes everything as JSON to
   benchmarks/results/ (git-ignored).

Targets (issue 18): site search p95 < 50 ms, fleet search p95 < 100 ms."""

import argparse
import importlib
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/varoshaza_bench"
QUERIES = Path(__file__).resolve().parent / "data" / "search_queries.txt"
WARM_UP = 20


def load_queries():
    lines = QUERIES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(values):
    return {
        "n": len(values),
        "p50": round(statistics.median(values), 1),
        "p95": round(percentile(values, 0.95), 1),
        "p99": round(percentile(values, 0.99), 1),
        "max": round(max(values), 1),
    }


class SlowestStatement:
    """Remembers the slowest SQL statement of the block (for EXPLAIN ANALYZE)."""

    def __init__(self):
        self.sql, self.params, self.ms = None, None, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - started) * 1000
            if ms > self.ms and not many:
                self.sql, self.params, self.ms = sql, params, ms


def timed(function):
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300_000)
    parser.add_argument("--time-limit", type=int, default=900)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument(
        "--did-you-mean",
        action="store_true",
        help="Keep the layer's 'did you mean' for queries without a result (off by default: "
        "at 300,000 pages it reads every word of the scope's index per query, minutes in "
        "the fleet; it is timed once on its own instead).",
    )
    parser.add_argument(
        "--fleet-did-you-mean",
        action="store_true",
        help="Also time the 'did you mean' once in the fleet's scope (minutes).",
    )
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="Top the database up (pages and the word table) and stop: the slow part, "
        "run once; the measurement runs again and again over the same data.",
    )
    parser.add_argument(
        "--refresh-words",
        action="store_true",
        help="Rebuild the word table of 'did you mean' for every municipality even if it "
        "is there (it is built once after the top-up, as search_check --repair does).",
    )
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if "bench" not in urlsplit(url).path:
        sys.exit(f"Refusing {url}: the benchmark database's name must contain 'bench'.")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(PROJECT_ROOT))
    os.chdir(PROJECT_ROOT)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from benchmarks.search_content import generate, mark_folded_copies
    from search.layer import Scope, search
    from search.models import SearchWordUse
    from search.portal.query import suggestions
    from search.words import refresh_all_words
    from sites.models import Municipality

    call_command("migrate", verbosity=0, interactive=False)
    did_you_mean = None
    if not args.did_you_mean:
        # (a plain "import search.suggest" would rebind the name of search() here)
        suggest_module = importlib.import_module("search.suggest")
        did_you_mean = suggest_module.suggest
        suggest_module.suggest = lambda text, scope: ""
    sites = list(Municipality.objects.exclude(site=None).select_related("site", "root_page"))
    if len(sites) < 3200:
        print(f"Note: {len(sites)} sites, not 3,200: run provision_scale.py --count 3200 first.")
    print(f"Topping up to {args.pages:,} pages over {len(sites):,} sites...", flush=True)
    generated = generate(args.pages, seed=args.seed, time_limit=args.time_limit)
    mark_folded_copies()
    # The GIN index of search.0002 replaces the one this benchmark used to propose.
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS bench_indexentry_title_body_gin")
    if args.refresh_words or not SearchWordUse.objects.exists():
        started = time.perf_counter()
        kept = refresh_all_words()
        print(f"Word table: {kept:,} words in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailsearch_indexentry")
        cursor.execute("ANALYZE site_search_searchword")
        cursor.execute("ANALYZE site_search_searchworduse")
        cursor.execute("SELECT count(*) FROM wagtailcore_page")
        (pages,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM wagtailsearch_indexentry")
        (entries,) = cursor.fetchone()
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        (size,) = cursor.fetchone()
    print(
        f"{pages:,} pages, {entries:,} index entries, database {size}; generated "
        f"{generated['added']:,} in {generated['seconds']} s",
        flush=True,
    )

    if args.generate_only:
        return
    queries = load_queries()
    rng = random.Random(args.seed)
    drawn = [rng.choice(sites) for _ in queries]
    for query, municipality in zip(queries[:WARM_UP], drawn, strict=False):
        search(query, scope=Scope.for_site(municipality.site))
        search(query, scope=Scope.fleet())

    timings = {"site": [], "fleet": [], "suggest": []}
    per_query = []
    worst_fleet = (0.0, None, None)
    load_before = os.getloadavg()
    for query, municipality in zip(queries, drawn, strict=True):
        site_ms = timed(lambda q=query, m=municipality: search(q, scope=Scope.for_site(m.site)))
        statement = SlowestStatement()
        with connection.execute_wrapper(statement):
            fleet_ms = timed(lambda q=query: search(q, scope=Scope.fleet()))
        if fleet_ms > worst_fleet[0]:
            worst_fleet = (fleet_ms, query, statement)
        # The first six letters, as typed; two queries of one beginning hit the cache.
        suggest_ms = timed(lambda q=query: suggestions(q[:6]))
        timings["site"].append(site_ms)
        timings["fleet"].append(fleet_ms)
        timings["suggest"].append(suggest_ms)
        per_query.append(
            {
                "query": query,
                "site": round(site_ms, 1),
                "fleet": round(fleet_ms, 1),
                "suggest": round(suggest_ms, 1),
                "municipality": municipality.name,
            }
        )
    load_after = os.getloadavg()

    results = {scope: summary(values) for scope, values in timings.items()}
    print()
    print("| Scope | queries | p50 ms | p95 ms | p99 ms | max ms | target p95 |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    targets = {"site": "< 50", "fleet": "< 100", "suggest": "(figure)"}
    for scope, figures in results.items():
        print(
            f"| {scope} | {figures['n']} | {figures['p50']} | {figures['p95']} | "
            f"{figures['p99']} | {figures['max']} | {targets[scope]} |"
        )
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    for scope in ("site", "fleet"):
        worst = sorted(per_query, key=lambda row: -row[scope])[:5]
        print(f"slowest {scope}: " + ", ".join(f"{r['query']!r} {r[scope]} ms" for r in worst))

    if did_you_mean is not None:
        for scope_name, scope in (("site", Scope.for_site(drawn[0].site)), ("fleet", None)):
            if scope is None:
                if not args.fleet_did_you_mean:
                    continue
                scope = Scope.fleet()
            ms = timed(lambda s=scope: did_you_mean("parkolasi engedelx", s))
            results[f"did_you_mean_{scope_name}"] = round(ms, 1)
            print(f"'did you mean' alone, {scope_name} scope: {ms:.0f} ms")

    explain = ""
    ms, query, statement = worst_fleet
    if statement is not None and statement.sql:
        # The layer's statement comes with its planner settings (search.ranked._fetch):
        # "SET LOCAL …; WITH … ; SET LOCAL … TO DEFAULT". The settings, then EXPLAIN.
        parts = statement.sql.split("; ")
        settings = [part for part in parts if part.startswith("SET LOCAL")]
        body = "; ".join(part for part in parts if not part.startswith("SET LOCAL"))
        before = "".join(f"{part}; " for part in settings if "DEFAULT" not in part)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"{before}EXPLAIN (ANALYZE, BUFFERS) {body}", statement.params)
            while cursor.description is None and cursor.cursor.nextset():
                pass
            explain = "\n".join(row[0] for row in cursor.fetchall())
        print(
            f"\nEXPLAIN ANALYZE of the slowest statement ({statement.ms:.1f} ms) of the "
            f"slowest fleet query {query!r} ({ms:.1f} ms):\n{explain}"
        )

    output = args.output or (
        PROJECT_ROOT
        / "benchmarks"
        / "results"
        / f"search_queries_{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "pages": pages,
                "index_entries": entries,
                "database_size": size,
                "sites": len(sites),
                "generated": generated,
                "results": results,
                "load_average": [load_before, load_after],
                "queries": per_query,
                "explain_slowest_fleet": explain,
            },
            ensure_ascii=False,
            indent=1,
            default=str,
        ),
        encoding="utf-8",
    )
    print(f"\nWritten to {output}")


if __name__ == "__main__":
    main()
