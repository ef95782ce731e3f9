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
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# The script's own folder is on the path when it runs: its parts are modules beside it.
from provision_measuring import (
    Background,
    CallRecorder,
    QueryRecorder,
    max_rss_mib,
    profile_windows,
    slice_windows,
    slices,
)
from provision_report import outcome_counts, print_summary, profile_comparison, query_shapes

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = PROJECT_ROOT / "benchmarks" / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/varoshaza_bench"


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


# ---------------------------------------------------------------------------- the command


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
            call_command(
                "provision_municipalities",
                str(csv_path),
                "--no-progress",
                "--now",  # in this process, whatever the task backend
                stdout=stdout,
                stderr=stderr,
            )
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
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--count", type=int, default=3200, help="How many synthetic municipalities (default 3200)."
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="JSON file to write (default: benchmarks/results/...).",
    )
    parser.add_argument(
        "--cprofile",
        action="store_true",
        help="Profile 100 calls after the first slice and 100 before the last "
        "one with cProfile and compare them (the reported slices stay "
        "unprofiled; the total is a little slower). The .prof files go next "
        "to the JSON.",
    )
    parser.add_argument(
        "--analyze-interval",
        type=float,
        default=0,
        metavar="SECONDS",
        help="Run ANALYZE on a second connection every SECONDS during the "
        "first provisioning, standing in for autovacuum when the server has "
        "it off (default: off, the server as it is).",
    )
    args = parser.parse_args()

    revision = git_revision()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    database = recreate_database(url)
    server = server_settings(url)
    if server.get("autovacuum") == "off" and not args.analyze_interval:
        print(
            "Note: autovacuum is off on this server, so the planner's statistics are those "
            "of the empty tables all along; --analyze-interval 30 stands in for it."
        )
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
        call_command(
            "generate_municipalities",
            "--count",
            str(args.count),
            "--seed",
            str(args.seed),
            "--output",
            str(csv_path),
            stdout=io.StringIO(),
        )

        print(f"Provisioning {args.count} municipalities...", flush=True)
        first = run_command(
            csv_path,
            args.count,
            profile=args.cprofile,
            background=Background(url, args.analyze_interval),
        )
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
            first["profiles"],
            profile_windows(count),
            output.parent,
            f"provision_scale_{count}_{stamp}",
        )
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    print_summary(results, server, args.analyze_interval)
    print(f"\nFigures written to {output}")
    return 0 if idempotent and not first_outcomes.get("error") else 1


if __name__ == "__main__":
    sys.exit(main())
