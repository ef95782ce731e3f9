import datetime
from decimal import Decimal

import pytest

from services.tax import services as tax
from services.tax.constants import ChargeOrigin, EntryKind, TaxType
from services.tax.models import LedgerEntry
from tests.factories.tax import person

D = datetime.date


@pytest.mark.parametrize(
    ("base", "daily"),
    [("6.50", "0.031"), ("13.00", "0.049"), ("11.75", "0.045"), ("0.90", "0.016"), ("0", "0.013")],
)
def test_the_daily_rate_is_truncated_to_three_decimals(base, daily):
    # (base + 5) / 365 in percent, the fourth decimal and after dropped, never rounded:
    # 16.75 / 365 = 0.04589… → 0.045.
    assert tax.daily_rate(base) == Decimal(daily)


SEPTEMBER_HALF_2022 = D(2022, 9, 15)


def overdue(taxpayer, amount=100000, due_on=SEPTEMBER_HALF_2022):
    return tax.book_charge(
        taxpayer,
        TaxType.BUILDING,
        amount,
        origin=ChargeOrigin.ASSESSMENT,
        due_on=due_on,
        booked_on=D(2022, 2, 1),
        period_year=due_on.year,
    )


def test_interest_across_a_base_rate_change_and_a_partial_payment(municipality_a):
    taxpayer = person(municipality_a)
    charge = overdue(taxpayer)
    tax.book_payment(taxpayer, TaxType.BUILDING, 40000, paid_on=D(2022, 10, 10))
    tax.book_payment(taxpayer, TaxType.BUILDING, 60000, paid_on=D(2022, 10, 31))

    calculation = tax.calculate_interest(charge, D(2022, 12, 31))
    lines = [
        (
            line.start,
            line.end,
            line.days,
            line.principal,
            line.base_rate,
            line.daily_rate,
            line.amount,
        )
        for line in calculation.lines
    ]
    assert lines == [
        # From the day after the due date, at 11.75 %: 100 000 × 0.045 % × 12 days.
        (
            D(2022, 9, 16),
            D(2022, 9, 27),
            12,
            100000,
            Decimal("11.75"),
            Decimal("0.045"),
            Decimal("540"),
        ),
        # The base rate rose to 13.00 % on 28 September; the day of the part payment counts.
        (
            D(2022, 9, 28),
            D(2022, 10, 10),
            13,
            100000,
            Decimal("13.00"),
            Decimal("0.049"),
            Decimal("637"),
        ),
        # The rest, to the day it was paid.
        (
            D(2022, 10, 11),
            D(2022, 10, 31),
            21,
            60000,
            Decimal("13.00"),
            Decimal("0.049"),
            Decimal("617.4"),
        ),
    ]
    assert calculation.total == 1794


def test_no_interest_when_paid_on_the_due_date(municipality_a):
    taxpayer = person(municipality_a)
    charge = overdue(taxpayer)
    tax.book_payment(taxpayer, TaxType.BUILDING, 100000, paid_on=D(2022, 9, 15))
    assert tax.calculate_interest(charge, D(2022, 12, 31)).lines == []


def test_a_date_before_the_base_rate_table_is_refused(municipality_a):
    taxpayer = person(municipality_a)
    charge = overdue(taxpayer, due_on=D(2015, 3, 16))
    with pytest.raises(tax.TaxError, match="alapkamat"):
        tax.calculate_interest(charge, D(2016, 12, 31))


def interest_entries(taxpayer):
    return list(
        LedgerEntry.objects.for_municipality(taxpayer.municipality).filter(
            taxpayer=taxpayer, tax_type=TaxType.LATE_INTEREST, kind=EntryKind.CHARGE
        )
    )


def test_booking_interest_is_idempotent_and_incremental(municipality_a):
    taxpayer = person(municipality_a)
    charge = overdue(taxpayer)
    tax.book_payment(taxpayer, TaxType.BUILDING, 40000, paid_on=D(2022, 10, 10))

    first = tax.book_interest(municipality_a, until=D(2022, 10, 20))
    assert (first.booked, first.amount) == (1, 540 + 637 + 294)  # 60 000 × 0.049 % × 10
    again = tax.book_interest(municipality_a, until=D(2022, 10, 20))
    assert (again.booked, again.amount) == (0, 0)

    tax.book_payment(taxpayer, TaxType.BUILDING, 60000, paid_on=D(2022, 10, 31))
    later = tax.book_interest(municipality_a, until=D(2022, 11, 30))
    assert later.amount == 1794 - 1471
    assert sum(e.amount for e in interest_entries(taxpayer)) == 1794
    assert all(e.target_id == charge.pk and e.due_on for e in interest_entries(taxpayer))
    # Nothing is owed on the interest account itself: no interest on interest.
    assert tax.book_interest(municipality_a, until=D(2023, 6, 30)).amount == 0
    assert tax.balances(taxpayer, on=D(2023, 6, 30)) == {TaxType.LATE_INTEREST: 1794}


def test_a_reversed_charge_takes_its_interest_back(municipality_a):
    taxpayer = person(municipality_a)
    charge = overdue(taxpayer)
    tax.book_interest(municipality_a, until=D(2022, 9, 27))  # 540
    tax.reverse(charge, on=D(2022, 10, 1), reason="Téves kivetés")
    correction = tax.book_interest(municipality_a, until=D(2022, 10, 1))
    assert correction.amount == -540
    assert tax.balance(taxpayer, on=D(2022, 10, 1)) == 0


def test_the_interest_run_stays_in_its_municipality(municipality_a, municipality_b):
    in_a = person(municipality_a)
    in_b = person(municipality_b, identifier=in_a.tax_id)
    overdue(in_a)
    overdue(in_b)
    result = tax.book_interest(municipality_a, until=D(2022, 9, 27))
    assert result.booked == 1
    assert interest_entries(in_b) == []
    assert len(interest_entries(in_a)) == 1
