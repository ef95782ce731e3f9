#!/usr/bin/env python
"""The import of HIPA returns forwarded by NAV (kind ``nav_hipa``): how long a file of N
annual returns takes to book (three ledger entries each: the difference, two advances),
and the same file again (every line found already booked: nothing written).

Run from the project root (needs the local PostgreSQL):

    .venv/bin/python benchmarks/tax_nav_hipa_import.py --size 2000

It points ``DATABASE_URL`` at ``BENCH_DATABASE_URL`` (default
postgres://postgres@127.0.0.1:5432/varoshaza_bench; a name without ``bench`` is refused)
with ``portal.settings.test``, runs ``migrate``, makes a municipality with N companies
(synthetic tax numbers with valid check digits), writes the CSV in the documented layout
(docs/tax-nav-hipa-import.md) and times ``import_registers(municipality, "nav_hipa", …)``
twice, with the load average before and after."""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=2000)
    options = parser.parse_args()
    sys.path.insert(0, str(PROJECT_ROOT))
    from benchmarks.django_bench import new_municipality, setup_django

    setup_django()
    from benchmarks.tax_city import _tax_number
    from services.tax import services as tax
    from services.tax.constants import DeliveryChannel, TaxpayerKind

    municipality = new_municipality("Iparváros", "iparvaros")
    lines = ["Adószám;Adóév;Típus;Fizetendő adó;Első előleg;Második előleg;Beérkezés;NAV azonosító"]
    for serial in range(1, options.size + 1):
        number = _tax_number(serial)
        tax.register_taxpayer(
            municipality,
            kind=TaxpayerKind.ORGANISATION,
            identifier=number,
            valid_from=datetime.date(2020, 1, 1),
            family_name=f"Cég {serial} Kft.",
            postal_code="3300",
            settlement="Eger",
            address_line="Fő utca 1.",
            delivery_channel=DeliveryChannel.PORTAL_MAILBOX,
        )
        tax_amount = 10_000 * (1 + serial % 97)
        lines.append(
            f"{number};2025;eves;{tax_amount};{tax_amount // 2};{tax_amount - tax_amount // 2};"
            f"2026.05.28.;HIPA-2025-{serial:06d}"
        )
    data = ("\n".join(lines) + "\n").encode("utf-8")
    for label in ("first import", "again (nothing new)"):
        load = os.getloadavg()[0]
        started = time.monotonic()
        result = tax.import_registers(municipality, "nav_hipa", data)
        seconds = time.monotonic() - started
        print(
            f"{label}: {options.size} lines in {seconds:.1f} s "
            f"({1000 * seconds / options.size:.1f} ms/line), created {result.created}, "
            f"unchanged {result.unchanged}, errors {len(result.errors)}; "
            f"load {load:.1f} → {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
