import datetime

import pytest

from services.tax import services as tax
from services.tax.constants import ChargeOrigin, EntryKind, TaxType
from tests.factories.tax import person

D = datetime.date


def charge(taxpayer, amount, due_on, tax_type=TaxType.BUILDING, origin=ChargeOrigin.ASSESSMENT):
    return tax.book_charge(
        taxpayer,
        tax_type,
        amount,
        origin=origin,
        due_on=due_on,
        booked_on=min(due_on, D(2026, 2, 1)),
        period_year=due_on.year,
    )


def paid(taxpayer, entry):
    state = tax.account_state(taxpayer)
    return entry.amount - state.open_amount(entry)


@pytest.fixture
def taxpayer(municipality_a):
    return person(municipality_a)


def test_a_payment_goes_to_the_oldest_due_charge_first_and_interest_last(taxpayer):
    newer = charge(taxpayer, 30000, D(2025, 9, 15))
    older = charge(taxpayer, 30000, D(2025, 3, 17))
    interest = charge(taxpayer, 2000, D(2025, 1, 10), origin=ChargeOrigin.INTEREST)
    tax.book_payment(taxpayer, TaxType.BUILDING, 45000, paid_on=D(2026, 2, 10))
    # Interest, though due first, waits until the principal is paid.
    assert (paid(taxpayer, older), paid(taxpayer, newer), paid(taxpayer, interest)) == (
        30000,
        15000,
        0,
    )
    tax.book_payment(taxpayer, TaxType.BUILDING, 16000, paid_on=D(2026, 2, 11))
    assert (paid(taxpayer, newer), paid(taxpayer, interest)) == (30000, 1000)


def test_an_overpayment_is_netted_against_a_debt_on_another_tax_type(taxpayer):
    land = charge(taxpayer, 8000, D(2026, 3, 16), tax_type=TaxType.LAND)
    building = charge(taxpayer, 20000, D(2026, 3, 16))
    tax.book_payment(taxpayer, TaxType.BUILDING, 25000, paid_on=D(2026, 3, 20))

    assert paid(taxpayer, building) == 20000
    assert paid(taxpayer, land) == 5000  # the 5,000 over went to the land tax debt
    entries = tax.statement(taxpayer, TaxType.BUILDING)
    transfer = next(line.entry for line in entries if line.entry.kind == EntryKind.TRANSFER)
    assert (transfer.amount, transfer.counter_tax_type) == (5000, TaxType.LAND)
    assert tax.balances(taxpayer, on=D(2026, 3, 20)) == {TaxType.LAND: 3000}
    assert tax.debt(taxpayer, D(2026, 3, 20)) == 3000


def test_netting_pays_principal_before_interest(taxpayer):
    principal = charge(taxpayer, 4000, D(2026, 3, 16), tax_type=TaxType.LAND)
    interest = charge(
        taxpayer, 500, D(2026, 3, 1), tax_type=TaxType.LATE_INTEREST, origin=ChargeOrigin.INTEREST
    )
    tax.book_payment(taxpayer, TaxType.COMMUNAL, 4200, paid_on=D(2026, 4, 1))
    assert (paid(taxpayer, principal), paid(taxpayer, interest)) == (4000, 200)


def test_an_overpayment_waits_for_charges_not_yet_due_and_pays_them_when_booked(taxpayer):
    tax.book_payment(taxpayer, TaxType.BUILDING, 12000, paid_on=D(2026, 1, 20))
    assert tax.available(taxpayer, TaxType.BUILDING, D(2026, 1, 20)) == 12000
    # A charge of another tax type not yet due is no debt: nothing is netted to it.
    communal = charge(taxpayer, 6000, D(2026, 3, 16), tax_type=TaxType.COMMUNAL)
    assert paid(taxpayer, communal) == 0
    # The next building tax charge is paid from the money kept on the account.
    first_half = charge(taxpayer, 10000, D(2026, 3, 16))
    assert paid(taxpayer, first_half) == 10000
    assert tax.available(taxpayer, TaxType.BUILDING, D(2026, 2, 1)) == 2000
    # Once the communal tax is due and unpaid, settling nets the rest against it.
    tax.settle(taxpayer, on=D(2026, 3, 17))
    assert paid(taxpayer, communal) == 2000


def test_refund_and_transfer_only_without_debt_and_with_returns_filed(taxpayer):
    land = charge(taxpayer, 5000, D(2026, 3, 16), tax_type=TaxType.LAND)
    tax.book_payment(taxpayer, TaxType.BUILDING, 3000, paid_on=D(2026, 3, 1))
    # Money kept on building tax, land tax due later: no debt yet on 1 March.
    with pytest.raises(tax.TaxError, match="bevallását"):
        tax.refund(
            taxpayer, tax_type=TaxType.BUILDING, amount=1000, on=D(2026, 3, 1), returns_filed=False
        )
    with pytest.raises(tax.TaxError, match="csak 3"):
        tax.refund(
            taxpayer, tax_type=TaxType.BUILDING, amount=4000, on=D(2026, 3, 1), returns_filed=True
        )
    tax.refund(
        taxpayer, tax_type=TaxType.BUILDING, amount=1000, on=D(2026, 3, 1), returns_filed=True
    )
    tax.transfer(
        taxpayer,
        from_tax_type=TaxType.BUILDING,
        to_tax_type=TaxType.LAND,
        amount=2000,
        on=D(2026, 3, 2),
        returns_filed=True,
    )
    assert paid(taxpayer, land) == 2000
    assert tax.available(taxpayer, TaxType.BUILDING, D(2026, 3, 2)) == 0
    assert tax.balances(taxpayer, on=D(2026, 3, 2)) == {TaxType.LAND: 3000}
    # Once the land tax is due and unpaid, a new overpayment is netted against it, and no
    # refund is made while a debt remains.
    tax.book_payment(taxpayer, TaxType.COMMUNAL, 1000, paid_on=D(2026, 3, 20))
    assert paid(taxpayer, land) == 3000
    tax.book_payment(taxpayer, TaxType.TOURIST, 500, paid_on=D(2026, 2, 1))
    with pytest.raises(tax.TaxError, match="tartozása van"):
        tax.refund(
            taxpayer, tax_type=TaxType.TOURIST, amount=100, on=D(2026, 3, 21), returns_filed=True
        )


def test_reversing_a_payment_reopens_what_it_paid(taxpayer):
    building = charge(taxpayer, 10000, D(2026, 3, 16))
    payment = tax.book_payment(taxpayer, TaxType.BUILDING, 10000, paid_on=D(2026, 3, 10))
    assert paid(taxpayer, building) == 10000
    tax.reverse(payment, on=D(2026, 3, 12), reason="A bank visszahívta")
    assert paid(taxpayer, building) == 0
    assert tax.balance(taxpayer, on=D(2026, 3, 12)) == 10000
    assert tax.balance(taxpayer, on=D(2026, 3, 11)) == 0
