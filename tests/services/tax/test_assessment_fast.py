"""The fast paths of the assessment and the interest run give what the plain ones give:
the registers read as tuples equal ``object_states(state_on(...))``, the memoised tax
keeps apart what differs (an age allowance), COPY writes what ``bulk_create`` writes, and
the set-based interest run books what replaying each account gives."""

import datetime

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from services.tax import services as tax
from services.tax.constants import (
    ChargeOrigin,
    PropertyKind,
    RateUnit,
    RightKind,
    RuleKind,
    TaxObjectKind,
    TaxType,
    UseCategory,
)
from services.tax.models import AssessmentDecision, DecisionDelivery, DecisionKind, LedgerEntry
from services.tax.services import bulk_rows
from services.tax.services.assessment_compute import object_rows_on, object_state
from services.tax.services.decrees import birth_date_from_tax_id
from services.tax.services.interest import booked_interest
from tests.factories.tax import organisation, person, tax_id

from .test_assessment import DECIDED, _own, _run

D = datetime.date
JAN_1 = D(2027, 1, 1)


def test_the_registers_read_as_tuples_give_the_object_states_of_state_on(municipality_a):
    anna, bela = person(municipality_a, "Albert", "Anna"), person(municipality_a, "Bán", "Béla")
    kft = organisation(municipality_a)
    _own(municipality_a, anna, "1/1", "100")
    shared = _own(municipality_a, anna, "1/2", "90", share=(1, 2))
    tax.record_ownership(shared, kft, share=(1, 2), valid_from=D(2020, 1, 1))
    # A usufruct makes Béla the subject of Anna's plot instead of her.
    plot = _own(municipality_a, anna, "1/3", "700", kind=PropertyKind.PLOT)
    tax.record_ownership(
        plot, bela, share=(1, 1), right=RightKind.USUFRUCT, valid_from=D(2021, 1, 1)
    )
    # The area changed before 1 January, and a share sold after it.
    changed = _own(municipality_a, bela, "1/4", "60")
    tax.change_property(changed, valid_from=D(2026, 6, 1), area_m2="75")
    sold = _own(municipality_a, kft, "1/5", "300")
    ownership = tax.state_on(municipality_a, D(2027, 6, 1)).holders_of(sold)[0]
    tax.transfer_share(ownership, bela, on=D(2027, 3, 1))
    tax.register_tax_object(
        municipality_a,
        tax_type=TaxType.TOURIST,
        kind=TaxObjectKind.ACCOMMODATION,
        taxpayer=kft,
        valid_from=D(2020, 1, 1),
    )

    expected = tax.object_states(tax.state_on(municipality_a, JAN_1))
    found = [object_state(row, JAN_1) for row in object_rows_on(municipality_a, JAN_1)]

    assert found == expected and len(found) == 7
    for taxpayer in (anna, bela, kft):
        one = [object_state(r, JAN_1) for r in object_rows_on(municipality_a, JAN_1, taxpayer.pk)]
        assert one == [state for state in expected if state.taxpayer_id == taxpayer.pk]


def _person_born(municipality, name, serial):
    found = person(municipality, name, "Teszt", identifier=tax_id(serial))
    return found, birth_date_from_tax_id(found.tax_id)


def test_the_memoised_tax_keeps_holders_of_different_ages_apart(municipality_a):
    decree = tax.create_decree(municipality_a, tax_year=2027, title="a helyi adókról")
    tax.add_line(
        decree,
        tax_type=TaxType.BUILDING,
        category=UseCategory.DWELLING,
        unit=RateUnit.FT_PER_M2,
        amount=500,
    )
    tax.add_rule(
        decree,
        tax_type=TaxType.BUILDING,
        kind=RuleKind.AGE_ALLOWANCE,
        parameters={"age": "70", "percent": "50"},
    )
    tax.adopt(decree, number=15, adopted_on=D(2026, 11, 5))
    old, old_birth = _person_born(municipality_a, "Öreg", 30_000_000)
    young, young_birth = _person_born(municipality_a, "Fiatal", 45_000_000)
    assert old_birth.year < 1957 and young_birth.year > 1957
    _own(municipality_a, old, "2/1", "100")
    _own(municipality_a, young, "2/2", "100")  # the same flat, the same key but the age

    _run(municipality_a, register=False)

    totals = dict(
        AssessmentDecision.objects.filter(municipality=municipality_a).values_list(
            "taxpayer_id", "total"
        )
    )
    assert totals == {old.pk: 25_000, young.pk: 50_000}


def _decision_rows(municipality, taxpayers, year):
    return [
        dict(
            municipality_id=municipality.pk,
            taxpayer_id=taxpayer.pk,
            year=year,
            sequence=1,
            kind=DecisionKind.ANNUAL,
            lines=[{"object": 7, "tax_type": "building", "share": "1/2", "lines": [{"a": "1"}]}],
            totals={"building": 1234},
            total=1234,
            fingerprint="f" * 64,
            decided_on=DECIDED,
            final_on=None,
            delivery_channel="post",
            delivery=DecisionDelivery.PRINT_BATCH,
            registry_number="12-3/2027",
        )
        for taxpayer in taxpayers
    ]


def _stored(municipality, year):
    return [
        model_to_dict(row, exclude=["id", "year", "created_at"])
        for row in AssessmentDecision.objects.filter(municipality=municipality, year=year).order_by(
            "taxpayer_id"
        )
    ]


def _copy(municipality, taxpayers, year):
    rows = _decision_rows(municipality, taxpayers, year)
    bulk_rows.insert_rows(AssessmentDecision, rows)
    return len(rows)


def test_copy_writes_what_bulk_create_writes(municipality_a):
    assert connection.vendor == "postgresql"  # the COPY path, not its fallback
    taxpayers = [person(municipality_a), organisation(municipality_a)]
    AssessmentDecision.objects.bulk_create(
        AssessmentDecision(**row) for row in _decision_rows(municipality_a, taxpayers, 2026)
    )
    assert _copy(municipality_a, taxpayers, 2027) == 2
    assert _stored(municipality_a, 2027) == _stored(municipality_a, 2026)
    assert len(_stored(municipality_a, 2027)) == 2
    stamped = AssessmentDecision.objects.filter(municipality=municipality_a, year=2027)
    assert not stamped.filter(created_at__isnull=True).exists()


def test_without_postgresql_the_rows_go_through_bulk_create(municipality_a, monkeypatch):
    # make run uses SQLite, which has no COPY: the same rows through the ORM's INSERT.
    taxpayers = [person(municipality_a), organisation(municipality_a)]
    assert _copy(municipality_a, taxpayers, 2026) == 2
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with CaptureQueriesContext(connection) as queries:
        assert _copy(municipality_a, taxpayers, 2027) == 2
    monkeypatch.undo()
    assert any(q["sql"].startswith("INSERT") for q in queries.captured_queries)
    assert _stored(municipality_a, 2027) == _stored(municipality_a, 2026)


def _charge(taxpayer, amount, due_on, tax_type=TaxType.BUILDING):
    return tax.book_charge(
        taxpayer, tax_type, amount, origin=ChargeOrigin.ASSESSMENT, due_on=due_on,
        booked_on=D(2027, 2, 1), period_year=2027,
    )  # fmt: skip


def _replayed(municipality, until):
    """{charge id: interest to book}, replaying each taxpayer's account the plain way."""
    expected = {}
    for entry in LedgerEntry.objects.filter(
        municipality=municipality, kind="charge", booked_on__lte=until
    ).exclude(origin=ChargeOrigin.INTEREST):
        state = tax.account_state(entry.taxpayer, until)
        difference = tax.calculate_interest(entry, until, state).total - booked_interest(
            entry, state
        )
        if difference:
            expected[entry.pk] = difference
    return expected


@pytest.mark.parametrize("until", [D(2027, 5, 31), D(2027, 11, 30)])
def test_the_set_based_interest_run_books_what_replaying_each_account_gives(municipality_a, until):
    march, september = D(2027, 3, 16), D(2027, 9, 15)
    people = [person(municipality_a, "Adózó", str(n)) for n in range(5)]
    for payer in people:  # the same amounts: one calculation serves them all
        _charge(payer, 50_000, march)
        _charge(payer, 50_000, september)
    paid, reversed_, mixed = people[0], people[1], people[2]
    tax.book_payment(paid, TaxType.BUILDING, 30_000, paid_on=D(2027, 4, 10))
    tax.book_interest(municipality_a, until=D(2027, 4, 30))
    wrong = _charge(reversed_, 70_000, march)
    tax.book_interest(municipality_a, until=D(2027, 5, 10))
    tax.reverse(wrong, on=D(2027, 5, 12), reason="Téves")
    _charge(mixed, 12_345, march, tax_type=TaxType.LAND)
    tax.book_payment(mixed, TaxType.LAND, 20_000, paid_on=D(2027, 5, 20))
    expected = _replayed(municipality_a, until)

    result = tax.book_interest(municipality_a, until=until)

    booked = dict(
        LedgerEntry.objects.filter(
            municipality=municipality_a, idempotency_key__startswith="interest:"
        )
        .filter(booked_on=until)
        .values_list("target_id", "signed_amount")
    )
    assert booked == expected and result.amount == sum(expected.values())
    assert expected[wrong.pk] < 0  # the reversed charge's interest is taken back
    assert tax.book_interest(municipality_a, until=until).booked == 0
