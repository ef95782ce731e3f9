"""The ledger's bulk paths write the same rows by PostgreSQL COPY as by the ORM, keep the
ledger append-only, and book an idempotency key once however often they are asked."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from services.tax import services as tax
from services.tax.constants import ChargeOrigin, EntryKind, TaxType
from services.tax.models import LedgerEntry, StatementItem
from services.tax.services import bulk_rows
from tests.factories.tax import person
from tests.services.tax.test_statements import MT940_SAMPLE, sample, set_up

D = datetime.date

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's; SQLite has the ORM path"
)


@pytest.fixture(params=[True, False], ids=["copy", "orm"])
def copy_or_orm(request, settings):
    settings.TAX_BULK_COPY = request.param
    return request.param


def _rows(municipality):
    """Every ledger entry of the municipality as values, ids replaced by what they name
    (taxpayer identifier, the linked entries' kind and amount), in booking order."""
    entries = list(
        LedgerEntry.objects.for_municipality(municipality)
        .select_related("taxpayer", "source", "target")
        .order_by("pk")
    )
    number = {entry.pk: index for index, entry in enumerate(entries)}

    def linked(entry):
        return None if entry is None else (number[entry.pk], entry.kind, entry.amount)

    skip = {"id", "municipality_id", "taxpayer_id", "source_id", "target_id", "recorded_at"}
    return [
        (
            {
                f.attname: getattr(e, f.attname)
                for f in LedgerEntry._meta.concrete_fields
                if f.attname not in skip
            },
            e.taxpayer.tax_id or e.taxpayer.tax_number,
            linked(e.source),
            linked(e.target),
        )
        for e in entries
    ]


def _items(municipality):
    skip = {"id", "municipality_id", "statement_import_id", "taxpayer_id", "payment_id"}
    return [
        (
            {
                f.attname: getattr(item, f.attname)
                for f in StatementItem._meta.concrete_fields
                if f.attname not in skip
            },
            item.taxpayer.tax_id if item.taxpayer else None,
            (item.payment.kind, item.payment.amount, item.payment.idempotency_key)
            if item.payment
            else None,
        )
        for item in StatementItem.objects.for_municipality(municipality)
        .select_related("taxpayer", "payment")
        .order_by("number")
    ]


def _charges(municipality, taxpayers):
    """Charges the sample's payments pay: building tax, an older interest charge and, for
    one taxpayer, a land tax debt the overpayment is netted against."""
    for number, taxpayer in enumerate(taxpayers.values()):
        for tax_type, amount, due_on, origin in (
            (TaxType.BUILDING, 9000, D(2026, 3, 16), ChargeOrigin.ASSESSMENT),
            (TaxType.BUILDING, 700, D(2025, 12, 1), ChargeOrigin.INTEREST),
            (TaxType.LAND, 4000 + number, D(2026, 3, 16), ChargeOrigin.ASSESSMENT),
        ):
            tax.book_charge(
                taxpayer, tax_type, amount, origin=origin, due_on=due_on, booked_on=D(2026, 2, 1)
            )


def test_a_statement_import_writes_the_same_rows_by_copy_and_by_the_orm(
    municipality_a, municipality_b, settings
):
    results = []
    for municipality, use_copy in ((municipality_a, True), (municipality_b, False)):
        settings.TAX_BULK_COPY = use_copy
        assert bulk_rows.uses_copy() is use_copy
        _charges(municipality, set_up(municipality))
        record = tax.import_statement(municipality, sample(MT940_SAMPLE), file_name="a.sta")
        assert record.booked_count > 0
        results.append((_rows(municipality), _items(municipality)))
    (copy_rows, copy_items), (orm_rows, orm_items) = results
    assert copy_rows == orm_rows
    assert copy_items == orm_items
    kinds = {row[0]["kind"] for row in copy_rows}
    assert {EntryKind.PAYMENT, EntryKind.ALLOCATION, EntryKind.TRANSFER} <= kinds


def test_assessment_rows_are_the_same_by_copy_and_by_the_orm(
    municipality_a, municipality_b, settings
):
    results = []
    for municipality, use_copy in ((municipality_a, True), (municipality_b, False)):
        settings.TAX_BULK_COPY = use_copy
        taxpayer = person(municipality, identifier="8000001012")
        tax.book_payment(taxpayer, TaxType.BUILDING, 5000, paid_on=D(2026, 1, 10))
        rows = [
            {
                "taxpayer_id": taxpayer.pk,
                "tax_type": TaxType.BUILDING,
                "kind": EntryKind.CHARGE,
                "origin": ChargeOrigin.ASSESSMENT,
                "amount": 8000,
                "booked_on": D(2026, 2, 1),
                "due_on": due_on,
                "period_year": 2026,
                "instalment": instalment,
                "reference": "2026",
                "idempotency_key": f"assessment:2026:{instalment}",
            }
            for instalment, due_on in ((1, D(2026, 3, 16)), (2, D(2026, 9, 15)))
        ]
        assert tax.book_entries_in_bulk(municipality, rows) == 2
        # The same keys again, one of them twice in the batch: nothing is written.
        assert tax.book_entries_in_bulk(municipality, rows + rows[:1]) == 0
        results.append(_rows(municipality))
    assert results[0] == results[1]
    assert [row[0]["kind"] for row in results[0]].count(EntryKind.ALLOCATION) == 1


def test_bulk_payments_book_an_idempotency_key_once(municipality_a, copy_or_orm):
    taxpayer = person(municipality_a)
    tax.book_charge(
        taxpayer,
        TaxType.BUILDING,
        10000,
        origin=ChargeOrigin.ASSESSMENT,
        due_on=D(2026, 3, 16),
        booked_on=D(2026, 2, 1),
    )
    payment = tax.BulkPayment(taxpayer.pk, TaxType.BUILDING, 4000, D(2026, 3, 17), "", "bank:1")
    first = tax.book_payments_in_bulk(municipality_a, [payment, payment])
    count = LedgerEntry.objects.for_municipality(municipality_a).count()
    again = tax.book_payments_in_bulk(municipality_a, [payment])
    assert first[0] == first[1] == again[0]
    assert LedgerEntry.objects.for_municipality(municipality_a).count() == count == 3
    assert tax.balance(taxpayer, on=D(2026, 12, 31)) == 6000
    # A key booked one by one is not booked again in bulk either.
    one = tax.book_payment(
        taxpayer, TaxType.BUILDING, 1000, paid_on=D(2026, 3, 18), idempotency_key="bank:2"
    )
    other = tax.BulkPayment(taxpayer.pk, TaxType.BUILDING, 1000, D(2026, 3, 18), "", "bank:2")
    assert tax.book_payments_in_bulk(municipality_a, [other]) == [one.pk]


def test_bulk_payments_refuse_another_municipalitys_taxpayer(
    municipality_a, municipality_b, copy_or_orm
):
    stranger = person(municipality_b)
    with pytest.raises(tax.TaxError):
        tax.book_payments_in_bulk(
            municipality_a,
            [tax.BulkPayment(stranger.pk, TaxType.BUILDING, 1000, D(2026, 3, 17))],
        )
    assert not LedgerEntry.objects.for_municipality(municipality_b).exists()


def test_rows_written_by_copy_stay_append_only(municipality_a, settings):
    settings.TAX_BULK_COPY = True
    taxpayer = person(municipality_a)
    [payment_id] = tax.book_payments_in_bulk(
        municipality_a, [tax.BulkPayment(taxpayer.pk, TaxType.BUILDING, 1000, D(2026, 3, 17))]
    )
    for sql in (
        "UPDATE tax_ledgerentry SET amount = 1 WHERE id = %s",
        "DELETE FROM tax_ledgerentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [payment_id])
    assert LedgerEntry.objects.for_municipality(municipality_a).get(pk=payment_id).amount == 1000


def test_a_key_booked_by_another_run_meanwhile_is_skipped_not_doubled(municipality_a, copy_or_orm):
    """The bulk path checks the keys first and then writes straight into the ledger; a key
    another run booked between the check and the write (here: passed as unseen) makes the
    straight write fail, and the rows go in again with that key skipped."""
    from services.tax.services import ledger_bulk

    taxpayer = person(municipality_a)

    def row(instalment):
        return {
            "municipality_id": municipality_a.pk,
            "taxpayer_id": taxpayer.pk,
            "tax_type": TaxType.BUILDING,
            "kind": EntryKind.CHARGE,
            "origin": ChargeOrigin.ASSESSMENT,
            "amount": 1000 * instalment,
            "signed_amount": 1000 * instalment,
            "booked_on": D(2026, 2, 1),
            "due_on": D(2026, 3, 16),
            "idempotency_key": f"race:{instalment}",
        }

    with transaction.atomic():
        ledger_bulk._insert_new([row(1)], before=set())
        ledger_bulk._insert_new([row(1), row(2), row(2)], before=set())
    amounts = sorted(
        LedgerEntry.objects.for_municipality(municipality_a).values_list("amount", flat=True)
    )
    assert amounts == [1000, 2000]


def test_interest_rows_are_the_same_in_the_database_and_by_the_orm(
    municipality_a, municipality_b, settings
):
    """The interest run writes its rows on PostgreSQL with one INSERT … SELECT per chunk
    (only the charges' ids and differences sent), elsewhere as dicts through the ORM: the
    same rows either way — charges, a partial payment's effect and the correction that
    takes a reversed charge's interest back."""
    results = []
    for municipality, in_the_database in ((municipality_a, True), (municipality_b, False)):
        settings.TAX_BULK_COPY = in_the_database
        taxpayer = person(municipality, identifier="8000001012")
        kept, reversed_later = (
            tax.book_charge(
                taxpayer,
                TaxType.BUILDING,
                amount,
                origin=ChargeOrigin.ASSESSMENT,
                due_on=D(2022, 3, 16),
                booked_on=D(2022, 2, 1),
                period_year=2022,
                reference=f"2022/{amount}",
            )
            for amount in (100000, 50000)
        )
        tax.book_payment(taxpayer, TaxType.BUILDING, 20000, paid_on=D(2022, 5, 2))
        first = tax.book_interest(municipality, until=D(2022, 6, 30))
        tax.reverse(reversed_later, on=D(2022, 7, 1), reason="Téves kivetés")
        second = tax.book_interest(municipality, until=D(2022, 8, 31))
        assert tax.book_interest(municipality, until=D(2022, 8, 31)).booked == 0
        # A key names the charge by its id, which differs between the two municipalities.
        interest = LedgerEntry.objects.for_municipality(municipality).filter(
            origin=ChargeOrigin.INTEREST
        )
        assert {e.idempotency_key for e in interest} == {
            f"interest:{e.target_id}:{e.booked_on.isoformat()}" for e in interest
        }
        rows = _rows(municipality)
        for row in rows:
            row[0]["idempotency_key"] = row[0]["idempotency_key"].split(":")[-1]
        results.append(((first.booked, first.amount), (second.booked, second.amount), rows))
    assert results[0] == results[1]
    interest = [row[0] for row in results[0][2] if row[0]["origin"] == ChargeOrigin.INTEREST]
    assert {row["kind"] for row in interest} == {EntryKind.CHARGE, EntryKind.CREDIT}
