"""Open data without a token: the portal's page and the datasets in JSON and CSV.

Done when (issue #20): the open data page lists Eger's shops as CSV without private data.
Here a municipality's register holds a company and a sole trader whose private data carry
the marker ``zqx`` (tests.factories.commerce.sole_trader): the trader's name is public, no
private value of the person is."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from portal.opendata import datasets
from portal.opendata.schemas import ROW_SCHEMAS
from services.commerce import services as commerce
from services.commerce.models import TraderVersion
from services.tax import services as tax
from services.tax.constants import RateUnit, TaxType, UseCategory
from sites.models import DecreeIndexPage, DecreePage, EventIndexPage, EventPage
from tests.factories.commerce import company, register_shop, sole_trader

pytestmark = pytest.mark.django_db

PRIVATE_MARKER = "zqx"


def url(slug, municipality=None, **query):
    name = f"openapi_v1:open_{slug}"
    path = reverse(name, args=[municipality.ksh_code] if municipality else [])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the accents only with the BOM
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def shops_a(municipality_a):
    register_shop(municipality_a, trader=company())
    sole = sole_trader(name="Kovács Ilona e.v.")
    register_shop(municipality_a, trader=sole, street="Bajcsy-Zsilinszky utca 4.", name="Virág")
    return sole


def test_a_municipalitys_shops_as_csv_without_private_data(client, municipality_a, shops_a):
    response = client.get(url("kereskedelem", municipality_a, format="csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = csv_rows(response)
    assert [row["trader_name"] for row in rows] == [
        "Kékfény Kereskedelmi Kft.",
        "Kovács Ilona e.v.",
    ]
    body = response.content.decode("utf-8").casefold()
    assert PRIVATE_MARKER not in body  # home address, birth name and place, mother's name
    assert "1971" not in body  # date of birth
    assert shops_a["tax_number"] not in body  # a person's tax number
    assert shops_a["registration_number"] in body  # the sole trader's public number
    assert rows[1]["seat"] == "Eger"  # a home seat: its settlement only
    assert rows[0]["tax_number"]  # an organisation's tax number is public


def test_the_json_has_the_same_entries_and_no_private_field(client, municipality_a, shops_a):
    data = client.get(url("kereskedelem", municipality_a)).json()

    private = {"home_address", "birth_name", "birth_place", "birth_date", "mother_name"}
    assert private <= {field.name for field in TraderVersion._meta.concrete_fields}
    assert data["schema"] == "varoshaza.commerce.register/1"
    assert all(set(entry) == set(data["columns"]) for entry in data["entries"])
    assert not private & set(data["columns"])
    assert PRIVATE_MARKER not in json.dumps(data, ensure_ascii=False).casefold()


def test_open_data_is_the_register_pages_own_serializer(client, municipality_a, shops_a):
    """One place decides what is public: the bytes are the trade register's writer's."""
    entries = commerce.public.register_entries(municipality_a)

    response = client.get(url("kereskedelem", municipality_a, format="csv"))

    assert response.content.decode("utf-8") == commerce.public.as_csv(entries)


def test_a_municipality_gets_only_its_own_register(client, municipality_a, municipality_b):
    register_shop(municipality_a, trader=company("Alsóvári Kft."))
    register_shop(municipality_b, trader=company("Felsővári Kft."))

    text = client.get(url("kereskedelem", municipality_b, format="csv")).content.decode()

    assert "Felsővári Kft." in text and "Alsóvári Kft." not in text


@pytest.mark.parametrize("code", ["99999", "abc", "6000", "600011"])
def test_an_unknown_municipality_is_a_hungarian_problem(client, municipality_a, code):
    response = client.get(f"/api/v1/open/m/{code}/kereskedelem")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    assert "KSH" in response.json()["detail"]


def test_caching_headers_and_304_until_the_register_changes(client, municipality_a, shops_a):
    address = url("kereskedelem", municipality_a, format="csv")
    first = client.get(address)
    etag = first["ETag"]

    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    again = client.get(address, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    # JSON has its own ETag
    assert client.get(url("kereskedelem", municipality_a))["ETag"] != etag

    register_shop(municipality_a, trader=company("Új Bolt Kft."), street="Új utca 1.")
    changed = client.get(address, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_data_are_hungarian_whatever_the_visitors_language(client, municipality_a, shops_a):
    address = url("kereskedelem", municipality_a)
    hungarian = client.get(address, HTTP_ACCEPT_LANGUAGE="hu")
    english = client.get(address, HTTP_ACCEPT_LANGUAGE="en")

    assert hungarian["ETag"] == english["ETag"]
    assert english.json()["entries"][1]["trader_kind"] == "Egyéni vállalkozó"


def _decree(municipality, title, *, adopt):
    decree = tax.create_decree(municipality, tax_year=2026, title=title)
    tax.add_line(
        decree,
        tax_type=TaxType.BUILDING,
        category=UseCategory.DWELLING,
        unit=RateUnit.FT_PER_M2,
        amount=400,
    )
    if adopt:
        tax.adopt(decree, number=9, adopted_on=datetime.date(2025, 11, 20))
    return decree


def test_adopted_tax_decrees_only(client, municipality_a):
    _decree(municipality_a, "Elfogadott adórendelet", adopt=True)
    _decree(municipality_a, "Titkos tervezet", adopt=False)

    data = client.get(url("adorendeletek", municipality_a)).json()

    assert [(e["title"], e["citation"], e["rate"]) for e in data["entries"]] == [
        ("Elfogadott adórendelet", "9/2025. (XI. 20.)", "400")
    ]
    assert (
        "Titkos tervezet"
        not in client.get(url("adorendeletek", municipality_a, format="csv")).content.decode()
    )


def test_statutory_maxima_for_a_year_and_a_wrong_year(client, municipality_a):
    data = client.get(url("adomaximumok", ev=2026)).json()
    building = next(
        e for e in data["entries"] if (e["tax_type"], e["unit"]) == ("building", "ft_per_m2")
    )
    assert building["year"] == 2026 and building["statutory_amount"] == "1100"

    for wrong in ("1800", "3000"):
        response = client.get(url("adomaximumok", ev=wrong))
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert "négy számjeggyel" in response.json()["detail"]  # Hungarian, says what to fix
    assert client.get(url("adomaximumok", ev="x")).status_code < 500


def test_only_published_public_decrees_and_events(client, municipality_a):
    index = DecreeIndexPage.objects.descendant_of(municipality_a.root_page).first()
    days = {"promulgated_on": datetime.date(2026, 3, 5), "in_force_from": datetime.date(2026, 4, 1)}
    public = index.add_child(instance=DecreePage(title="Nyilvános rendelet", number=1, **days))
    public.save_revision().publish()
    draft = index.add_child(instance=DecreePage(title="Tervezet", number=2, live=False, **days))
    draft.save_revision()
    hidden = index.add_child(instance=DecreePage(title="Zárt rendelet", number=3, **days))
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    public.title = "Még nem közzétett cím"
    public.save_revision()  # a draft revision of a live page: its live title counts
    events = EventPage.objects.none()
    event_index = EventIndexPage.objects.descendant_of(municipality_a.root_page).first()
    start = datetime.datetime(2026, 6, 1, 18, tzinfo=datetime.UTC)
    event_index.add_child(instance=EventPage(title="Koncert", start=start, location="Főtér"))
    event_index.add_child(instance=EventPage(title="Titkos esemény", start=start, live=False))

    decrees = client.get(url("rendeletek", municipality_a)).json()["entries"]
    events = client.get(url("esemenyek", municipality_a)).json()["entries"]

    assert [(d["title"], d["citation"]) for d in decrees] == [
        ("Nyilvános rendelet", "1/2026. (III. 5.)")
    ]
    assert decrees[0]["url"].endswith("/")
    assert [(e["title"], e["location"]) for e in events] == [("Koncert", "Főtér")]


def test_the_municipalities_and_their_online_services(client, municipality_a, municipality_b):
    municipality_b.active = False
    municipality_b.save()

    rows = csv_rows(client.get(url("onkormanyzatok", format="csv")))
    services = client.get(url("ugyintezes", municipality_a)).json()

    assert [row["ksh_code"] for row in rows] == ["60001"]
    assert rows[0]["name"] == "Alsóvár"
    assert services["columns"] == ["code", "title", "field", "url", "description"]
    assert client.get(url("ugyintezes", municipality_b)).status_code == 404


@pytest.mark.parametrize("slug", sorted(datasets.BY_SLUG))
def test_every_dataset_matches_its_openapi_schema(client, municipality_a, shops_a, slug):
    dataset = datasets.BY_SLUG[slug]
    _decree(municipality_a, "Elfogadott adórendelet", adopt=True)

    data = client.get(url(slug, municipality_a if dataset.per_municipality else None)).json()

    assert data["columns"] == list(dataset.columns)
    for entry in data["entries"]:
        ROW_SCHEMAS[slug].model_validate(entry)  # extra="forbid": no key beyond the schema
        assert list(entry) == list(dataset.columns)
    openapi = client.get(reverse("openapi_v1:openapi-json")).json()
    assert any(path.endswith(f"/{slug}") for path in openapi["paths"])


def test_the_catalogue_lists_every_dataset(client, municipality_a):
    data = client.get(reverse("openapi_v1:open_catalogue")).json()

    assert [d["slug"] for d in data["datasets"]] == [d.slug for d in datasets.DATASETS]
    trade = next(d for d in data["datasets"] if d["slug"] == "kereskedelem")
    assert trade["csv_url"] == "/api/v1/open/m/{ksh_code}/kereskedelem?format=csv"


def test_the_open_data_page(client, municipality_a, shops_a):
    page = client.get(reverse("opendata:index"), HTTP_ACCEPT_LANGUAGE="hu").content.decode()
    assert "Nyílt adatok" in page
    assert url("onkormanyzatok", format="csv") in page.replace("&amp;", "&")

    found = client.get(reverse("opendata:index"), {"q": "alsó"}).content.decode()
    assert "?onkormanyzat=alsovar" in found

    chosen = client.get(reverse("opendata:index"), {"onkormanyzat": "alsovar"}).content.decode()
    assert url("kereskedelem", municipality_a, format="csv") in chosen.replace("&amp;", "&")

    unknown = client.get(reverse("opendata:index"), {"onkormanyzat": "nincs-ilyen"})
    assert unknown.status_code == 200
    assert 'role="alert"' in unknown.content.decode()


def test_on_a_municipalitys_site_the_page_starts_with_it(client, municipality_a):
    page = client.get(reverse("opendata:index"), HTTP_HOST="alsovar.localhost").content.decode()

    assert url("kereskedelem", municipality_a, format="csv") in page.replace("&amp;", "&")


def test_a_repeated_download_reads_the_cache_not_the_register(client, municipality_a, shops_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    address = url("kereskedelem", municipality_a, format="csv")
    first = client.get(address)

    with CaptureQueriesContext(connection) as queries:
        again = client.get(address)

    register_reads = [q["sql"] for q in queries if "commerce_placeversion" in q["sql"]]
    assert register_reads == []  # only the register's version was asked
    assert any("commerce_notification" in q["sql"] for q in queries)
    assert again.content == first.content and again["ETag"] == first["ETag"]


def test_anonymous_downloads_write_no_call_record(client, municipality_a, shops_a):
    from portal.api.models import ApiCall

    client.get(url("kereskedelem", municipality_a, format="csv"))
    client.get(url("onkormanyzatok"))

    assert not ApiCall.objects.exists()
