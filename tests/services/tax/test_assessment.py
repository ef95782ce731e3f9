"""The annual assessment (kivetés) and the late-interest run: decisions per taxpayer with
lines per object, halves due on working days, registry numbers, portal or print batch,
preview, safe re-runs, mid-year decisions, isolation and a constant number of queries."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services.documents.models import Document
from services.tax import services as tax
from services.tax.constants import (
    ChargeOrigin,
    DeliveryChannel,
    EntryKind,
    PropertyKind,
    RateCategory,
    RateUnit,
    TaxObjectKind,
    TaxType,
    UseCategory,
)
from services.tax.models import (
    AssessmentDecision,
    AssessmentRun,
    DecisionDelivery,
    DecisionKind,
    InterestRun,
    LedgerEntry,
    RunState,
)
from tests.factories.tax import building, organisation, person

D = datetime.date
DECIDED = D(2027, 2, 1)


def _decree(municipality, year=2027):
    decree = tax.create_decree(municipality, tax_year=year, title="a helyi adókról")
    for category, unit, amount, tax_type in [
        (UseCategory.DWELLING, RateUnit.FT_PER_M2, 500, TaxType.BUILDING),
        (RateCategory.PLOT, RateUnit.FT_PER_M2, 100, TaxType.LAND),
    ]:
        tax.add_line(decree, tax_type=tax_type, category=category, unit=unit, amount=amount)
    tax.adopt(decree, number=15, adopted_on=D(year - 1, 11, 5))
    return decree


def _own(municipality, holder, parcel, area, kind=PropertyKind.BUILDING, share=(1, 1)):
    prop = building(
        municipality,
        parcel=parcel,
        area=area,
        kind=kind,
        use_category=UseCategory.DWELLING if kind == PropertyKind.BUILDING else UseCategory.OTHER,
    )
    tax.record_ownership(prop, holder, share=share, valid_from=D(2020, 1, 1))
    tax.register_tax_object(
        municipality,
        tax_type=TaxType.BUILDING if kind == PropertyKind.BUILDING else TaxType.LAND,
        kind=TaxObjectKind.PROPERTY,
        property=prop,
        valid_from=D(2020, 1, 1),
    )
    return prop


def _run(municipality, year=2027, **options):
    run = tax.create_assessment_run(municipality, year, **options)
    return tax.run_assessment(run, decided_on=DECIDED)


def _assessment_entries(municipality):
    return LedgerEntry.objects.filter(municipality=municipality, origin=ChargeOrigin.ASSESSMENT)


@pytest.fixture
def base(municipality_a):
    _decree(municipality_a)
    anna = person(municipality_a, "Albert", "Anna")  # portal mailbox
    kft = organisation(municipality_a, "Példa Kft.")  # post
    _own(municipality_a, anna, "101/1", "100")  # 100 m² × 500 = 50 000
    _own(municipality_a, anna, "101/2", "1001", kind=PropertyKind.PLOT)  # 100 100
    _own(municipality_a, kft, "102/1", "81")  # 40 500
    return anna, kft


def test_one_decision_per_taxpayer_with_a_line_per_object_booked_in_working_day_halves(
    municipality_a, base
):
    anna, kft = base
    run = _run(municipality_a)

    assert run.state == RunState.DONE and run.decisions == 2 and run.total == 190_600
    decision = AssessmentDecision.objects.get(municipality=municipality_a, taxpayer=anna)
    assert decision.kind == DecisionKind.ANNUAL and decision.total == 150_100
    assert decision.totals == {TaxType.BUILDING: 50_000, TaxType.LAND: 100_100}
    assert sorted((row["tax_type"], row["amount"]) for row in decision.lines) == [
        (TaxType.BUILDING, 50_000),
        (TaxType.LAND, 100_100),
    ]
    charges = _assessment_entries(municipality_a).filter(taxpayer=anna).order_by("tax_type", "pk")
    # 15 March 2027 is a Monday and a public holiday: the first half falls due on the 16th;
    # the odd forint goes to the first half.
    assert [(c.tax_type, c.amount, c.due_on, c.instalment) for c in charges] == [
        (TaxType.BUILDING, 25_000, D(2027, 3, 16), 1),
        (TaxType.BUILDING, 25_000, D(2027, 9, 15), 2),
        (TaxType.LAND, 50_050, D(2027, 3, 16), 1),
        (TaxType.LAND, 50_050, D(2027, 9, 15), 2),
    ]
    assert {c.period_year for c in charges} == {2027}
    assert tax.balance(anna, on=D(2027, 12, 31)) == 150_100


def test_each_decision_is_registered_and_goes_to_the_portal_or_a_print_batch(municipality_a, base):
    anna, kft = base
    run = _run(municipality_a)

    by_taxpayer = {
        d.taxpayer_id: d for d in AssessmentDecision.objects.filter(municipality=municipality_a)
    }
    for decision in by_taxpayer.values():
        document = Document.objects.for_municipality(municipality_a).get(pk=decision.document_id)
        assert decision.registry_number == document.registry_number != ""
        assert document.case_id == run.case_id and document.is_decision
        assert document.direction == "outgoing"
    assert by_taxpayer[anna.pk].delivery_channel == DeliveryChannel.PORTAL_MAILBOX
    # Anna asked for the portal mailbox but has no portal account linked: the run's
    # delivery puts her decision in the print batch too (test_portal_links has the rest).
    assert by_taxpayer[anna.pk].delivery == DecisionDelivery.PRINT_BATCH
    assert by_taxpayer[kft.pk].delivery == DecisionDelivery.PRINT_BATCH
    batch = by_taxpayer[kft.pk].print_batch
    assert batch.run_id == run.pk
    assert set(
        AssessmentDecision.objects.filter(municipality=municipality_a, print_batch=batch)
    ) == {by_taxpayer[kft.pk], by_taxpayer[anna.pk]}
    # The charges name the decision they come from.
    assert set(
        _assessment_entries(municipality_a).filter(taxpayer=kft).values_list("reference", flat=True)
    ) == {by_taxpayer[kft.pk].registry_number}


def test_a_preview_books_registers_and_stores_nothing_but_its_summary(municipality_a, base):
    run = _run(municipality_a, preview=True)

    assert run.state == RunState.DONE and run.preview
    assert run.summary["by_tax_type"] == {TaxType.BUILDING: 90_500, TaxType.LAND: 100_100}
    assert run.summary["new_decisions"] == 2 and run.decisions == 2
    assert not AssessmentDecision.objects.filter(municipality=municipality_a).exists()
    assert not _assessment_entries(municipality_a).exists()
    assert not Document.objects.for_municipality(municipality_a).exists()


def test_an_unchanged_re_run_books_nothing(municipality_a, base):
    _run(municipality_a)
    entries = _assessment_entries(municipality_a).count()
    documents = Document.objects.for_municipality(municipality_a).count()

    again = _run(municipality_a)

    assert (again.decisions, again.unchanged, again.entries_booked) == (0, 2, 0)
    assert again.case_id is None  # no decision to register: no registry case opened
    assert _assessment_entries(municipality_a).count() == entries
    assert Document.objects.for_municipality(municipality_a).count() == documents


def test_a_changed_re_run_issues_a_correcting_decision_with_the_difference(municipality_a, base):
    anna, kft = base
    _run(municipality_a)
    # Anna sells the plot with effect before 1 January 2027: her land tax goes.
    plot = next(
        row.property
        for row in tax.state_on(municipality_a, D(2027, 1, 1)).ownerships
        if row.holder_id == anna.pk and row.property.parcel_number == "101/2"
    )
    ownership = next(
        row
        for row in tax.state_on(municipality_a, D(2027, 1, 1)).ownerships
        if row.property_id == plot.pk
    )
    tax.transfer_share(ownership, kft, on=D(2026, 6, 1))

    again = _run(municipality_a)

    assert again.summary["correcting_decisions"] == 2 and again.unchanged == 0
    anna_last = AssessmentDecision.objects.get(
        municipality=municipality_a, taxpayer=anna, sequence=2
    )
    assert anna_last.kind == DecisionKind.CORRECTION and anna_last.totals == {
        TaxType.BUILDING: 50_000
    }
    credit = _assessment_entries(municipality_a).get(taxpayer=anna, kind=EntryKind.CREDIT)
    assert (credit.tax_type, credit.amount) == (TaxType.LAND, 100_100)
    kft_charge = _assessment_entries(municipality_a).get(
        taxpayer=kft, tax_type=TaxType.LAND, kind=EntryKind.CHARGE
    )
    # A correction falls due like a mid-year decision: the 15th day after it is final.
    assert (kft_charge.amount, kft_charge.due_on) == (100_100, D(2027, 2, 16))
    assert tax.balance(anna, on=D(2027, 12, 31)) == 50_000
    # And once more: nothing new.
    third = _run(municipality_a)
    assert (third.decisions, third.entries_booked) == (0, 0)


def test_a_mid_year_decision_falls_due_15_days_after_it_is_final(municipality_a, base):
    anna, _kft = base
    _own(municipality_a, anna, "101/3", "20")  # a further 10 000 from 2020 on

    decision = tax.assess_taxpayer(anna, 2027, final_on=D(2027, 5, 5), decided_on=D(2027, 4, 20))

    assert decision.kind == DecisionKind.MID_YEAR and decision.registry_number
    charges = _assessment_entries(municipality_a).filter(taxpayer=anna, tax_type=TaxType.BUILDING)
    assert [(c.amount, c.due_on) for c in charges] == [(60_000, D(2027, 5, 20))]
    # Nothing changed since: no second decision.
    assert tax.assess_taxpayer(anna, 2027, final_on=D(2027, 5, 5)) is None


def test_a_run_for_one_municipality_never_touches_another(municipality_a, municipality_b, base):
    _decree(municipality_b)
    stranger = person(municipality_b, "Idegen", "Ida")
    _own(municipality_b, stranger, "101/1", "100")

    overdue = tax.book_charge(
        stranger, TaxType.BUILDING, 10_000, origin=ChargeOrigin.ASSESSMENT, due_on=D(2027, 3, 16)
    )

    run = _run(municipality_a)
    call_command("tax_interest_run", municipality_a.slug, "--until", "2027-04-30")

    assert run.decisions == 2
    assert not AssessmentDecision.objects.filter(municipality=municipality_b).exists()
    assert list(LedgerEntry.objects.filter(municipality=municipality_b)) == [overdue]
    assert not Document.objects.for_municipality(municipality_b).exists()


def test_no_decree_in_force_is_refused_in_hungarian_and_recorded_on_the_run(municipality_a):
    run = tax.create_assessment_run(municipality_a, 2027)
    with pytest.raises(tax.TaxError, match="Nincs"):
        tax.run_assessment(run)
    run.refresh_from_db()
    assert run.state == RunState.FAILED and run.error


def _taxpayers(municipality, count, start):
    for index in range(start, start + count):
        holder = person(municipality, "Adózó", f"{index}")
        _own(municipality, holder, f"{index}/1", "50")


def test_the_queries_of_a_run_do_not_grow_with_the_taxpayers(municipality_a, municipality_b):
    counts = []
    for municipality, size in ((municipality_a, 3), (municipality_b, 30)):
        _decree(municipality)
        _taxpayers(municipality, size, 1)
        run = tax.create_assessment_run(municipality, 2027, register=False)
        with CaptureQueriesContext(connection) as queries:
            tax.run_assessment(run, decided_on=DECIDED)
        run.refresh_from_db()
        assert run.decisions == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_command_and_the_facade_run_the_assessment_as_a_task(municipality_a, base):
    call_command("tax_assessment", municipality_a.slug, "2027", "--preview")
    preview = AssessmentRun.objects.for_municipality(municipality_a).get()
    assert preview.preview and preview.state == RunState.DONE

    run = tax.start_assessment(municipality_a, 2027)  # the immediate backend runs it

    assert run.state == RunState.DONE and run.taxpayers_done == run.taxpayers_total == 2
    assert AssessmentDecision.objects.filter(municipality=municipality_a).count() == 2


def test_the_interest_run_is_idempotent_and_counted_on_its_row(municipality_a, base):
    _run(municipality_a)  # three halves overdue by 30 April: both of Anna's and the Kft.'s

    call_command("tax_interest_run", municipality_a.slug, "--until", "2027-04-30")
    first = InterestRun.objects.for_municipality(municipality_a).get()
    assert first.state == RunState.DONE and first.entries_booked == 3 and first.amount > 0
    interest = LedgerEntry.objects.filter(
        municipality=municipality_a, tax_type=TaxType.LATE_INTEREST
    ).count()

    again = tax.start_interest_run(municipality_a, until=D(2027, 4, 30))

    assert again.state == RunState.DONE and again.entries_booked == 0 and again.amount == 0
    assert (
        LedgerEntry.objects.filter(
            municipality=municipality_a, tax_type=TaxType.LATE_INTEREST
        ).count()
        == interest
    )


def test_the_commands_refuse_bad_input_in_hungarian_before_enqueueing(municipality_a):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Nincs"):
        call_command("tax_assessment", "nincs-ilyen", "2027")
    with pytest.raises(CommandError, match="például 2027"):
        call_command("tax_assessment", municipality_a.slug, "27")
    with pytest.raises(CommandError, match="érvénytelen"):
        call_command("tax_interest_run", municipality_a.slug, "--until", "2027-02-30")
    assert not AssessmentRun.objects.for_municipality(municipality_a).exists()
    assert not InterestRun.objects.for_municipality(municipality_a).exists()
