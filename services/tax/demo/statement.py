"""The demo bank statement (MT940): ``data/tax/samples/demo-eger-statement.sta`` is its
output for Eger."""

import random
from collections import defaultdict

from .. import services as tax
from ..constants import (
    TaxType,
)
from ..models import (
    Taxpayer,
    TaxpayerDetails,
)
from .data import _ascii


def _mt940_amount(amount):
    return f"{amount},00"


def demo_statement(municipality, *, on, count=24):
    """An MT940 statement of ``on`` for the municipality's collection accounts: transfers
    from ``count`` demo taxpayers who owe money, each paying what it owes on a tax type (a
    few only part of it), the remark naming the taxpayer's identifier as banks print it
    (no accents); and two for the officer's unmatched queue: one whose remark names nobody,
    one whose identifier was mistyped by the payer (its check digit wrong)."""
    rng = random.Random(f"tax-demo-statement:{municipality.ksh_code}:{on.isoformat()}")
    accounts = tax.collection_accounts(municipality)
    owing = []
    taxpayers = Taxpayer.objects.for_municipality(municipality).order_by("pk")
    names = {
        row.taxpayer_id: row
        for row in TaxpayerDetails.objects.for_municipality(municipality).filter(valid_to=None)
    }
    for taxpayer in taxpayers:
        for tax_type, owed in sorted(tax.balances(taxpayer, on=on).items()):
            if owed > 0 and tax_type in accounts:
                owing.append((taxpayer, tax_type, owed))
    chosen = sorted(rng.sample(owing, min(count, len(owing))), key=lambda row: row[0].pk)
    by_account = defaultdict(list)
    for taxpayer, tax_type, owed in chosen:
        amount = owed if rng.random() < 0.8 else max(1000, owed // 2 // 100 * 100)
        name = _ascii(names[taxpayer.pk].name).upper()
        remark = f"{taxpayer.identifier} {_ascii(str(TaxType(tax_type).label)).upper()}"
        by_account[tax_type].append((amount, name, remark))
    by_account[TaxType.BUILDING].append((15000, "NAGY ISTVAN", "ADO BEFIZETES"))
    # The payer of the first person's transfer pays again, the last digit mistyped: the
    # officer finds the taxpayer by name in the queue and assigns the money.
    person = next((row for row in chosen if "-" not in row[0].identifier), None)
    if person is not None:
        taxpayer, tax_type, _owed = person
        identifier = taxpayer.identifier[:-1] + str((int(taxpayer.identifier[-1]) + 1) % 10)
        by_account[tax_type].append(
            (
                5000,
                _ascii(names[taxpayer.pk].name).upper(),
                f"{identifier} {_ascii(str(TaxType(tax_type).label)).upper()}",
            )
        )
    day = on.strftime("%y%m%d")
    lines = []
    for number, tax_type in enumerate(sorted(by_account), start=1):
        iban = accounts[tax_type].iban.replace(" ", "") or accounts[tax_type].giro
        lines += [
            f":20:DEMO{day}{number:02d}",
            f":25:{iban}",
            f":28C:{on.timetuple().tm_yday:03d}/{number:03d}",
            f":60F:C{day}HUF0,00",
        ]
        total = 0
        for serial, (amount, name, remark) in enumerate(by_account[tax_type], start=1):
            total += amount
            lines += [
                f":61:{day}{on:%m%d}C{_mt940_amount(amount)}NTRFNONREF//{day}{number:02d}{serial:04d}",
                # The remark first (what the matching reads), the payer on the next line.
                f":86:{remark}"[:65],
                f"ATUTALAS JOVAIRAS/{name}"[:65],
            ]
        lines += [f":62F:C{day}HUF{_mt940_amount(total)}", "-"]
    return "\r\n".join(lines) + "\r\n"
