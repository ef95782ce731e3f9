import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from services.tax import services as tax
from services.tax.constants import ChargeOrigin, EntryKind, TaxType
from services.tax.models import ImmutableEntryError, LedgerEntry
from tests.factories.tax import giro, iban, person

D = datetime.date


# -- collection accounts


def test_one_checked_collection_account_per_tax_type(municipality_a, municipality_b):
    number = giro(serial=7)
    account = tax.set_collection_account(
        municipality_a, TaxType.BUILDING, giro=number.replace("-", ""), iban=iban(number)
    )
    assert account.giro == number  # written in its canonical form
    # Setting it again replaces the municipality's one account for the tax type.
    other = giro(serial=8)
    tax.set_collection_account(municipality_a, TaxType.BUILDING, giro=other)
    assert tax.collection_account(municipality_a, TaxType.BUILDING).giro == other
    assert list(tax.collection_accounts(municipality_a)) == [TaxType.BUILDING]
    assert tax.collection_account(municipality_b, TaxType.BUILDING) is None


@pytest.mark.parametrize(
    ("giro_number", "iban_number", "message"),
    [
        ("11773016-11111019", "", "ellenőrző"),  # a wrong check digit
        ("1177301", "", "2×8 vagy 3×8"),
        (None, "HU00 1177 3016 0000 0000 0000 0017", "IBAN"),  # wrong IBAN check digits
        (None, "other", "IBAN"),  # an IBAN of another account
    ],
)
def test_a_mistyped_collection_account_is_refused_in_hungarian(
    municipality_a, giro_number, iban_number, message
):
    number = giro_number or giro(serial=3)
    if iban_number == "other":
        iban_number = iban(giro(serial=4))
    with pytest.raises(tax.TaxError, match=message):
        tax.set_collection_account(municipality_a, TaxType.LAND, giro=number, iban=iban_number)
    assert tax.collection_account(municipality_a, TaxType.LAND) is None


def test_vehicle_tax_is_only_booked_for_periods_up_to_2020(municipality_a):
    taxpayer = person(municipality_a)
    tax.book_charge(
        taxpayer,
        TaxType.VEHICLE,
        12000,
        origin=ChargeOrigin.OPENING,
        due_on=D(2020, 9, 15),
        booked_on=D(2021, 1, 1),
        period_year=2020,
    )
    with pytest.raises(tax.TaxError, match="2020"):
        tax.book_charge(
            taxpayer,
            TaxType.VEHICLE,
            12000,
            origin=ChargeOrigin.ASSESSMENT,
            due_on=D(2021, 3, 15),
            period_year=2021,
        )


# -- the account


def charge(taxpayer, amount, due_on, tax_type=TaxType.BUILDING, **fields):
    return tax.book_charge(
        taxpayer,
        tax_type,
        amount,
        origin=fields.pop("origin", ChargeOrigin.ASSESSMENT),
        due_on=due_on,
        booked_on=fields.pop("booked_on", D(2026, 2, 1)),
        period_year=due_on.year,
        **fields,
    )


def test_balance_at_any_date(municipality_a):
    taxpayer = person(municipality_a)
    charge(taxpayer, 30000, D(2026, 3, 16), booked_on=D(2026, 2, 1))
    charge(taxpayer, 30000, D(2026, 9, 15), booked_on=D(2026, 2, 1))
    tax.book_payment(taxpayer, TaxType.BUILDING, 30000, paid_on=D(2026, 3, 10))
    assert tax.balance(taxpayer, on=D(2026, 1, 31)) == 0
    assert tax.balance(taxpayer, on=D(2026, 2, 1)) == 60000
    assert tax.balance(taxpayer, TaxType.BUILDING, on=D(2026, 3, 10)) == 30000
    assert tax.balance(taxpayer, TaxType.LAND, on=D(2026, 3, 10)) == 0
    assert tax.balances(taxpayer, on=D(2026, 3, 10)) == {TaxType.BUILDING: 30000}
    lines = tax.statement(taxpayer, TaxType.BUILDING, until=D(2026, 12, 31))
    assert [line.running_balance for line in lines if line.entry.kind != EntryKind.ALLOCATION] == [
        30000,
        60000,
        30000,
    ]


def test_amounts_are_whole_forints(municipality_a):
    taxpayer = person(municipality_a)
    for amount in (0, -5, 10.5, "100"):
        with pytest.raises(tax.TaxError, match="egész forint"):
            tax.book_payment(taxpayer, TaxType.BUILDING, amount, paid_on=D(2026, 3, 1))
    assert tax.balance(taxpayer, on=D(2026, 12, 31)) == 0


def test_a_charge_needs_a_due_date(municipality_a):
    taxpayer = person(municipality_a)
    with pytest.raises(DatabaseError), transaction.atomic():
        tax.book_charge(
            taxpayer, TaxType.BUILDING, 100, origin=ChargeOrigin.ASSESSMENT, due_on=None
        )


def test_entries_refuse_change_and_deletion(municipality_a):
    taxpayer = person(municipality_a)
    entry = charge(taxpayer, 1000, D(2026, 3, 16))
    entry.amount = 1
    with pytest.raises(ImmutableEntryError):
        entry.save()
    with pytest.raises(ImmutableEntryError):
        entry.delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE tax_ledgerentry SET amount = 1",
        "UPDATE tax_ledgerentry SET note = 'javítva'",
        "DELETE FROM tax_ledgerentry",
    ],
)
def test_the_database_refuses_update_and_delete_on_the_ledger(municipality_a, statement):
    taxpayer = person(municipality_a)
    charge(taxpayer, 1000, D(2026, 3, 16))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert tax.balance(taxpayer, on=D(2026, 12, 31)) == 1000


def test_a_correction_is_a_reversing_entry(municipality_a):
    taxpayer = person(municipality_a)
    wrong = charge(taxpayer, 50000, D(2026, 3, 16))
    tax.book_payment(taxpayer, TaxType.BUILDING, 20000, paid_on=D(2026, 3, 1))
    tax.reverse(wrong, on=D(2026, 4, 1), reason="Téves kivetés")
    right = charge(taxpayer, 40000, D(2026, 3, 16), booked_on=D(2026, 4, 1))

    # The wrong charge is still there, with its reversal; the balance before the correction
    # is what it was, after it the right charge counts, paid from the freed money.
    assert tax.balance(taxpayer, on=D(2026, 3, 31)) == 30000
    assert tax.balance(taxpayer, on=D(2026, 4, 1)) == 20000
    state = tax.account_state(taxpayer)
    assert wrong.pk in state.reversed
    assert state.open_amount(right) == 20000
    with pytest.raises(tax.TaxError, match="már stornózták"):
        tax.reverse(wrong, on=D(2026, 4, 2), reason="Még egyszer")
    with pytest.raises(tax.TaxError, match="okát"):
        tax.reverse(right, on=D(2026, 4, 2), reason="")


def test_a_payment_imported_twice_is_booked_once(municipality_a):
    taxpayer = person(municipality_a)
    charge(taxpayer, 10000, D(2026, 3, 16))
    first = tax.book_payment(
        taxpayer, TaxType.BUILDING, 10000, paid_on=D(2026, 3, 2), idempotency_key="stmt-1:7"
    )
    again = tax.book_payment(
        taxpayer, TaxType.BUILDING, 10000, paid_on=D(2026, 3, 2), idempotency_key="stmt-1:7"
    )
    assert again.pk == first.pk
    assert tax.balance(taxpayer, on=D(2026, 12, 31)) == 0


def test_the_ledger_never_mixes_municipalities(municipality_a, municipality_b):
    in_a = person(municipality_a)
    in_b = person(municipality_b, identifier=in_a.tax_id)
    charge(in_b, 10000, D(2026, 3, 16))
    tax.book_payment(in_a, TaxType.LAND, 25000, paid_on=D(2026, 4, 1))
    # A's overpayment is not netted against B's debt of the same person.
    assert tax.balance(in_b, on=D(2026, 12, 31)) == 10000
    assert tax.debt(in_b, D(2026, 12, 31)) == 10000
    assert tax.balance(in_a, on=D(2026, 12, 31)) == -25000
    assert not LedgerEntry.objects.for_municipality(municipality_b).filter(taxpayer=in_a).exists()
    assert LedgerEntry.objects.for_municipality(municipality_a).filter(taxpayer=in_b).count() == 0
