"""What the benchmarks that run Django in-process share: a PostgreSQL database of their own
(its name must contain "bench", so that no benchmark ever writes into a development or test
database), Django set up on it with the test settings and migrated, a throwaway
municipality with a fresh KSH code, and the p95 and table row of the README's tables."""

import os
import random
import statistics
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/varoshaza_bench"


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def row(label, values, queries="–"):
    """| label | n | median ms | p95 ms | queries |"""
    return (
        f"| {label} | {len(values)} | {statistics.median(values):.1f} | {p95(values):.1f} "
        f"| {queries} |"
    )


def ensure_database(url):
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[-1]
        base = url.rsplit("/", 1)[0] + "/postgres"
        exists = subprocess.run(
            ["psql", base, "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not exists:
            subprocess.run(["psql", base, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def setup_django(default_url=DEFAULT_URL):
    """BENCH_DATABASE_URL (or ``default_url``) as the database, created if missing and
    migrated; returns its URL."""
    url = os.environ.get("BENCH_DATABASE_URL", default_url)
    if "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit(f"Refusing {url}: the benchmark database's name must contain 'bench'.")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def new_municipality(name, slug, rng=random):
    """A town of its own for this run ("<name> <code>"), next to earlier runs' towns."""
    from sites.models import Municipality

    code = f"{rng.randrange(70000, 99999)}"
    while Municipality.objects.filter(ksh_code=code).exists():
        code = f"{rng.randrange(70000, 99999)}"
    return Municipality.objects.create(
        name=f"{name} {code}",
        slug=f"{slug}-{code}",
        ksh_code=code,
        county="Heves",
        legal_status="varos",
        postal_code="3300",
    )
