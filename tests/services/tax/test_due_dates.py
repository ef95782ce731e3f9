import datetime

from services.tax import services as tax
from services.tax.constants import ChargeOrigin, TaxType
from tests.factories.tax import person

D = datetime.date


def test_the_halves_fall_due_on_15_march_and_15_september_or_the_next_working_day():
    # 2027: 15 March is a Monday and a public holiday: the first half is due on Tuesday.
    assert tax.half_year_due_dates(2027) == (D(2027, 3, 16), D(2027, 9, 15))
    # 2026: 15 March is a Sunday (and the holiday): Monday 16 March.
    assert tax.half_year_due_dates(2026) == (D(2026, 3, 16), D(2026, 9, 15))
    # 2025: 15 March a Saturday, 15 September a Monday.
    assert tax.half_year_due_dates(2025) == (D(2025, 3, 17), D(2025, 9, 15))


def test_a_mid_year_decision_falls_due_on_the_15th_day_after_it_becomes_final():
    assert tax.mid_year_due_date(D(2026, 5, 4)) == D(2026, 5, 19)
    # 15 days after 5 August is Thursday 20 August, a public holiday, and Friday 21 August
    # 2026 a rest day by the decree on working days: due on Monday 24 August.
    assert tax.mid_year_due_date(D(2026, 8, 5)) == D(2026, 8, 24)


def test_an_annual_tax_is_booked_in_two_halves_once(municipality_a):
    taxpayer = person(municipality_a)
    first, second = tax.book_annual_charge(
        taxpayer,
        TaxType.BUILDING,
        2027,
        48001,
        origin=ChargeOrigin.ASSESSMENT,
        booked_on=D(2027, 2, 1),
        reference="ADO-1/2027",
    )
    assert (first.amount, first.due_on, first.instalment) == (24001, D(2027, 3, 16), 1)
    assert (second.amount, second.due_on, second.instalment) == (24000, D(2027, 9, 15), 2)
    # Re-running the assessment books nothing twice.
    again = tax.book_annual_charge(
        taxpayer,
        TaxType.BUILDING,
        2027,
        48001,
        origin=ChargeOrigin.ASSESSMENT,
        booked_on=D(2027, 2, 1),
        reference="ADO-1/2027",
    )
    assert [e.pk for e in again] == [first.pk, second.pk]
    assert tax.balance(taxpayer, on=D(2027, 12, 31)) == 48001
