#!/usr/bin/env python
"""Scale benchmark of bulk provisioning: N synthetic municipalities into a fresh PostgreSQL.

Run from the project root (``make benchmark`` runs it with the defaults):

    .venv/bin/python benchmarks/provision_scale.py [--count 3200]

What it does:

1. drops and recreates the database named in BENCH_DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/varoshaza_bench), points DATABASE_URL at it,
   uses portal.settings.test and runs ``migrate``;
2. writes N synthetic municipalities with ``generate_municipalities`` and provisions them
   with ``provision_municipalities FILE --no-progress``, the command operators run, timing
   the whole command and counting every query through ``connection.execute_wrapper``;
3. records queries and milliseconds for each municipality (a thin wrapper around the
   command's own ``provision_municipality``) and reports them for the first, middle and
   last 100 and for each tenth of the run, to show that the cost does not grow with the
   number already provisioned;
4. runs the same command over the same file again (idempotency: nothing created or updated);
5. prints a summary and a Markdown table row, and writes every figure as JSON to
   benchmarks/results/ (git-ignored). The SQL is grouped by statement shape and the top
   shapes by count, by time and by growth (last 100 against first 100) are printed and
   saved, for whoever optimises it next.

Options: ``--cprofile`` profiles calls 101–200 and the 100 before the last 100 and compares
them function by function; ``--analyze-interval SECONDS`` runs ANALYZE beside the command,
standing in for autovacuum on a server that has it off (the local CI one does). The load
average is sampled during the run: well above 1.3 on 2 CPUs means something else competed.

Queries are what passes through Django's cursor: SAVEPOINTs are counted, the BEGIN/COMMIT
that psycopg issues when ``transaction.atomic`` switches autocommit off and on are not.
"""

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = PROJECT_ROOT / "benchmarks" / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/varoshaza_bench"
SLICE = 100
TOP_SHAPES = 10


# ---------------------------------------------------------------------------- database


def recreate_database(url):
    """Drop and create the benchmark database; returns its name."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or "bench" not in name:
        # This drops the database: refuse anything that does not look like a scratch one.
        sys.exit(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        identifier = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(identifier))
    return name


def server_settings(url):
    """The PostgreSQL settings that change what a write-heavy benchmark measures."""
    import psycopg

    names = ("autovacuum", "fsync", "synchronous_commit", "shared_buffers", "work_mem", "jit")
    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT name, setting, unit FROM pg_settings WHERE name = ANY(%s)", [list(names)]
        ).fetchall()
    return {name: f"{setting}{' × ' + unit if unit else ''}" for name, setting, unit in rows}


class Background:
    """Runs beside the command: samples the load average and, if asked, runs ANALYZE.

    The load average shows whether something else competed for the CPUs during the run.
    ANALYZE every ``analyze_interval`` seconds, on a connection of its own, stands in for
    autovacuum on a server where it is switched off: without it the planner keeps the
    statistics of the empty tables and picks plans that get slower as the tables grow."""

    def __init__(self, url, analyze_interval=0.0, sample_interval=5.0):
        self.url = url
        self.analyze_interval = analyze_interval
        self.sample_interval = sample_interval
        self.loads = []
        self.analyzes = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.loads.append(os.getloadavg()[0])
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.loads.append(os.getloadavg()[0])

    def _run(self):
        import psycopg

        connection = psycopg.connect(self.url, autocommit=True) if self.analyze_interval else None
        next_analyze = time.monotonic() + self.analyze_interval
        try:
            while not self._stop.wait(self.sample_interval):
                self.loads.append(os.getloadavg()[0])
                if connection is not None and time.monotonic() >= next_analyze:
                    started = time.perf_counter()
                    connection.execute("ANALYZE")
                    self.analyzes.append(round(time.perf_counter() - started, 3))
                    next_analyze = time.monotonic() + self.analyze_interval
        finally:
            if connection is not None:
                connection.close()

    def figures(self):
        return {
            "load_average_1min_mean": round(statistics.fmean(self.loads), 2),
            "load_average_1min_max": round(max(self.loads), 2),
            "analyze_interval_seconds": self.analyze_interval,
            "analyze_runs": len(self.analyzes),
            "analyze_seconds": round(sum(self.analyzes), 2),
        }


# ---------------------------------------------------------------------------- measuring


def _sql_table():
    return defaultdict(lambda: [0, 0.0])


class QueryRecorder:
    """execute_wrapper hook: counts every query and its time, by exact SQL text.

    While ``phases`` names slices of the run, the queries are also tallied for them."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self.by_sql = _sql_table()
        self.phases = ()
        self.by_phase = defaultdict(_sql_table)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            entry = self.by_sql[sql]
            entry[0] += 1
            entry[1] += seconds
            self.count += 1
            self.seconds += seconds
            for phase in self.phases:
                entry = self.by_phase[phase][sql]
                entry[0] += 1
                entry[1] += seconds


class CallRecorder:
    """Wraps provision_municipality: queries, seconds and outcome of every call."""

    def __init__(self, function, queries, windows, profile_windows):
        self.function = function
        self.queries = queries
        self.windows = windows  # slice name -> (start, stop): queries tallied per slice
        self.profile_windows = profile_windows  # name -> (start, stop): run under cProfile
        self.profiles = {name: cProfile.Profile() for name in profile_windows}
        self.calls = []  # (queries, seconds, outcome, seconds spent in SQL)

    @staticmethod
    def _windows(windows, index):
        return tuple(name for name, (start, stop) in windows.items() if start <= index < stop)

    def __call__(self, data):
        index = len(self.calls)
        self.queries.phases = self._windows(self.windows, index)
        profiled = self._windows(self.profile_windows, index)
        profiler = self.profiles[profiled[0]] if profiled else None
        if profiler:
            profiler.enable()
        queries_before = self.queries.count
        sql_before = self.queries.seconds
        started = time.perf_counter()
        outcome = "error"
        try:
            result = self.function(data)
            outcome = str(result.outcome)
            return result
        finally:
            if profiler:
                profiler.disable()
            self.calls.append((
                self.queries.count - queries_before,
                time.perf_counter() - started,
                outcome,
                self.queries.seconds - sql_before,
            ))


def max_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def slice_windows(count):
    """The first, middle and last SLICE calls (a third each in a run below 3 * SLICE)."""
    size = max(1, min(SLICE, count // 3))
    middle = max(0, count // 2 - size // 2)
    return {
        "first": (0, size),
        "middle": (middle, middle + size),
        "last": (count - size, count),
    }


def profile_windows(count):
    """Calls to profile: next to the first and last slices, so that these stay unprofiled."""
    size = max(1, min(SLICE, count // 3))
    if count >= 5 * size:
        return {"early": (size, 2 * size), "late": (count - 2 * size, count - size)}
    half = count // 2  # a small run: its two halves
    return {"early": (0, half), "late": (count - half, count)} if half else {}


def run_command(csv_path, count, profile=False, background=None):
    """provision_municipalities over csv_path, recorded; returns a dict of figures."""
    from django.core.management import call_command
    from django.db import connection

    import sites.provisioning.groups
    import sites.starter_tree
    from sites.management.commands import provision_municipalities as command_module

    # A fresh process looks permissions and the starter pages up once: so does each run here.
    sites.provisioning.groups._permissions_by_name.cache_clear()
    sites.starter_tree.starter_pages.cache_clear()

    background = background or Background(None)
    queries = QueryRecorder()
    calls = CallRecorder(
        command_module.provision_municipality,
        queries,
        slice_windows(count),
        profile_windows(count) if profile else {},
    )
    stdout, stderr = io.StringIO(), io.StringIO()
    command_module.provision_municipality = calls
    try:
        with background, connection.execute_wrapper(queries):
            started = time.perf_counter()
            call_command("provision_municipalities", str(csv_path), "--no-progress",
                         stdout=stdout, stderr=stderr)
            wall = time.perf_counter() - started
    finally:
        command_module.provision_municipality = calls.function
    return {
        "wall": wall,
        "queries": queries,
        "calls": calls.calls,
        "profiles": calls.profiles,
        "background": background.figures(),
        "stdout": stdout.getvalue().strip(),
        "stderr": stderr.getvalue().strip(),
    }


def slice_stats(calls, start, stop):
    part = calls[start:stop]
    return {
        "from": start + 1,
        "to": start + len(part),
        "queries_per_municipality": statistics.fmean(c[0] for c in part),
        "queries_min": min(c[0] for c in part),
        "queries_max": max(c[0] for c in part),
        "ms_per_municipality": statistics.fmean(c[1] for c in part) * 1000,
        "ms_median": statistics.median(c[1] for c in part) * 1000,
        "sql_ms_per_municipality": statistics.fmean(c[3] for c in part) * 1000,
    }


def slices(calls):
    count = len(calls)
    named = {
        name: slice_stats(calls, start, stop)
        for name, (start, stop) in slice_windows(count).items()
    }
    tenths = [
        slice_stats(calls, count * i // 10, count * (i + 1) // 10)
        for i in range(10)
        if count * (i + 1) // 10 > count * i // 10
    ]
    return named, tenths


# ---------------------------------------------------------------------------- SQL shapes

_SHAPE_RULES = [
    (re.compile(r"'(?:[^']|'')*'"), "'?'"),  # string literals
    (re.compile(r'"s\d+_x\d+"'), '"<savepoint>"'),  # Django's savepoint ids
    (re.compile(r"\b\d+(?:\.\d+)?\b"), "N"),  # number literals
    (re.compile(r"\((?:\s*%s\s*,)+\s*%s\s*\)"), "(%s, ...)"),  # IN lists / one VALUES row
    (re.compile(r"(\(%s, \.\.\.\)|\(%s\))(?:\s*,\s*\1)+"), r"\1, ..."),  # several VALUES rows
]


def shape_of(sql):
    for pattern, replacement in _SHAPE_RULES:
        sql = pattern.sub(replacement, sql)
    return " ".join(sql.split())


_LONG_LISTS = [
    re.compile(r"^(SELECT (?:DISTINCT )?)(.+?)( FROM )"),
    re.compile(r"^(INSERT INTO \S+ \()(.+?)(\) VALUES)"),
    re.compile(r"^(UPDATE \S+ SET )(.+?)( WHERE )"),
]


def abbreviate(shape):
    """The shape with long column lists replaced by their length, for reading."""
    for pattern in _LONG_LISTS:
        match = pattern.match(shape)
        if match and match.group(2).count(",") >= 3:
            columns = match.group(2).count(",") + 1
            return f"{match.group(1)}<{columns} columns>{match.group(3)}{shape[match.end():]}"
    return shape


def _by_shape(by_sql):
    shapes = _sql_table()
    for sql, (count, seconds) in by_sql.items():
        entry = shapes[shape_of(sql)]
        entry[0] += count
        entry[1] += seconds
    return shapes


def query_shapes(recorder, municipalities):
    """SQL grouped by statement shape: top shapes by count, by time and by growth.

    For each shape, ``first_ms`` and ``last_ms`` are its milliseconds per municipality in the
    first and the last slice of the run: a shape whose cost grows with the number already
    provisioned shows there even when its count per municipality stays constant."""
    shapes = _by_shape(recorder.by_sql)
    windows = slice_windows(municipalities)
    per_slice = {
        name: (_by_shape(recorder.by_phase.get(name, {})), stop - start)
        for name, (start, stop) in windows.items()
    }
    total_seconds = sum(seconds for _, seconds in shapes.values()) or 1

    def slice_ms(shape, name):
        table, size = per_slice[name]
        return table[shape][1] * 1000 / size if shape in table else 0.0

    def row(item):
        shape, (count, seconds) = item
        return {
            "shape": shape,
            "short": abbreviate(shape),
            "count": count,
            "per_municipality": count / municipalities,
            "seconds": round(seconds, 3),
            "share_of_sql_time": round(seconds / total_seconds, 4),
            "first_ms": round(slice_ms(shape, "first"), 3),
            "middle_ms": round(slice_ms(shape, "middle"), 3),
            "last_ms": round(slice_ms(shape, "last"), 3),
        }

    items = list(shapes.items())

    def growth(item):
        return slice_ms(item[0], "last") - slice_ms(item[0], "first")

    return {
        "distinct_shapes": len(items),
        "sql_seconds": round(total_seconds, 3),
        "top_by_count": [row(i) for i in sorted(items, key=lambda i: -i[1][0])[:TOP_SHAPES]],
        "top_by_time": [row(i) for i in sorted(items, key=lambda i: -i[1][1])[:TOP_SHAPES]],
        "top_by_growth": [row(i) for i in sorted(items, key=growth, reverse=True)[:TOP_SHAPES]],
    }


# ---------------------------------------------------------------------------- Python profile


def _function_label(key):
    filename, line, function = key
    for marker in ("site-packages/", str(PROJECT_ROOT) + "/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"{filename}:{line}({function})" if line else function


def profile_comparison(profiles, windows, directory, stem):
    """Dump each window's profile and compare them: own and cumulative time per municipality."""
    tables = {}
    files = {}
    for name, profiler in profiles.items():
        path = directory / f"{stem}_{name}.prof"
        profiler.dump_stats(path)
        files[name] = str(path)
        start, stop = windows[name]
        try:
            stats = pstats.Stats(str(path)).stats
        except TypeError:  # nothing was profiled in this window
            continue
        tables[name] = {
            key: (calls, own * 1000 / (stop - start), cumulative * 1000 / (stop - start))
            for key, (_, calls, own, cumulative, _) in stats.items()
        }
    if len(tables) < 2:
        return {}
    early, late = tables["early"], tables["late"]
    keys = set(early) | set(late)

    def row(key):
        e_calls, e_own, e_cum = early.get(key, (0, 0.0, 0.0))
        l_calls, l_own, l_cum = late.get(key, (0, 0.0, 0.0))
        return {
            "function": _function_label(key),
            "calls_early": e_calls,
            "calls_late": l_calls,
            "own_ms_early": round(e_own, 3),
            "own_ms_late": round(l_own, 3),
            "cumulative_ms_early": round(e_cum, 3),
            "cumulative_ms_late": round(l_cum, 3),
        }

    def top(sort_key, limit=15):
        return [row(k) for k in sorted(keys, key=sort_key, reverse=True)[:limit]]

    return {
        "windows": {name: [start + 1, stop] for name, (start, stop) in windows.items()},
        "files": files,
        "unit": "milliseconds per municipality",
        "top_own_late": top(lambda k: late.get(k, (0, 0, 0))[1]),
        "top_own_growth": top(
            lambda k: late.get(k, (0, 0, 0))[1] - early.get(k, (0, 0, 0))[1]
        ),
        "top_cumulative_growth": top(
            lambda k: late.get(k, (0, 0, 0))[2] - early.get(k, (0, 0, 0))[2], limit=25
        ),
    }


# ---------------------------------------------------------------------------- environment


def machine():
    cpu_model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_mib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_mib = int(line.split()[1]) // 1024
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "memory_mib": memory_mib,
        "cpu_model": cpu_model,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def git_revision():
    try:
        revision = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT,
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return revision + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def database_facts():
    from django.contrib.auth.models import Group
    from django.db import connection
    from wagtail.models import Collection, Page, Site

    from sites.models import Municipality

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    return {
        "postgresql": version,
        "database_size_mib": round(size / 1024 / 1024, 1),
        "rows": {
            "municipalities": Municipality.objects.count(),
            "sites": Site.objects.count(),
            "pages": Page.objects.count(),
            "collections": Collection.objects.count(),
            "groups": Group.objects.count(),
        },
    }


# ---------------------------------------------------------------------------- report


def outcome_counts(calls):
    return dict(Counter(call[2] for call in calls))


def print_shapes(title, rows):
    print(f"\n{title}")
    print("| # | count | per mun. | seconds | share | ms/mun. first slice | ms/mun. last slice "
          "| statement shape |")
    print("|--:|------:|---------:|--------:|------:|------:|------:|-----------------|")
    for number, row in enumerate(rows, 1):
        shape = row.get("short") or abbreviate(row["shape"])
        if len(shape) > 220:
            shape = shape[:217] + "..."
        print(f"| {number} | {row['count']} | {row['per_municipality']:.2f} | "
              f"{row['seconds']:.2f} | {row['share_of_sql_time']:.1%} | "
              f"{row['first_ms']:.2f} | {row['last_ms']:.2f} | `{shape}` |")


def print_profile(comparison):
    early, late = comparison["windows"]["early"], comparison["windows"]["late"]
    for title, key in (
        ("own time, late window", "top_own_late"),
        ("growth of own time", "top_own_growth"),
        ("growth of cumulative time", "top_cumulative_growth"),
    ):
        print(f"\ncProfile, {title} (ms per municipality; early = calls {early[0]}–{early[1]}, "
              f"late = calls {late[0]}–{late[1]}):")
        print("| function | calls early | calls late | own early | own late "
              "| cumul. early | cumul. late |")
        print("|---|--:|--:|--:|--:|--:|--:|")
        for row in comparison[key]:
            print(f"| `{row['function']}` | {row['calls_early']} | {row['calls_late']} | "
                  f"{row['own_ms_early']:.2f} | {row['own_ms_late']:.2f} | "
                  f"{row['cumulative_ms_early']:.2f} | {row['cumulative_ms_late']:.2f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3200,
                        help="How many synthetic municipalities (default 3200).")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--output", type=Path, default=None,
                        help="JSON file to write (default: benchmarks/results/...).")
    parser.add_argument("--cprofile", action="store_true",
                        help="Profile 100 calls after the first slice and 100 before the last "
                        "one with cProfile and compare them (the reported slices stay "
                        "unprofiled; the total is a little slower). The .prof files go next "
                        "to the JSON.")
    parser.add_argument("--analyze-interval", type=float, default=0, metavar="SECONDS",
                        help="Run ANALYZE on a second connection every SECONDS during the "
                        "first provisioning, standing in for autovacuum when the server has "
                        "it off (default: off, the server as it is).")
    args = parser.parse_args()

    revision = git_revision()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    database = recreate_database(url)
    server = server_settings(url)
    if server.get("autovacuum") == "off" and not args.analyze_interval:
        print("Note: autovacuum is off on this server, so the planner's statistics are those "
              "of the empty tables all along; --analyze-interval 30 stands in for it.")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(PROJECT_ROOT))
    os.chdir(PROJECT_ROOT)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    print(f"Database {database} recreated; migrating...", flush=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_seconds = time.perf_counter() - started
    rss_after_migrate = max_rss_mib()

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")

    with tempfile.TemporaryDirectory(prefix="provision_scale_") as scratch:
        csv_path = Path(scratch) / "municipalities.csv"
        call_command("generate_municipalities", "--count", str(args.count),
                     "--seed", str(args.seed), "--output", str(csv_path), stdout=io.StringIO())

        print(f"Provisioning {args.count} municipalities...", flush=True)
        first = run_command(csv_path, args.count, profile=args.cprofile,
                            background=Background(url, args.analyze_interval))
        rss_after_first = max_rss_mib()
        print(f"  done in {first['wall']:.1f} s; running it again (idempotency)...", flush=True)
        second = run_command(csv_path, args.count, background=Background(url))
        rss_after_second = max_rss_mib()

    count = args.count
    first_outcomes = outcome_counts(first["calls"])
    second_outcomes = outcome_counts(second["calls"])
    named, tenths = slices(first["calls"])
    rerun_named, _ = slices(second["calls"])
    shapes = query_shapes(first["queries"], count)
    rerun_shapes = query_shapes(second["queries"], count)
    facts = database_facts()
    idempotent = (
        second_outcomes.get("created", 0) == 0
        and second_outcomes.get("updated", 0) == 0
        and second_outcomes.get("error", 0) == 0
    )
    now = datetime.now(UTC)

    results = {
        "benchmark": "provision_scale",
        "date": now.date().isoformat(),
        "timestamp": now.isoformat(timespec="seconds"),
        "revision": revision,
        "count": count,
        "seed": args.seed,
        "command": f"provision_municipalities FILE --no-progress ({count} rows)",
        "settings": {
            "module": os.environ["DJANGO_SETTINGS_MODULE"],
            "debug": settings.DEBUG,
            "search_backend": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
            "database": database,
            "postgresql": server,
        },
        "machine": machine(),
        "migrate_seconds": round(migrate_seconds, 2),
        "first_run": {
            "cprofile": args.cprofile,
            "wall_seconds": round(first["wall"], 2),
            "ms_per_municipality": round(first["wall"] / count * 1000, 2),
            "municipalities_per_second": round(count / first["wall"], 1),
            "queries": first["queries"].count,
            "queries_per_municipality": round(first["queries"].count / count, 2),
            "outcomes": first_outcomes,
            "slices": named,
            "tenths": tenths,
            "command_output": first["stdout"],
            "command_errors": first["stderr"],
            "query_shapes": shapes,
            "background": first["background"],
        },
        "second_run": {
            "wall_seconds": round(second["wall"], 2),
            "ms_per_municipality": round(second["wall"] / count * 1000, 2),
            "queries": second["queries"].count,
            "queries_per_municipality": round(second["queries"].count / count, 2),
            "outcomes": second_outcomes,
            "idempotent": idempotent,
            "slices": rerun_named,
            "command_output": second["stdout"],
            "command_errors": second["stderr"],
            "query_shapes": rerun_shapes,
            "background": second["background"],
        },
        "peak_rss_mib": {
            "after_migrate": round(rss_after_migrate, 1),
            "after_first_run": round(rss_after_first, 1),
            "after_second_run": round(rss_after_second, 1),
        },
        "database": facts,
    }

    output = args.output or RESULTS_DIR / f"provision_scale_{count}_{stamp}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    if args.cprofile:
        results["first_run"]["cprofile"] = profile_comparison(
            first["profiles"], profile_windows(count), output.parent,
            f"provision_scale_{count}_{stamp}",
        )
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    run = results["first_run"]
    rerun = results["second_run"]
    print()
    print(f"Provisioned {count} municipalities ({facts['postgresql']}, "
          f"{results['machine']['nproc']} CPUs, revision {results['revision']})")
    print(f"  command:   {run['command_output']}")
    if run["command_errors"]:
        print(f"  errors:    {run['command_errors'][:500]}")
    print(f"  wall time: {run['wall_seconds']:.1f} s ({run['ms_per_municipality']:.1f} ms "
          f"per municipality, {run['municipalities_per_second']:.1f}/s)")
    print(f"  queries:   {run['queries']} ({run['queries_per_municipality']:.2f} per "
          f"municipality, SQL time {shapes['sql_seconds']:.1f} s)")
    print(f"  peak RSS:  {results['peak_rss_mib']['after_second_run']:.0f} MiB "
          f"(after migrate {rss_after_migrate:.0f} MiB)")
    print(f"  re-run:    {rerun['wall_seconds']:.1f} s, {rerun['queries_per_municipality']:.2f} "
          f"queries per municipality; {rerun['command_output']}")
    print(f"  idempotent: {'yes' if idempotent else 'NO'} {second_outcomes}")
    print(f"  rows:      {facts['rows']}")
    load = run["background"]
    print(f"  load avg:  {load['load_average_1min_mean']:.2f} mean, "
          f"{load['load_average_1min_max']:.2f} max during the first run "
          f"({results['machine']['nproc']} CPUs; alone, this benchmark keeps it about 1–1.3)")
    print(f"  server:    {server}")
    if load["analyze_runs"]:
        print(f"  ANALYZE:   {load['analyze_runs']} runs, every {args.analyze_interval:g} s, "
              f"{load['analyze_seconds']:.1f} s in all")
    print("\nPer slice of the first run (queries and ms per municipality):")
    print("| municipalities | queries (mean) | queries (min–max) | ms (mean) | ms (median) "
          "| SQL ms (mean) |")
    print("|---------------:|---------------:|------------------:|----------:|------------:"
          "|--------------:|")
    for name, part in [*named.items(), *((f"tenth {i}", t) for i, t in enumerate(tenths, 1))]:
        print(f"| {name} {part['from']}–{part['to']} | {part['queries_per_municipality']:.2f} | "
              f"{part['queries_min']}–{part['queries_max']} | {part['ms_per_municipality']:.1f} | "
              f"{part['ms_median']:.1f} | {part['sql_ms_per_municipality']:.1f} |")
    print_shapes("Top statement shapes by count (first run):", shapes["top_by_count"])
    print_shapes("Top statement shapes by time (first run):", shapes["top_by_time"])
    print_shapes("Top statement shapes by growth, last slice against first (first run):",
                 shapes["top_by_growth"])
    if run.get("cprofile"):
        print_profile(run["cprofile"])

    print("\nMarkdown row:")
    print("| date | count | total s | ms/mun. | queries/mun. | q/mun. first/middle/last slice "
          "| ms/mun. first/middle/last slice | peak RSS MiB | re-run s | re-run created/updated |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    print(
        f"| {results['date']} | {count} | {run['wall_seconds']:.1f} | "
        f"{run['ms_per_municipality']:.1f} | {run['queries_per_municipality']:.2f} | "
        + " / ".join(f"{named[k]['queries_per_municipality']:.2f}" for k in named) + " | "
        + " / ".join(f"{named[k]['ms_per_municipality']:.1f}" for k in named) + " | "
        f"{results['peak_rss_mib']['after_second_run']:.0f} | {rerun['wall_seconds']:.1f} | "
        f"{second_outcomes.get('created', 0)}/{second_outcomes.get('updated', 0)} |"
    )
    print(f"\nFigures written to {output}")
    return 0 if idempotent and not first_outcomes.get("error") else 1


if __name__ == "__main__":
    sys.exit(main())
