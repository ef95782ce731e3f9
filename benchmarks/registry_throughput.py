#!/usr/bin/env python
"""Registrations per second in the document registry, with concurrent writers.

Run from the project root:

    .venv/bin/python benchmarks/registry_throughput.py [--writers 8] [--per-writer 300]

It drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/vdocs_bench), migrates it with portal.settings.test,
creates 100 municipalities (records only: the registry needs no website) with their case
types, and then runs two workloads, each with W writers that hold their own connection
(processes by default, so that Python's GIL does not serialise them; ``--mode threads``
for threads):

* one registry: every writer registers in the same municipality, so all of them queue on
  one registry book row (the lock that keeps numbers gapless);
* 100 registries: writer w's i-th registration goes to municipality (w·37 + i) mod 100, so
  writers rarely meet on a book.

One registration is what an incoming submission costs: a new case (a main number) and its
first incoming document (sub-number 1) with a 20 kB PDF stored through the private storage
(a temporary folder) and fingerprinted, plus the audit records, in one transaction
(``services.register_case``). ``--api split`` registers the same in two calls inside one
transaction (``open_case`` then ``register_document``), the shape before the number was
taken last: the book stays locked while the document and its file are written.

``--fail-every K`` makes every K-th registration of each writer fail after its number was
taken (a trigger refuses the insert of its audit records): those must leave no gap and no
file.

Afterwards it checks every book: the main numbers are 1..n without a gap or a duplicate,
every case has its document 1, and the storage holds exactly the files of the registered
documents (none left by failed registrations). If any check fails it prints what failed
and exits non-zero *without* a throughput figure. Otherwise it prints a Markdown table.
"""

import argparse
import multiprocessing
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
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the benchmark's database name must contain 'bench'.")
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


def register(municipality, case_type, payload, api="register_case", subject="Mérés"):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from services.documents import services

    upload = SimpleUploadedFile("kerelem.pdf", payload, content_type="application/pdf")
    if api == "split":
        with transaction.atomic():
            case = services.open_case(
                municipality, case_type=case_type, subject=subject, client_name="Mérő Mária"
            )
            services.register_document(
                case, direction="incoming", subject="Kérelem", files=[upload]
            )
        return
    services.register_case(
        municipality,
        case_type=case_type,
        subject=subject,
        client_name="Mérő Mária",
        document=services.NewDocument(subject="Kérelem", files=[upload]),
    )


# A registration's last insert, after its number was taken, is its audit records: this
# trigger makes it fail for a subject that says REFUSE, as a database error there would.
REFUSE_TRIGGER = """
    CREATE FUNCTION bench_refuse_marked_audit() RETURNS trigger AS $$
    BEGIN
        IF NEW.detail LIKE '%REFUSE%' THEN
            RAISE EXCEPTION 'refused by the benchmark';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER bench_refuse_marked_audit BEFORE INSERT ON documents_auditevent
        FOR EACH ROW EXECUTE FUNCTION bench_refuse_marked_audit();
"""


def install_failure_trigger():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(REFUSE_TRIGGER)


def writer_loop(number, targets, per_writer, spread, payload, api, fail_every, start):
    """One writer's registrations; returns (latencies in s, failures injected)."""
    from django.db import DatabaseError, connections

    latencies, failed = [], 0
    try:
        start.wait()
        for i in range(per_writer):
            municipality, case_type = targets[(number * 37 + i) % len(targets) if spread else 0]
            if fail_every and (i + 1) % fail_every == 0:
                try:
                    register(municipality, case_type, payload, api, subject="REFUSE")
                except DatabaseError:
                    failed += 1
                else:
                    raise AssertionError("the injected failure did not happen")
                continue
            started = time.perf_counter()
            register(municipality, case_type, payload, api)
            latencies.append(time.perf_counter() - started)
    finally:
        connections.close_all()
    return latencies, failed


def _process_writer(number, args, results):
    try:
        results.put((number, writer_loop(number, *args), None))
    except BaseException as error:  # reported by the parent
        results.put((number, None, repr(error)))


def run(targets, writers, per_writer, spread, *, mode, api, fail_every):
    from django.db import connections

    payload = b"%PDF-1.4\n" + os.urandom(20 * 1024)
    outcomes = []
    if mode == "processes":
        # Forked writers must not share the parent's connection: each opens its own.
        connections.close_all()
        context = multiprocessing.get_context("fork")
        start = context.Barrier(writers + 1)
        results = context.Queue()
        args = (targets, per_writer, spread, payload, api, fail_every, start)
        workers = [
            context.Process(target=_process_writer, args=(n, args, results)) for n in range(writers)
        ]
        for worker in workers:
            worker.start()
        start.wait()
        started = time.perf_counter()
        outcomes = [results.get() for _ in workers]
        elapsed = time.perf_counter() - started
        for worker in workers:
            worker.join()
    else:
        start = threading.Barrier(writers + 1)
        lock = threading.Lock()
        args = (targets, per_writer, spread, payload, api, fail_every, start)

        def thread_writer(number):
            try:
                outcome = (number, writer_loop(number, *args), None)
            except BaseException as error:
                outcome = (number, None, repr(error))
            with lock:
                outcomes.append(outcome)

        threads = [threading.Thread(target=thread_writer, args=(n,)) for n in range(writers)]
        for thread in threads:
            thread.start()
        start.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    errors = [f"writer {number}: {error}" for number, _, error in outcomes if error]
    if errors:
        sys.exit("A writer failed:\n" + "\n".join(errors))
    latencies = sorted(t for _, (own, _failed), _ in outcomes for t in own)
    return {
        "registrations": len(latencies),
        "failed": sum(failed for _, (_own, failed), _ in outcomes),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000,
    }


def check_registry(expected_cases):
    """What must hold whatever the speed; returns a list of problems (empty: all good)."""
    from django.conf import settings
    from django.db.models import Count

    from services.documents.models import Case, Document, DocumentFile, RegistryBook

    problems = []
    for book in RegistryBook.objects.unscoped():
        numbers = list(
            Case.objects.unscoped()
            .filter(book=book)
            .order_by("main_number")
            .values_list("main_number", flat=True)
        )
        if len(numbers) != len(set(numbers)):
            problems.append(f"book {book.pk}: duplicate main numbers")
        if numbers != list(range(1, book.last_main_number + 1)):
            missing = sorted(set(range(1, book.last_main_number + 1)) - set(numbers))
            problems.append(f"book {book.pk}: gaps, missing {missing[:10]}")
    cases = Case.objects.unscoped().count()
    if cases != expected_cases:
        problems.append(f"{cases} cases registered, {expected_cases} expected")
    firsts = Document.objects.unscoped().filter(sub_number=1).count()
    if firsts != cases:
        problems.append(f"{cases} cases but {firsts} first documents")
    duplicated = (
        Document.objects.unscoped()
        .values("municipality_id", "registry_number")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    if duplicated:
        problems.append(f"{duplicated} registry numbers given to more than one document")
    stored = {
        str(path.relative_to(settings.PRIVATE_MEDIA_ROOT))
        for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*")
        if path.is_file()
    }
    recorded = set(DocumentFile.objects.unscoped().values_list("file", flat=True))
    if stored - recorded:
        problems.append(f"{len(stored - recorded)} files in storage without a registration")
    if recorded - stored:
        problems.append(f"{len(recorded - stored)} registered files missing from storage")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--per-writer", type=int, default=300)
    parser.add_argument("--mode", choices=["processes", "threads"], default="processes")
    parser.add_argument(
        "--api",
        choices=["register_case", "split"],
        default="register_case",
        help="one call for the case and its document, or open_case + register_document",
    )
    parser.add_argument("--fail-every", type=int, default=0, metavar="K")
    parser.add_argument(
        "--workload", choices=["both", "one", "spread"], default="both", help="which workloads"
    )
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    setup(url)
    targets = make_municipalities()
    register(*targets[0], b"%PDF-1.4 warm-up", args.api)  # imports, calendar, first book
    if args.fail_every:
        install_failure_trigger()
    load_before = os.getloadavg()
    workloads = {
        "one": ("one registry", False),
        "spread": (f"{MUNICIPALITIES} registries", True),
    }
    chosen = ["one", "spread"] if args.workload == "both" else [args.workload]
    results = {}
    for key in chosen:
        name, spread = workloads[key]
        results[name] = run(
            targets,
            args.writers,
            args.per_writer,
            spread,
            mode=args.mode,
            api=args.api,
            fail_every=args.fail_every,
        )
    load_after = os.getloadavg()
    problems = check_registry(1 + sum(r["registrations"] for r in results.values()))
    if problems:
        print("The registry is not consistent; no figure is reported:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        sys.exit(1)
    print(
        f"\n{platform.node()} · {platform.processor() or platform.machine()} · "
        f"{os.cpu_count()} CPUs · Python {platform.python_version()} · {args.writers} "
        f"writer {args.mode} × {args.per_writer} · api {args.api} · "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print(
        "| workload | registrations | failed on purpose | seconds | registrations/s "
        "| p50 ms | p99 ms |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|")
    for name, r in results.items():
        print(
            f"| {name} | {r['registrations']} | {r['failed']} | {r['seconds']:.1f} | "
            f"{r['per_second']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} |"
        )
    print(
        "Checked: every book is 1..n without a gap or a duplicate, every case has its first "
        "document, and the storage holds exactly the registered files."
    )


if __name__ == "__main__":
    main()
