"""The demo tax office (services.tax.demo): made once, its decrees within the maxima, its
identifiers and bank accounts with the right check digits, and late interest on some
accounts; the demo bank statement names demo taxpayers and Eger's accounts."""

import datetime
import re
from fractions import Fraction

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from services.forms import services as forms
from services.tax import demo
from services.tax import services as tax
from services.tax.constants import ChargeOrigin, DecreeState, EntryKind, TaxpayerKind, TaxType
from services.tax.models import (
    CollectionAccount,
    Decree,
    LedgerEntry,
    Ownership,
    Property,
    Taxpayer,
)
from sites.constants import LegalStatus
from sites.models import Municipality
from sites.validators import normalise_giro_account

TODAY = datetime.date(2026, 11, 30)


@pytest.fixture
def demo_village(municipality_a):
    # Fewer taxpayers than the demo's hundred: the same paths, a quicker test.
    made = demo.load_demo(municipality_a, today=TODAY, size=24)
    return municipality_a, made


@pytest.mark.django_db
def test_the_demo_is_made_once_with_valid_decrees_accounts_and_identifiers(demo_village):
    municipality, made = demo_village
    assert made["taxpayers"] == Taxpayer.objects.for_municipality(municipality).count() >= 24
    entries = LedgerEntry.objects.for_municipality(municipality).count()
    assert demo.load_demo(municipality, today=TODAY, size=24) is None
    assert LedgerEntry.objects.for_municipality(municipality).count() == entries
    assert Taxpayer.objects.for_municipality(municipality).count() == made["taxpayers"]

    # This year's decree is adopted, next year's draft passes the maxima too.
    decrees = list(Decree.objects.for_municipality(municipality).order_by("tax_year"))
    assert [(d.tax_year, d.state) for d in decrees] == [
        (TODAY.year, DecreeState.ADOPTED),
        (TODAY.year + 1, DecreeState.DRAFT),
    ]
    adopted, draft = decrees
    assert re.fullmatch(rf"\d+/{TODAY.year - 1}\. \(XI\. \d+\.\)", adopted.citation)
    assert tax.check_decree(adopted) == []
    assert tax.check_decree(draft) == []
    assert draft.amends_id == adopted.pk
    assert tax.decree_in_force(municipality, TODAY.year) == adopted

    # Bank accounts and identifiers with the right check digits.
    accounts = CollectionAccount.objects.for_municipality(municipality)
    assert {a.tax_type for a in accounts} == set(TaxType.values) - {TaxType.VEHICLE}
    for account in accounts:
        assert normalise_giro_account(account.giro) == account.giro
        assert forms.normalise_iban(account.iban) == account.iban
        assert account.iban.replace(" ", "")[4:] == account.giro.replace("-", "")
    taxpayers = list(Taxpayer.objects.for_municipality(municipality))
    persons = [t for t in taxpayers if t.kind == TaxpayerKind.PERSON]
    organisations = [t for t in taxpayers if t.kind == TaxpayerKind.ORGANISATION]
    assert persons and organisations
    assert all(forms.normalise_tax_id(t.tax_id) == t.tax_id for t in persons)
    assert all(forms.normalise_tax_number(t.tax_number) == t.tax_number for t in organisations)
    assert all(
        forms.normalise_parcel_number(p.parcel_number) == p.parcel_number
        for p in Property.objects.for_municipality(municipality)
    )
    halves = [
        row
        for row in Ownership.objects.for_municipality(municipality)
        if Fraction(row.share_numerator, row.share_denominator) == Fraction(1, 2)
    ]
    assert halves, "some homes are co-owned half and half"


@pytest.mark.django_db
def test_charges_payments_and_late_interest(demo_village):
    municipality, made = demo_village
    entries = LedgerEntry.objects.for_municipality(municipality)
    first_due, second_due = tax.half_year_due_dates(TODAY.year)
    charges = entries.filter(kind=EntryKind.CHARGE, origin=ChargeOrigin.ASSESSMENT)
    assert set(charges.values_list("due_on", flat=True)) == {first_due, second_due}
    assert entries.filter(kind=EntryKind.PAYMENT).count() == made["payments"] > 0
    interest = entries.filter(
        kind=EntryKind.CHARGE, origin=ChargeOrigin.INTEREST, tax_type=TaxType.LATE_INTEREST
    )
    assert interest.exists() and made["interest_ft"] > 0
    # The run was made to the end of last month: a second run to then books nothing.
    assert tax.book_interest(municipality, until=datetime.date(2026, 10, 31)).booked == 0
    # Every payment was allocated as the ledger allocates (the ones written in bulk too):
    # settling again finds nothing to do.
    for taxpayer in Taxpayer.objects.for_municipality(municipality):
        assert tax.settle(taxpayer, on=TODAY) == []
    # Some accounts are square, some owe.
    balances = [
        tax.balance(taxpayer, on=TODAY)
        for taxpayer in Taxpayer.objects.for_municipality(municipality)
    ]
    assert any(b == 0 for b in balances) and any(b > 0 for b in balances)
    # and the officer's run today books the interest of November on the overdue charges
    assert tax.book_interest(municipality, until=TODAY).booked > 0


def test_the_demo_statement_names_egers_accounts_and_demo_taxpayers():
    eger = Municipality(
        name="Eger",
        slug="eger",
        ksh_code="20491",
        county="Heves",
        legal_status=LegalStatus.COUNTY_TOWN,
        postal_code="3300",
    )
    path = settings.BASE_DIR / "data" / "tax" / "samples" / "demo-eger-statement.sta"
    text = path.read_text(encoding="ascii")
    ibans = {
        normalise_giro_account(line[4:].strip())
        for line in text.splitlines()
        if line.startswith(":25:")
    }
    assert ibans and ibans <= set(demo.demo_accounts(eger).values())
    # The identifiers the remarks name are those the demo gives Eger's taxpayers.
    identifiers = {row["identifier"] for row in demo._Plan(eger, TODAY).taxpayers}
    named = re.findall(r"^:86:(\S+)", text, flags=re.MULTILINE)
    assert len(named) > 10
    matched = [value for value in named if value in identifiers]
    # two for the officer's unmatched queue: a remark naming nobody, a mistyped identifier
    assert len(matched) == len(named) - 2
    mistyped = [value for value in named if re.fullmatch(r"8\d{9}", value)]
    wrong = set(mistyped) - identifiers
    assert len(wrong) == 1
    with pytest.raises(ValidationError):
        forms.normalise_tax_id(wrong.pop())


@pytest.mark.django_db
def test_an_assessment_run_over_the_demo_books_no_charge_a_second_time(demo_village):
    # The demo assesses this year through a real, registered run; an officer who runs this
    # year's assessment again must neither charge the demo taxpayers twice nor issue a
    # decision to anyone.
    municipality, made = demo_village
    (first,) = tax.assessment_runs(municipality)
    assert not first.preview and first.decisions == made["decisions"] > 0
    assert first.case_id is not None
    charges = LedgerEntry.objects.for_municipality(municipality).filter(
        kind=EntryKind.CHARGE, origin=ChargeOrigin.ASSESSMENT, period_year=TODAY.year
    )
    before = sorted(charges.values_list("taxpayer_id", "tax_type", "amount"))
    assert before
    run = tax.create_assessment_run(municipality, TODAY.year, register=False)
    run = tax.run_assessment(run, decided_on=TODAY)
    assert run.decisions == 0
    assert sorted(charges.values_list("taxpayer_id", "tax_type", "amount")) == before
    assert (
        not LedgerEntry.objects.for_municipality(municipality)
        .filter(kind=EntryKind.CREDIT, origin=ChargeOrigin.ASSESSMENT)
        .exists()
    )


@pytest.mark.django_db
def test_the_done_when_story_on_egers_demo(given_municipality):
    """What README's walk-through shows a new user on Eger (make run): a taxpayer found by
    the parcel number of their home, the demo statement booked with two items left for the
    queue, the balance changed, the interest run booking late interest, next year's draft
    decree simulated and adopted."""
    eger = given_municipality(
        name="Eger",
        slug="eger",
        ksh_code="20491",
        county="Heves",
        legal_status=LegalStatus.COUNTY_TOWN,
        postal_code="3300",
    )
    demo.load_demo(eger, today=TODAY)
    # found by the parcel number README names
    found = list(tax.search_taxpayers(eger, "9454/29", search_in="parcel"))
    assert [t.identifier for t in found] == ["8266405581"]
    molnar = found[0]
    owed = tax.balance(molnar, on=TODAY)
    assert owed > 0
    # the statement: every item but two booked
    path = settings.BASE_DIR / "data" / "tax" / "samples" / "demo-eger-statement.sta"
    done = tax.import_statement(eger, path.read_bytes(), file_name=path.name)
    assert done.queued_count == 2 and done.booked_count == done.item_count - 2
    assert tax.balance(molnar, on=TODAY) < owed
    # the interest run books November's interest
    assert tax.book_interest(eger, until=TODAY).booked > 0
    # next year's draft, within the maxima, simulated and adopted
    draft = Decree.objects.for_municipality(eger).get(
        tax_year=TODAY.year + 1, state=DecreeState.DRAFT
    )
    simulation = tax.simulate(draft)
    old, new = simulation.total
    assert new > old > 0
    tax.adopt(draft, number=31, adopted_on=TODAY)
    assert Decree.objects.for_municipality(eger).get(pk=draft.pk).is_adopted
