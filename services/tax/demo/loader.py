"""``load_demo``: one municipality's demo tax office, made once."""

import datetime
import random
import time
from collections import Counter

from django.db import transaction
from django.utils.translation import gettext as _

from .. import services as tax
from ..constants import EntryKind, TaxType
from ..models import (
    LedgerEntry,
    Taxpayer,
)
from .decree import _make_accounts, _make_decrees
from .money import (
    _annual_amounts,
    _book_charges,
    _book_simple_payments,
    _opening_balances,
    _payments,
)
from .people import _Plan, _write_registers


@transaction.atomic
def load_demo(municipality, stdout=None, *, today=None, size=None):
    """The municipality's demo tax office (see the module). Returns a Counter of what was
    made, or None when the municipality already has taxpayers."""
    from sites.actor import Actor

    if Taxpayer.objects.for_municipality(municipality).exists():
        return None
    started = time.monotonic()
    today = today or datetime.date.today()
    year = today.year
    plan = _Plan(municipality, today, size=size)
    rng = random.Random(f"tax-demo-ledger:{municipality.ksh_code}")
    actor = Actor.system(municipality=municipality)
    made = Counter()
    decree, _draft = _make_decrees(municipality, rng, year)
    made["decrees"] = 2
    _make_accounts(municipality)
    made["details"], made["ownerships"], made["tax_objects"] = _write_registers(municipality, plan)
    made["taxpayers"], made["properties"] = len(plan.taxpayers), len(plan.properties)
    taxpayers = {row["taxpayer"].pk: row["taxpayer"] for row in plan.taxpayers}
    amounts = _annual_amounts(municipality, decree, plan, year)
    debtors, credited, paid_later = _opening_balances(rng, taxpayers, amounts, year, actor)
    made["opening_debts"], made["opening_credits"] = len(debtors), len(credited)
    assessed_on = min(datetime.date(year, 2, 10), today)
    # Building, land and communal tax through the real annual assessment (decisions
    # registered in the registry, delivered to the print batch or the portal mailbox, a
    # run the officer sees under "Éves kivetés"); the business tax's advances come from
    # last year's return, so they are booked as the return would.
    run = tax.run_assessment(
        tax.create_assessment_run(municipality, year, actor=actor),
        actor=actor,
        decided_on=assessed_on,
    )
    made["decisions"] = run.decisions
    business = {key: amount for key, amount in amounts.items() if key[1] == TaxType.BUSINESS}
    _book_charges(municipality, business, year, assessed_on, actor)
    charges = list(
        LedgerEntry.objects.for_municipality(municipality).filter(
            kind=EntryKind.CHARGE, period_year=year
        )
    )
    made["charges"] = len(charges)
    # The overpayments brought over pay this year's charges as soon as they are booked
    # (the bulk INSERT allocated nothing).
    for taxpayer_id in sorted(credited):
        tax.settle(taxpayers[taxpayer_id], on=assessed_on, actor=actor)
    payments = _payments(rng, plan, amounts, year, today)
    first_due = tax.half_year_due_dates(year)[0]
    for taxpayer_id, tax_type, owed in paid_later:
        paid_on = min(first_due + datetime.timedelta(days=rng.randint(-40, 40)), today)
        identifier = next(
            r["identifier"] for r in plan.taxpayers if r["taxpayer"].pk == taxpayer_id
        )
        payments.append(
            (paid_on, taxpayer_id, tax_type, owed, f"{identifier} {year - 1}", "opening")
        )
    payments.sort()
    # Where a payment can only pay the halves it was made for (no other money, no debt
    # brought over, nothing paid over), it is written in bulk with the allocations the
    # ledger's ``settle`` books for it; every other payment goes through ``book_payment``.
    # tests/services/tax/test_demo.py checks that ``settle`` then finds nothing to do.
    involved = debtors | credited | {row[1] for row in payments if row[5] == "overpaid"}
    simple = [row for row in payments if row[1] not in involved]
    _book_simple_payments(municipality, charges, simple, actor)
    for number, (paid_on, taxpayer_id, tax_type, amount, remark, _habit) in enumerate(payments):
        if taxpayer_id not in involved:
            continue
        tax.book_payment(
            taxpayers[taxpayer_id],
            tax_type,
            amount,
            paid_on=paid_on,
            reference=remark[:120],
            idempotency_key=f"demo-payment:{number}",
            actor=actor,
        )
    made["payments"] = len(payments)
    # The interest is booked monthly, as an office runs it: to the end of last month, so
    # that the officer's run today books the days since (and what the statement changes).
    run = tax.book_interest(municipality, until=last_interest_run(today), actor=actor)
    made["interest_entries"] = run.booked
    made["interest_ft"] = run.amount
    if stdout is not None:
        stdout.write(
            _(
                "Local taxes of %(name)s: %(taxpayers)d taxpayers, %(properties)d properties, "
                "%(charges)d charges, %(payments)d payments, late interest on "
                "%(interest)d charges, in %(seconds).1f s."
            )
            % {
                "name": municipality.name,
                "taxpayers": made["taxpayers"],
                "properties": made["properties"],
                "charges": made["charges"],
                "payments": made["payments"],
                "interest": made["interest_entries"],
                "seconds": time.monotonic() - started,
            }
        )
    return made


def last_interest_run(today):
    """The day the demo's interest was last booked to: the last day of the previous month."""
    return today.replace(day=1) - datetime.timedelta(days=1)
