"""The demo's money: this year's charges as the assessment books them, the opening balances
brought over, and payments on time, late and missing."""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from .. import services as tax
from ..constants import (
    BALANCE_SIGN,
    ChargeOrigin,
    EntryKind,
    TaxType,
)
from ..models import (
    LedgerEntry,
)
from .data import PAYING_HABITS


def _annual_amounts(municipality, decree, plan, year):
    """(taxpayer id, tax type) -> the year's tax, as the assessment reckons it: the
    registers on 1 January under the decree in force (the decrees' ``annual_tax``)."""
    rates = tax.DecreeRates.of(decree)
    state = tax.state_on(municipality, datetime.date(year, 1, 1))
    amounts = Counter()
    for object_state in tax.object_states(state):
        if object_state.tax_type == TaxType.BUSINESS:
            continue
        result = tax.annual_tax(object_state, rates)
        if result.amount:
            amounts[(object_state.taxpayer_id, object_state.tax_type)] += result.amount
    # The local business tax: the advances from last year's return (origin "return").
    rate = next(line.amount for line in rates.lines if line.tax_type == TaxType.BUSINESS)
    for organisation in plan.organisations:
        amount = int(Decimal(organisation["business_base"]) * rate / 100)
        amounts[(organisation["taxpayer"].pk, TaxType.BUSINESS)] += amount
    return amounts


def _book_charges(municipality, amounts, year, assessed_on, actor):
    """This year's charges, as the annual assessment books them, in one INSERT: two
    halves due on the half-year dates, with ``book_annual_charge``'s idempotency key."""
    due_dates = tax.half_year_due_dates(year)
    reference = f"Kivetés {year}"
    entries = []
    for (taxpayer_id, tax_type), amount in sorted(amounts.items()):
        origin = ChargeOrigin.RETURN if tax_type == TaxType.BUSINESS else ChargeOrigin.ASSESSMENT
        halves = tax.split_in_halves(amount)
        for instalment, (part, due_on) in enumerate(zip(halves, due_dates, strict=True), 1):
            if part <= 0:
                continue
            key = f"annual:{taxpayer_id}:{tax_type}:{year}:{instalment}:{reference}"
            entries.append(
                LedgerEntry(
                    municipality=municipality,
                    taxpayer_id=taxpayer_id,
                    tax_type=tax_type,
                    kind=EntryKind.CHARGE,
                    origin=origin,
                    amount=part,
                    signed_amount=part * BALANCE_SIGN[EntryKind.CHARGE],
                    booked_on=assessed_on,
                    due_on=due_on,
                    period_year=year,
                    instalment=instalment,
                    reference=reference,
                    idempotency_key=key[:120],
                    recorded_by=actor.user,
                )
            )
    LedgerEntry.objects.bulk_create(entries, batch_size=500)
    return entries


def _day_between(rng, first, last):
    if last < first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _payments(rng, plan, amounts, year, today):
    """(day, taxpayer, tax type, amount, remark) of the year, as each taxpayer's habit has
    them; nothing after today."""
    first_due, second_due = tax.half_year_due_dates(year)
    day = lambda start, end: _day_between(rng, start, end)  # noqa: E731
    found = []
    by_id = {row["taxpayer"].pk: row for row in plan.taxpayers}
    for (taxpayer_id, tax_type), amount in sorted(amounts.items()):
        first, second = tax.split_in_halves(amount)
        roll, habit = rng.random(), PAYING_HABITS[-1][1]
        for share, name in PAYING_HABITS:
            if roll < share:
                habit = name
                break
            roll -= share
        early = first_due - datetime.timedelta(days=30)
        summer = second_due - datetime.timedelta(days=25)
        if habit == "on_time":
            paid = [(day(early, first_due), first), (day(summer, second_due), second)]
        elif habit == "whole_year":
            paid = [(day(early, first_due), amount)]
        elif habit == "first_late":
            late = first_due + datetime.timedelta(days=rng.randint(20, 100))
            paid = [(late, first), (day(summer, second_due), second)]
        elif habit == "second_late":
            late = second_due + datetime.timedelta(days=rng.randint(15, 60))
            paid = [(day(early, first_due), first), (late, second)]
        elif habit == "second_unpaid":
            paid = [(day(early, first_due), first)]
        elif habit == "overpaid":
            extra = rng.randrange(1, 6) * 1000
            paid = [(day(early, first_due), first), (day(summer, second_due), second + extra)]
        else:
            paid = []
        row = by_id[taxpayer_id]
        for paid_on, part in paid:
            if paid_on <= today and part > 0:
                remark = f"{row['identifier']} {TaxType(tax_type).label} {year}"
                found.append((paid_on, taxpayer_id, tax_type, part, remark, habit))
    return sorted(found)


def _book_simple_payments(municipality, charges, payments, actor):
    """Payments that pay exactly their own tax type's halves, oldest due first, with their
    allocations, in two INSERTs (see ``load_demo``)."""
    open_charges = defaultdict(list)
    for charge in sorted(charges, key=lambda c: (c.due_on, c.pk)):
        open_charges[(charge.taxpayer_id, charge.tax_type)].append([charge, charge.amount])
    rows = []
    for number, (paid_on, taxpayer_id, tax_type, amount, remark, _habit) in enumerate(payments):
        rows.append(
            LedgerEntry(
                municipality=municipality,
                taxpayer_id=taxpayer_id,
                tax_type=tax_type,
                kind=EntryKind.PAYMENT,
                amount=amount,
                signed_amount=amount * BALANCE_SIGN[EntryKind.PAYMENT],
                booked_on=paid_on,
                reference=remark[:120],
                idempotency_key=f"demo-payment:{taxpayer_id}:{number}",
                recorded_by=actor.user,
            )
        )
    LedgerEntry.objects.bulk_create(rows, batch_size=500)
    allocations = []
    for payment in rows:
        left = payment.amount
        for pair in open_charges[(payment.taxpayer_id, payment.tax_type)]:
            charge, still_open = pair
            part = min(left, still_open)
            if part <= 0:
                continue
            allocations.append(
                LedgerEntry(
                    municipality=municipality,
                    taxpayer_id=payment.taxpayer_id,
                    tax_type=charge.tax_type,
                    kind=EntryKind.ALLOCATION,
                    amount=part,
                    signed_amount=0,
                    booked_on=payment.booked_on,
                    source=payment,
                    target=charge,
                    recorded_by=actor.user,
                )
            )
            pair[1] -= part
            left -= part
        if left:
            raise RuntimeError(f"A demo payment of {payment.amount} Ft is not exactly owed.")
    LedgerEntry.objects.bulk_create(allocations, batch_size=500)


def _opening_balances(rng, taxpayers, amounts, year, actor):
    """The previous system's balances on 1 January: last year's unpaid second half for a
    few, an overpayment kept on the account for a few."""
    cut_over = datetime.date(year, 1, 1)
    _first, last_second_due = tax.half_year_due_dates(year - 1)
    debtors, credited, paid_later = set(), set(), []
    for (taxpayer_id, tax_type), amount in sorted(amounts.items()):
        if tax_type == TaxType.BUSINESS:
            continue
        roll = rng.random()
        taxpayer = taxpayers[taxpayer_id]
        if roll < 0.08:
            owed = tax.split_in_halves(amount)[1]
            tax.book_charge(
                taxpayer,
                tax_type,
                owed,
                origin=ChargeOrigin.OPENING,
                due_on=last_second_due,
                booked_on=cut_over,
                period_year=year - 1,
                instalment=2,
                reference="Nyitó egyenleg",
                idempotency_key=f"demo-opening:{taxpayer_id}:{tax_type}",
                actor=actor,
                settle_now=False,
            )
            debtors.add(taxpayer_id)
            if rng.random() < 0.5:
                paid_later.append((taxpayer_id, tax_type, owed))
        elif roll < 0.12:
            tax.book_opening_credit(
                taxpayer,
                tax_type,
                rng.randrange(2, 20) * 500,
                on=cut_over,
                period_year=year - 1,
                reference="Nyitó egyenleg",
                idempotency_key=f"demo-opening:{taxpayer_id}:{tax_type}",
                actor=actor,
            )
            credited.add(taxpayer_id)
    return debtors, credited, paid_later
