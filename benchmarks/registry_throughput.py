#!/usr/bin/env python
"""Registrations per second in the document registry, with concurrent writers.

Run from the project root:

    .venv/bin/python benchmarks/registry_throughput.py [--writers 8] [--per-writer 300]

It drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/vdocs_bench), migrates it with portal.settings.test,
creates 100 municipalities (records only: the registry needs no website) with their case
types, and then runs two workloads, each with W threads that hold their own connection:

* one registry: every writer registers in the same municipality, so all of them queue on
  one registry book row (the lock that keeps numbers gapless);
* 100 registries: writer w's i-th registration goes to municipality (w·37 + i) mod 100, so
  writers rarely meet on a book.

One registration is what an incoming submission costs: a new case (a main number) and its
first incoming document (a sub-number) with a 20 kB PDF stored through the default storage
(a temporary folder) and fingerprinted, plus the audit records, in one transaction. At the
end it checks that each book's numbers are 1..n without a gap and prints a Markdown table.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vdocs_bench"
MUNICIPALITIES = 100


def recreate_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup(url):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(PROJECT_ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="registry-bench-"))
    settings.PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="registry-bench-private-"))
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_municipalities():
    from services.documents.casetypes import case_types, load_schedule
    from sites.models import Municipality

    load_schedule()
    result = []
    for number in range(MUNICIPALITIES):
        municipality = Municipality.objects.create(
            name=f"Mérőfalva {number}",
            slug=f"merofalva-{number}",
            ksh_code=f"{70000 + number:05d}",
            county="Pest",
            legal_status="kozseg",
            postal_code="2000",
        )
        result.append((municipality, case_types(municipality).get(code="B-220")))
    return result


def register(municipality, case_type, payload):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from services.documents import services

    with transaction.atomic():
        case = services.open_case(
            municipality, case_type=case_type, subject="Mérés", client_name="Mérő Mária"
        )
        services.register_document(
            case,
            direction="incoming",
            subject="Kérelem",
            files=[SimpleUploadedFile("kerelem.pdf", payload, content_type="application/pdf")],
        )


def run(targets, writers, per_writer, spread):
    from django.db import connections

    payload = b"%PDF-1.4\n" + os.urandom(20 * 1024)
    latencies, errors = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(writers + 1)

    def writer(number):
        own = []
        try:
            barrier.wait()
            for i in range(per_writer):
                municipality, case_type = targets[(number * 37 + i) % len(targets) if spread else 0]
                started = time.perf_counter()
                register(municipality, case_type, payload)
                own.append(time.perf_counter() - started)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()
            with lock:
                latencies.extend(own)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    latencies.sort()
    return {
        "registrations": len(latencies),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def check_gapless():
    from services.documents.models import Case, RegistryBook

    for book in RegistryBook.objects.unscoped():
        numbers = list(
            Case.objects.unscoped()
            .filter(book=book)
            .order_by("main_number")
            .values_list("main_number", flat=True)
        )
        assert numbers == list(range(1, book.last_main_number + 1)), book


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--per-writer", type=int, default=300)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    setup(url)
    targets = make_municipalities()
    register(*targets[0], b"%PDF-1.4 warm-up")  # imports, calendar and first book
    results = {
        "one registry": run(targets, args.writers, args.per_writer, spread=False),
        f"{MUNICIPALITIES} registries": run(targets, args.writers, args.per_writer, spread=True),
    }
    check_gapless()
    cpus = os.cpu_count()
    print(
        f"\n{platform.node()} · {platform.processor() or platform.machine()} · {cpus} CPUs · "
        f"Python {platform.python_version()} · {args.writers} writers × {args.per_writer}"
    )
    print("| workload | registrations | seconds | registrations/s | p50 ms | p99 ms |")
    print("|---|--:|--:|--:|--:|--:|")
    for name, r in results.items():
        print(
            f"| {name} | {r['registrations']} | {r['seconds']:.1f} | {r['per_second']:.0f} | "
            f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} |"
        )
    print("Numbers checked: every book is 1..n without a gap.")


if __name__ == "__main__":
    main()
