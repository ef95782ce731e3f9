"""The public check of a tax certificate on the portal: a valid code shows the
certificate's essentials (issuer, name, masked tax id, day, debt or none, validity); a
wrong code one neutral message; odd input never a 5xx; each lookup counts against the
per-address limit (429 when over it)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from services.tax import services as tax
from services.tax.constants import ChargeOrigin, TaxType
from sites.actor import Actor
from sites.hungarian import format_money
from tests.factories.tax import organisation, person

pytestmark = pytest.mark.django_db

URL = "/e-ugyintezes/adoigazolas-ellenorzes/"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer(officer_a, municipality_a):
    return Actor(user=officer_a, municipality=municipality_a, channel="admin")


def test_the_page_has_its_address():
    assert reverse("journey:certificate_check") == URL


def test_a_valid_code_shows_the_nil_certificate_with_the_tax_id_masked(
    client, municipality_a, officer
):
    anna = person(municipality_a, "Albert", "Anna")
    certificate, code = tax.issue_at_desk(anna, actor=officer)

    page = client.get(URL, {"kod": code})

    html = page.content.decode()
    assert page.status_code == 200
    assert "Albert Anna" in html
    assert municipality_a.name in html
    assert anna.tax_id not in html
    assert f"{anna.tax_id[:2]}••••••{anna.tax_id[-2:]}" in html
    assert "nullás" in html
    assert certificate.reference in html
    assert page["Cache-Control"].startswith("max-age=0")


def test_a_certificate_with_debt_shows_the_amount_and_an_organisations_tax_number(
    client, municipality_a, officer
):
    kft = organisation(municipality_a, "Példa Kft.")
    today = timezone.localdate()
    tax.book_charge(
        kft,
        TaxType.BUSINESS,
        150_000,
        origin=ChargeOrigin.ASSESSMENT,
        due_on=today.replace(day=1) if today.day > 1 else today,
        booked_on=today.replace(day=1),
        period_year=today.year,
        instalment=1,
    )
    _certificate, code = tax.issue_at_desk(kft, actor=officer)

    html = client.get(URL, {"kod": code.replace("-", "").lower()}).content.decode()

    assert format_money(150_000) in html
    assert kft.tax_number in html
    assert "Helyi iparűzési adó" in html


def test_a_wrong_code_shows_one_neutral_message_and_no_data(client, municipality_a, officer):
    anna = person(municipality_a, "Albert", "Anna")
    _certificate, code = tax.issue_at_desk(anna, actor=officer)
    wrong = ("B" if code[0] != "B" else "C") + code[1:]

    page = client.get(URL, {"kod": wrong})

    html = page.content.decode()
    assert page.status_code == 200
    assert "Ehhez a kódhoz nem tartozik érvényes igazolás" in html
    assert "Albert" not in html


@pytest.mark.parametrize(
    "typed",
    ["x", "'; DROP TABLE tax_taxcertificate; --", "A" * 5000, "\x00abc", "ŐŰ" * 8, "%00"],
)
def test_odd_input_gets_a_hungarian_message_never_a_5xx(client, typed):
    page = client.get(URL, {"kod": typed})

    assert page.status_code == 200
    html = page.content.decode()
    assert "16 betű" in html or "Ehhez a kódhoz" in html


def test_the_lookups_are_rate_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "tax_certificate_check": "3/10m/ip"}
    codes = [f"AAAA-BBBB-CCCC-DDD{n}" for n in range(5)]

    statuses = [client.get(URL, {"kod": code}).status_code for code in codes]

    assert statuses == [200, 200, 200, 429, 429]
    assert "Túl sok" in client.get(URL, {"kod": codes[0]}).content.decode()
    # The empty form itself costs nothing.
    assert client.get(URL).status_code == 200
