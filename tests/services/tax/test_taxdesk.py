"""The tax officers' workspace ("Helyi adó"): the search by each key, the taxpayer card's
running balance, the decree screens with the simulator and the adoption's refusal, the
receipts report, and who gets in at all."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from services.tax import services as tax
from services.tax.constants import (
    ChargeOrigin,
    RateCategory,
    RateUnit,
    TaxObjectKind,
    TaxType,
    UseCategory,
)
from services.tax.models import Decree, DecreeLine, DecreeRule
from sites.constants import StaffRole
from tests.factories.tax import building, giro, organisation, person, tax_id

from .test_decrees import NEW, OLD, _decree, _small_base

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
KISS_ID = tax_id(123456)


@pytest.fixture
def tax_officer_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.TAX_OFFICER, username="adougyintezo_a")


@pytest.fixture
def desk(client, tax_officer_a):
    client.force_login(tax_officer_a)
    return client


def url(name, municipality, *args):
    return reverse(f"tax_admin:{name}", args=[municipality.pk, *args])


def found(desk, municipality, **query):
    page = desk.get(url("taxpayers", municipality), query).content.decode()
    return page


# -- search


@pytest.fixture
def register(municipality_a, municipality_b):
    kiss = person(municipality_a, "Kiss", "Anna", identifier=KISS_ID, address_line="Dobó tér 1.")
    company = organisation(municipality_a, "Nagy és Társa Kft.")
    house = building(municipality_a, parcel="1234/5", address="Alsóvár, Rózsa utca 7.")
    tax.record_ownership(house, kiss, share=(1, 2), valid_from=datetime.date(2020, 1, 1))
    tax.register_tax_object(
        municipality_a,
        tax_type=TaxType.BUILDING,
        kind=TaxObjectKind.PROPERTY,
        property=house,
        valid_from=datetime.date(2020, 1, 1),
    )
    stranger = person(municipality_b, "Kiss", "Béla", identifier=KISS_ID)
    return kiss, company, stranger


@pytest.mark.parametrize(
    ("query", "search_in"),
    [
        ("kiss anna", ""),
        ("Anna", "name"),
        (KISS_ID, "identifier"),
        (f"{KISS_ID[:4]} {KISS_ID[4:7]} {KISS_ID[7:]}", ""),  # typed with spaces: normalised
        (KISS_ID[2:8], "identifier"),  # a part of it
        ("1234/5", "parcel"),
        ("1234 / 5", ""),
        ("Rózsa utca", "address"),  # the property's address
        ("Dobó tér", ""),  # her own address
    ],
)
def test_the_search_finds_the_taxpayer_by_each_key(
    desk, municipality_a, register, query, search_in
):
    kiss, company, stranger = register
    page = found(desk, municipality_a, q=query, search_in=search_in)
    assert url("taxpayer", municipality_a, kiss.pk) in page
    assert url("taxpayer", municipality_a, company.pk) not in page
    # B's taxpayer of the same name and number is not A's
    assert f"/adozo/{stranger.pk}/" not in page


def test_the_search_finds_an_organisation_by_its_tax_number_with_or_without_hyphens(
    desk, municipality_a, register
):
    _kiss, company, _stranger = register
    for typed in (company.tax_number, company.tax_number.replace("-", ""), company.tax_number[:8]):
        page = found(desk, municipality_a, q=typed)
        assert url("taxpayer", municipality_a, company.pk) in page, typed


def test_the_search_narrowed_to_one_field_does_not_look_elsewhere(desk, municipality_a, register):
    kiss, _company, _stranger = register
    assert url("taxpayer", municipality_a, kiss.pk) not in found(
        desk, municipality_a, q="Kiss", search_in="address"
    )
    assert "Nincs találat" in found(desk, municipality_a, q="zzz-nincs")


def test_the_search_filters_by_kind_and_is_paginated(desk, municipality_a, register):
    kiss, company, _stranger = register
    page = found(desk, municipality_a, kind="organisation")
    assert url("taxpayer", municipality_a, company.pk) in page
    assert url("taxpayer", municipality_a, kiss.pk) not in page
    # she holds half of a house with building tax; the company has no tax object
    page = found(desk, municipality_a, tax_type=TaxType.BUILDING)
    assert url("taxpayer", municipality_a, kiss.pk) in page
    assert url("taxpayer", municipality_a, company.pk) not in page
    for number in range(26):
        person(municipality_a, f"Lapozó{number:02d}", "Péter")
    first = desk.get(url("taxpayers", municipality_a), {"q": "Lapozó"})
    assert first.context["page"].paginator.count == 26
    assert len(first.context["records"]) == 25
    second = found(desk, municipality_a, q="Lapozó", p="2")
    assert "Lapozó25" in second and "Lapozó00" not in second


# -- the card


def test_the_card_shows_the_running_balance_and_highlights_the_overdue(desk, municipality_a):
    kiss = person(municipality_a, "Kiss", "Anna")
    overdue_day = TODAY - datetime.timedelta(days=40)
    first = tax.book_charge(
        kiss,
        TaxType.BUILDING,
        50_000,
        origin=ChargeOrigin.ASSESSMENT,
        due_on=overdue_day,
        booked_on=overdue_day - datetime.timedelta(days=30),
        period_year=overdue_day.year,
        instalment=1,
    )
    tax.book_payment(kiss, TaxType.BUILDING, 20_000, paid_on=overdue_day - datetime.timedelta(5))
    second = tax.book_charge(
        kiss,
        TaxType.BUILDING,
        50_000,
        origin=ChargeOrigin.ASSESSMENT,
        due_on=TODAY + datetime.timedelta(days=200),
        booked_on=overdue_day - datetime.timedelta(days=30),
        period_year=overdue_day.year,
        instalment=2,
    )

    response = desk.get(url("taxpayer", municipality_a, kiss.pk))
    page = response.content.decode()

    account = response.context["card"].accounts[0]
    # both halves booked first, then the payment and its allocation (which moves nothing)
    assert [line.balance for line in account.lines] == [50_000, 100_000, 80_000, 80_000]
    assert account.balance_today == 80_000 and account.overdue == 30_000
    assert "80\u00a0000\u00a0Ft" in page
    # the first half is overdue (30 000 unpaid), the second not yet
    overdue = [line.entry.pk for line in account.lines if line.overdue]
    assert overdue == [first.pk]
    assert 'class="tax-overdue"' in page and "lejárt" in page.lower()
    # every charge links to its interest lines
    assert url("interest", municipality_a, kiss.pk, first.pk) in page
    assert url("interest", municipality_a, kiss.pk, second.pk) in page


def test_the_interest_page_shows_the_lines_that_add_up_to_the_total(desk, municipality_a):
    kiss = person(municipality_a, "Kiss", "Anna")
    charge = tax.book_charge(
        kiss,
        TaxType.BUILDING,
        100_000,
        origin=ChargeOrigin.ASSESSMENT,
        due_on=TODAY - datetime.timedelta(days=60),
        booked_on=TODAY - datetime.timedelta(days=90),
    )
    response = desk.get(url("interest", municipality_a, kiss.pk, charge.pk))
    calculation = response.context["calculation"]
    assert sum(line.days for line in calculation.lines) == 60
    assert calculation.total == tax.calculate_interest(charge, TODAY).total > 0
    assert f"{calculation.lines[0].days}" in response.content.decode()


def test_the_card_shows_holdings_and_representations(desk, municipality_a, register):
    kiss, company, _stranger = register
    tax.add_representation(
        kiss, company, valid_from=datetime.date(2024, 1, 1), tax_types=[TaxType.BUILDING]
    )
    page = desk.get(url("taxpayer", municipality_a, kiss.pk)).content.decode()
    assert "1234/5" in page and "1/2" in page and "Rózsa utca 7." in page
    assert "Nagy és Társa Kft." in page and url("taxpayer", municipality_a, company.pk) in page
    # and the company's card names whom it represents
    assert "Kiss Anna" in desk.get(url("taxpayer", municipality_a, company.pk)).content.decode()


# -- decrees, the simulator, the adoption


def test_the_officer_builds_a_draft_line_by_line(desk, municipality_a):
    response = desk.post(
        url("decree_create", municipality_a), {"tax_year": "2027", "title": "a helyi adókról"}
    )
    decree = Decree.objects.for_municipality(municipality_a).get()
    assert response.url == url("decree", municipality_a, decree.pk)
    decree_url = url("decree", municipality_a, decree.pk)
    line = {
        "action": "add_line",
        "tax_type": TaxType.BUILDING,
        "category": RateCategory.DWELLING,
        "unit": RateUnit.FT_PER_M2,
        "amount": "1.500",  # typed with the Hungarian thousands dot
    }
    assert desk.post(decree_url, line).status_code == 302
    wrong = desk.post(decree_url, {**line, "unit": RateUnit.FT_PER_OBJECT})
    assert wrong.status_code == 400 and "nem állapítható meg" in wrong.content.decode()
    rule = {
        "action": "add_rule",
        "tax_type": TaxType.BUILDING,
        "kind": "area_allowance",
        "m2": "20",
    }
    assert desk.post(decree_url, rule).status_code == 302
    assert desk.post(decree_url, {**line, "amount": "900"}).status_code == 302
    lines = DecreeLine.objects.for_municipality(municipality_a).filter(decree=decree)
    assert [str(amount) for amount in lines.values_list("amount", flat=True)] == [
        "1500.000",
        "900.000",
    ]

    desk.post(decree_url, {"action": "remove_line", "id": lines.first().pk})
    assert [(row.position, str(row.amount)) for row in lines.all()] == [(1, "900.000")]
    rules = DecreeRule.objects.for_municipality(municipality_a).filter(decree=decree)
    assert rules.get().parameters == {"m2": "20"}
    desk.post(decree_url, {"action": "remove_rule", "id": rules.get().pk})
    assert not rules.exists()
    # a line of another decree is not this decree's to remove
    missing = desk.post(decree_url, {"action": "remove_line", "id": "999999"}, follow=True)
    assert "már nem szerepel" in missing.content.decode()


def test_the_simulator_page_shows_the_revenue_and_the_counts(desk, municipality_a):
    _a, b, _c, _d = _small_base(municipality_a)
    _decree(municipality_a, 2025, OLD, number=10)
    draft = _decree(municipality_a, 2026, NEW, number=None, adopt=False)

    response = desk.get(url("simulation", municipality_a, draft.pk))
    page = response.content.decode()

    rows = {row["label"]: (row["old"], row["new"]) for row in response.context["revenue"]}
    assert rows == {"Építményadó": (296_000, 314_000), "Telekadó": (100_000, 50_000)}
    assert response.context["total"] == {"old": 396_000, "new": 364_000, "change": -32_000}
    assert "296\u00a0000" in page
    simulation = response.context["simulation"]
    assert (simulation.rises, simulation.falls, simulation.unchanged) == (2, 1, 1)
    largest = response.context["largest"]
    assert largest[0][0].taxpayer_id == b.pk and largest[0][0].change == -46_000
    assert "Bodnár Béla" in page and "-46\u00a0000" in page


def test_adopting_over_the_maximum_is_refused_with_the_hungarian_reason(desk, municipality_a):
    draft = _decree(
        municipality_a,
        2026,
        [(UseCategory.DWELLING, RateUnit.FT_PER_M2, 99_999, TaxType.BUILDING)],
        number=None,
        adopt=False,
    )
    simulation_url = url("simulation", municipality_a, draft.pk)
    # the check is on the page before anybody tries
    assert "legfeljebb" in desk.get(simulation_url).content.decode()

    response = desk.post(
        simulation_url, {"action": "adopt", "number": "7", "adopted_on": "2025.11.05."}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and "legfeljebb" in page and "1. sora" in page
    draft.refresh_from_db()
    assert not draft.is_adopted


def test_a_draft_within_the_maxima_is_adopted_and_then_read_only(desk, municipality_a):
    draft = _decree(
        municipality_a,
        2026,
        [(UseCategory.DWELLING, RateUnit.FT_PER_M2, 500, TaxType.BUILDING)],
        number=None,
        adopt=False,
    )
    decree_url = url("decree", municipality_a, draft.pk)
    response = desk.post(decree_url, {"action": "adopt", "number": "7", "adopted_on": "2025-11-05"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_adopted and draft.citation == "7/2025. (XI. 5.)"
    refused = desk.post(
        decree_url,
        {
            "action": "add_line",
            "tax_type": TaxType.BUILDING,
            "category": RateCategory.DWELLING,
            "unit": RateUnit.FT_PER_M2,
            "amount": "1",
        },
    )
    assert refused.status_code == 400 and "nem módosítható" in refused.content.decode()


# -- receipts


def test_the_receipts_report_sums_per_tax_type_and_collection_account(desk, municipality_a):
    tax.set_collection_account(municipality_a, TaxType.BUILDING, giro=giro(serial=1))
    kiss = person(municipality_a, "Kiss", "Anna")
    nagy = person(municipality_a, "Nagy", "Ödön")
    day = datetime.date(2026, 3, 10)
    tax.book_payment(kiss, TaxType.BUILDING, 12_000, paid_on=day)
    tax.book_payment(nagy, TaxType.BUILDING, 8_000, paid_on=day)
    tax.book_payment(nagy, TaxType.COMMUNAL, 5_000, paid_on=day)
    wrong = tax.book_payment(nagy, TaxType.COMMUNAL, 999, paid_on=day)
    tax.reverse(wrong, on=day, reason="téves")
    tax.book_payment(kiss, TaxType.BUILDING, 70_000, paid_on=datetime.date(2026, 4, 1))

    response = desk.get(
        url("receipts_export", municipality_a), {"since": "2026.03.01.", "until": "2026.03.31."}
    )

    assert response["Content-Type"].startswith("text/csv")
    # built through sites.downloads: an attachment the browser does not sniff
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    building_account = tax.collection_account(municipality_a, TaxType.BUILDING).giro
    assert rows == [
        ["Adónem", "Beszedési számla", "Befizetések", "Összeg (Ft)"],
        ["Építményadó", building_account, "2", "20000"],
        ["Magánszemélyek kommunális adója", "", "1", "5000"],
    ]


def test_a_wrong_period_goes_back_to_the_report_with_the_reason(desk, municipality_a):
    response = desk.get(
        url("receipts_export", municipality_a), {"since": "2026.03.31.", "until": "2026.03.01."}
    )
    assert response.status_code == 302
    page = desk.get(response.url).content.decode()
    assert "Az időszak kezdete a vége utánra esik." in page


# -- who gets in


def test_an_officer_of_another_service_gets_no_menu_and_403(client, officer_a, municipality_a):
    client.force_login(officer_a)
    home = reverse("wagtailadmin_home")
    # Wagtail answers PermissionDenied with its no-permission redirect to the dashboard.
    response = client.get(reverse("tax_admin:index"))
    assert (response.status_code, response["Location"]) == (302, home)
    # inside the municipality they work for, the tax workspace is as if it did not exist
    assert client.get(url("taxpayers", municipality_a)).status_code == 404
    assert client.get(url("decrees", municipality_a)).status_code == 404
    assert reverse("tax_admin:index") not in client.get(home).content.decode()


def test_the_tax_officer_has_the_menu_and_goes_straight_to_the_search(desk, municipality_a):
    home = desk.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("tax_admin:index") in home and "Helyi ad" in home
    response = desk.get(reverse("tax_admin:index"))
    assert response.status_code == 302 and response.url == url("taxpayers", municipality_a)


def test_a_tax_officer_of_a_gets_404_for_bs_taxpayer_decree_and_report(
    desk, municipality_a, municipality_b
):
    stranger = person(municipality_b, "Idegen", "Ida")
    charge = tax.book_charge(
        stranger, TaxType.BUILDING, 1000, origin=ChargeOrigin.ASSESSMENT, due_on=TODAY
    )
    decree = tax.create_decree(municipality_b, tax_year=2027, title="B rendelete")
    for path in (
        url("taxpayer", municipality_a, stranger.pk),
        url("interest", municipality_a, stranger.pk, charge.pk),
        url("decree", municipality_a, decree.pk),
        url("simulation", municipality_a, decree.pk),
        url("receipts", municipality_b),
        url("receipts_export", municipality_b) + "?since=2026.01.01.&until=2026.12.31.",
        url("taxpayer", municipality_b, stranger.pk),
    ):
        assert desk.get(path).status_code == 404, path
    assert (
        desk.post(url("decree", municipality_a, decree.pk), {"action": "adopt"}).status_code == 404
    )


def test_the_list_as_the_menu_opens_it_shows_every_taxpayer_of_the_municipality(
    desk, municipality_a, register
):
    kiss, company, stranger = register
    page = desk.get(url("taxpayers", municipality_a)).content.decode()
    assert url("taxpayer", municipality_a, kiss.pk) in page
    assert url("taxpayer", municipality_a, company.pk) in page
    assert f"/adozo/{stranger.pk}/" not in page


def test_a_draft_decree_page_names_the_maximum_it_is_checked_against(desk, municipality_a):
    draft = _decree(
        municipality_a,
        2026,
        [(UseCategory.DWELLING, RateUnit.FT_PER_M2, 1600, TaxType.BUILDING)],
        number=None,
        adopt=False,
    )
    page = desk.get(url("decree", municipality_a, draft.pk)).content.decode()

    notes = page.split("A vizsgálat alapjául szolgáló adómaximumok", 1)
    assert len(notes) == 2
    # the building tax's maximum with where it comes from (the KSH indices or a figure)
    assert "Építményadó" in notes[1] and "Htv." in notes[1]
