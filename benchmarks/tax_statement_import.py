#!/usr/bin/env python
"""Importing a bank statement of 50,000 transfers into the tax office (target < 30 s).

Run from the project root:

    .venv/bin/python benchmarks/tax_statement_import.py [--transfers 50000] [--format mt940]

It drops and recreates the database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/vtax_statement_bench; a name without "bench" is
refused), migrates it with portal.settings.test, and builds one municipality with a
building tax collection account and T × 0.9 taxpayers (persons by adóazonosító jel and
organisations by adószám, one in ten), each with a building tax charge due before the
statement, in bulk. It then writes a statement (MT940 or camt.053) of T items on that
account:

* 90 % credits whose remark names a registered taxpayer, written the ways payers write
  it ("ADÓAZ:8…", "8xxx xxx xxx", "adószám 1234567-8-41 …"): booked and allocated;
* 4 % without an identifier, 2 % with an unregistered one, 2 % with a mistyped one,
  2 % debits: queued.

and times ``tax.import_statement`` (parse, match, book, allocate, queue) as one call,
counting queries (COPY statements included), then imports the same file again (all
duplicates; must book nothing). The load average before and after is printed: on a
shared machine the wall time is mostly waiting for a CPU, the Python CPU time is not.
It prints the figures and a Markdown row for benchmarks/README.md.
"""

import argparse
import datetime
import os
import platform
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vtax_statement_bench"
ACCOUNT = "10032000-00000000-00610018"
ACCOUNT_IBAN = "HU65100320000000000000610018"


def recreate_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name contains 'bench'.")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup(url):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(PROJECT_ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def identifiers(count):
    """``count`` valid identifiers: nine in ten adóazonosító jelek, one in ten adószámok."""
    from services.forms.validators import tax_id_check_digit, tax_number_check_digit

    result, serial = [], 1
    while len(result) < count:
        serial += 1
        if len(result) % 10 == 9:
            first_seven = f"{1000000 + serial:07d}"
            result.append(f"{first_seven}{tax_number_check_digit(first_seven)}-2-41")
            continue
        first_nine = f"8{serial:08d}"
        check = tax_id_check_digit(first_nine)
        if check is not None:
            result.append(first_nine + str(check))
    return result


def build_city(count):
    from services.tax import services as tax
    from services.tax.constants import EntryKind, TaxpayerKind, TaxType
    from services.tax.models import LedgerEntry, Taxpayer
    from sites.models import Municipality

    municipality = Municipality.objects.create(
        name="Mérőváros",
        slug="merovaros",
        ksh_code="79999",
        county="Heves",
        legal_status="kozseg",
        postal_code="3300",
    )
    tax.set_collection_account(municipality, TaxType.BUILDING, giro=ACCOUNT)
    ids = identifiers(count + count // 20 + 10)
    unregistered, ids = ids[count:], ids[:count]
    taxpayers = Taxpayer.objects.bulk_create(
        [
            Taxpayer(
                municipality=municipality,
                kind=TaxpayerKind.ORGANISATION if "-" in i else TaxpayerKind.PERSON,
                tax_id="" if "-" in i else i,
                tax_number=i if "-" in i else "",
            )
            for i in ids
        ],
        batch_size=5000,
    )
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                municipality=municipality,
                taxpayer=taxpayer,
                tax_type=TaxType.BUILDING,
                kind=EntryKind.CHARGE,
                origin="assessment",
                amount=20000,
                signed_amount=20000,
                booked_on=datetime.date(2026, 2, 1),
                due_on=datetime.date(2026, 3, 16),
                period_year=2026,
                instalment=1,
            )
            for taxpayer in taxpayers
        ],
        batch_size=5000,
    )
    return municipality, ids, unregistered


def remark_for(identifier, rng):
    if "-" in identifier:
        return f"Mérő Kft. adószám {identifier} építményadó 2026/1"
    spaced = f"{identifier[:4]} {identifier[4:7]} {identifier[7:]}"
    return rng.choice(
        [
            f"ADÓAZ:{identifier} ÉPÍTMÉNYADÓ 2026 I. FÉLÉV",
            f"Építményadó {spaced} Kovács Mária",
            f"EPITMENYADO 2026 AAJ {identifier}",
        ]
    )


def mistyped(identifier):
    """The identifier with its last digit changed: its check digit no longer matches."""
    return identifier[:-1] + str((int(identifier[-1]) + 1) % 10)


def items(ids, unregistered, count, seed=15):
    """(credit, amount, remark) of the statement's items."""
    rng = random.Random(seed)
    result = []
    for number in range(count):
        share = number % 50
        if share < 45:
            identifier = ids[number % len(ids)]
            result.append((True, rng.choice((10000, 20000, 25000)), remark_for(identifier, rng)))
        elif share < 47:
            result.append((True, 15000, "Építményadó befizetés Dobó tér 5."))
        elif share < 48:
            unknown = unregistered[number % len(unregistered)]
            result.append((True, 12000, f"ADÓAZ {unknown} építményadó"))
        elif share < 49:
            person = ids[(number // 10 * 10) % len(ids)]  # every tenth is an adószám
            result.append((True, 8000, f"ADÓAZ:{mistyped(person)} építményadó"))
        else:
            result.append((False, 1500, "Számlavezetési díj"))
    return result


def mt940(rows):
    lines = [":20:BENCH1", f":25:{ACCOUNT_IBAN}", ":28C:1/1", ":60F:C260316HUF0,00"]
    for number, (credit, amount, remark) in enumerate(rows, 1):
        mark = "C" if credit else "D"
        lines.append(f":61:2603170317{mark}{amount},00NTRFNONREF//B{number:010d}")
        lines.append(f":86:{remark}")
    lines += [":62F:C260317HUF0,00", "-"]
    return "\n".join(lines).encode()


def camt053(rows):
    from xml.sax.saxutils import escape

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>',
        "<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-03-17T18:00:00</CreDtTm></GrpHdr>",
        f"<Stmt><Id>BENCH1</Id><Acct><Id><IBAN>{ACCOUNT_IBAN}</IBAN></Id><Ccy>HUF</Ccy></Acct>",
    ]
    for number, (credit, amount, remark) in enumerate(rows, 1):
        parts.append(
            f'<Ntry><Amt Ccy="HUF">{amount}.00</Amt>'
            f"<CdtDbtInd>{'CRDT' if credit else 'DBIT'}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
            "<BookgDt><Dt>2026-03-17</Dt></BookgDt><ValDt><Dt>2026-03-17</Dt></ValDt>"
            f"<AcctSvcrRef>B{number:010d}</AcctSvcrRef><NtryDtls><TxDtls>"
            f"<RmtInf><Ustrd>{escape(remark)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
        )
    parts.append("</Stmt></BkToCstmrStmt></Document>")
    return "".join(parts).encode()


def timed_import(municipality, content, name):
    import psycopg
    from django.db import connection

    from services.tax import services as tax

    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    # COPY goes to psycopg's cursor directly, past Django's execute wrappers: counted here.
    copy = psycopg.Cursor.copy

    def counted_copy(self, *args, **kwargs):
        queries[0] += 1
        return copy(self, *args, **kwargs)

    psycopg.Cursor.copy = counted_copy
    try:
        with connection.execute_wrapper(count):
            cpu = time.process_time()
            started = time.perf_counter()
            record = tax.import_statement(municipality, content, file_name=name)
            elapsed = time.perf_counter() - started
    finally:
        psycopg.Cursor.copy = copy
    # On a shared machine the wall time includes waiting for a CPU; the Python process's
    # own CPU time says how much of it was this import's work (PostgreSQL's is not in it).
    return record, elapsed, queries[0], time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--transfers", type=int, default=50000)
    parser.add_argument("--format", choices=("mt940", "camt053"), default="mt940")
    options = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    setup(url)

    started = time.perf_counter()
    municipality, ids, unregistered = build_city(int(options.transfers * 0.9))
    rows = items(ids, unregistered, options.transfers)
    content = (mt940 if options.format == "mt940" else camt053)(rows)
    print(
        f"setup: {len(ids):,} taxpayers with a charge, a {len(content) / 2**20:.1f} MiB "
        f"{options.format} file, in {time.perf_counter() - started:.1f} s"
    )

    from services.tax import services as tax

    load_before = os.getloadavg()
    started = time.perf_counter()
    tax.parse_statement(content)
    parsing = time.perf_counter() - started
    record, elapsed, queries, cpu = timed_import(municipality, content, f"bench.{options.format}")
    load_after = os.getloadavg()
    again, elapsed_again, queries_again, _cpu = timed_import(municipality, content, "again")
    if again.booked_count or again.queued_count:
        sys.exit("The second import booked or queued something: idempotency is broken.")

    print(
        f"import: {record.item_count:,} items, {record.booked_count:,} booked, "
        f"{record.queued_count:,} queued in {elapsed:.1f} s (parsing alone {parsing:.1f} s, "
        f"Python CPU {cpu:.1f} s); "
        f"{queries:,} queries ({queries / record.item_count:.4f} per item)"
    )
    print(
        f"again:  {again.duplicate_count:,} duplicates, nothing booked, in {elapsed_again:.1f} s; "
        f"{queries_again} queries"
    )
    print(f"load average before/after: {load_before[0]:.2f} / {load_after[0]:.2f}")
    print()
    print(
        f"| {options.format} | {record.item_count:,} | {record.booked_count:,} | "
        f"{elapsed:.1f} s | {cpu:.1f} s | {parsing:.1f} s | "
        f"{queries / record.item_count:.4f} ({queries}) | "
        f"{elapsed_again:.1f} s | {load_before[0]:.2f}/{load_after[0]:.2f} | "
        f"{platform.python_version()} |"
    )


if __name__ == "__main__":
    main()
