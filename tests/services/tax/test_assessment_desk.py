"""The assessment screens of the tax officers' workspace: a preview that books nothing but
shows the totals and the largest decisions, a booked run with its decisions (registry
number, portal or print batch) and the print batch's list, a repeated run that says
"unchanged", a run that cannot start shown with its reason, and the card's decisions."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from services.tax import services as tax
from services.tax.constants import DeliveryChannel, RateUnit, TaxObjectKind, TaxType, UseCategory
from services.tax.models import AssessmentDecision, AssessmentRun, LedgerEntry, RunState
from sites.constants import StaffRole
from tests.factories.tax import building, person

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def tax_officer_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.TAX_OFFICER, username="adougyintezo_a")


@pytest.fixture
def desk(client, tax_officer_a):
    client.force_login(tax_officer_a)
    return client


def _url(name, municipality, *args):
    return reverse(f"tax_admin:{name}", args=[municipality.pk, *args])


def _house(municipality, holder, parcel, area):
    house = building(municipality, parcel=parcel, area=area, use_category=UseCategory.DWELLING)
    tax.record_ownership(house, holder, share=(1, 1), valid_from=datetime.date(2020, 1, 1))
    tax.register_tax_object(
        municipality,
        tax_type=TaxType.BUILDING,
        kind=TaxObjectKind.PROPERTY,
        property=house,
        valid_from=datetime.date(2020, 1, 1),
    )


@pytest.fixture
def town(municipality_a):
    anna = person(municipality_a, "Kiss", "Anna")
    bela = person(
        municipality_a, "Nagy", "Béla", delivery_channel=DeliveryChannel.POST, postal_code="3301"
    )
    _house(municipality_a, anna, "10/1", "100")
    _house(municipality_a, bela, "10/2", "60")
    decree = tax.create_decree(municipality_a, tax_year=YEAR, title="a helyi adókról")
    tax.add_line(
        decree,
        tax_type=TaxType.BUILDING,
        category=UseCategory.DWELLING,
        unit=RateUnit.FT_PER_M2,
        amount=500,
    )
    tax.adopt(decree, number=12, adopted_on=datetime.date(YEAR - 1, 11, 5))
    return anna, bela


def _start(desk, municipality, mode, year=YEAR):
    response = desk.post(_url("assessment_start", municipality), {"year": year, "mode": mode})
    assert response.status_code == 302
    return AssessmentRun.objects.unscoped().filter(municipality=municipality).first(), response


def test_a_preview_books_nothing_and_shows_totals_and_the_largest_decisions(
    desk, municipality_a, town
):
    run, response = _start(desk, municipality_a, "preview")

    assert run.preview and run.state == RunState.DONE
    assert response.url == _url("assessment_run", municipality_a, run.pk)
    assert (
        not LedgerEntry.objects.unscoped()
        .filter(municipality=municipality_a, period_year=YEAR)
        .exists()
    )
    assert not AssessmentDecision.objects.unscoped().filter(municipality=municipality_a).exists()
    page = desk.get(response.url).content.decode()
    assert "80\xa0000\xa0Ft" in page  # 100 m² + 60 m² at 500 Ft/m²
    assert page.index("Kiss Anna") < page.index("Nagy Béla")  # the largest first
    assert "50\xa0000\xa0Ft" in page and "30\xa0000\xa0Ft" in page


def test_a_booked_run_lists_its_decisions_and_the_print_batch(desk, municipality_a, town):
    anna, bela = town
    run, _response = _start(desk, municipality_a, "book")

    assert run.state == RunState.DONE and not run.preview
    decisions = desk.get(_url("assessment_decisions", municipality_a, run.pk)).content.decode()
    for decision in AssessmentDecision.objects.unscoped().filter(run=run):
        assert decision.registry_number and decision.registry_number in decisions
    assert "Nagy Béla" in decisions and "Kiss Anna" in decisions

    batch = desk.get(_url("print_batch", municipality_a, run.pk))
    rows = list(csv.reader(io.StringIO(batch.content.decode("utf-8-sig")), delimiter=";"))
    # Béla gets post; Kiss Anna asked for the portal mailbox but has no portal account
    # linked, so the run's delivery puts her decision in the print batch as well.
    assert sorted(row[1] for row in rows[1:]) == ["Kiss Anna", "Nagy Béla"]
    bela_row = next(row for row in rows[1:] if row[1] == "Nagy Béla")
    assert bela_row[2] == "3301" and bela_row[6] == "30000"


def test_running_the_year_again_says_unchanged(desk, municipality_a, town):
    _start(desk, municipality_a, "book")
    entries = LedgerEntry.objects.unscoped().filter(municipality=municipality_a).count()

    again, response = _start(desk, municipality_a, "book")

    assert (again.decisions, again.unchanged) == (0, 2)
    assert LedgerEntry.objects.unscoped().filter(municipality=municipality_a).count() == entries
    page = desk.get(response.url).content.decode()
    assert "Változatlan" in page
    runs = desk.get(_url("assessment_runs", municipality_a)).content.decode()
    assert runs.count(_url("assessment_run", municipality_a, again.pk)) == 1


def test_a_year_without_a_decree_shows_why_the_run_stopped(desk, municipality_a, town):
    # A decree stays in force for the later years; none was in force before it.
    run, response = _start(desk, municipality_a, "book", year=YEAR - 1)

    assert run.state == RunState.FAILED
    page = desk.get(response.url)
    assert page.status_code == 200
    assert "rendelet" in run.error and run.error in page.content.decode()


def test_a_bad_year_is_a_message_not_an_error(desk, municipality_a):
    response = desk.post(
        _url("assessment_start", municipality_a), {"year": "jövőre", "mode": "book"}, follow=True
    )
    assert response.status_code == 200
    assert not AssessmentRun.objects.unscoped().exists()


def test_the_card_shows_the_decisions_and_an_honest_empty_declarations_section(
    desk, municipality_a, town
):
    anna, _bela = town
    run, _response = _start(desk, municipality_a, "book")
    decision = AssessmentDecision.objects.unscoped().get(run=run, taxpayer=anna)

    page = desk.get(_url("taxpayer", municipality_a, anna.pk)).content.decode()

    assert decision.registry_number in page
    assert "Bevallások és bejelentések" in page
    assert "még nem tartja nyilván" in page
