"""The public register on the town's website: one serializer decides what is public; no
data identifying a natural person reaches the page, an entry, the downloads or the search
index; a municipality's page shows its own register only."""

import csv
import datetime
import io
import json

import pytest

from services.commerce import services as commerce
from services.commerce.constants import TradingForm
from services.commerce.models import Place, PublicRegisterPage, TraderVersion
from sites.actor import Actor
from tests.factories.commerce import DAY, company, register_shop, sole_trader

pytestmark = pytest.mark.django_db

HOST = "alsovar.localhost"
# Every private value of tests.factories.commerce.sole_trader carries this marker.
PRIVATE_MARKER = "zqx"
PRIVATE_FIELDS = {"home_address", "birth_name", "birth_place", "birth_date", "mother_name"}


def register_page(municipality, slug="kereskedelmi-nyilvantartas"):
    page = municipality.root_page.add_child(
        instance=PublicRegisterPage(title="Kereskedelmi nyilvántartás", slug=slug)
    )
    page.save_revision().publish()
    return page


def get(client, url, host=HOST, **params):
    return client.get(url, params, HTTP_HOST=host)


@pytest.fixture
def register_a(municipality_a):
    register_shop(municipality_a, trader=company())
    # the sole trader's name is public (it is the trader's), but nothing else of the person
    register_shop(
        municipality_a,
        trader=sole_trader(name="Kovács Ilona e.v."),
        street="Bajcsy-Zsilinszky utca 4.",
        name="Ilona Virág",
    )
    return register_page(municipality_a)


def test_the_models_private_fields_are_what_the_serializer_must_leave_out():
    # a new private field on the trader must be added here and kept out of COLUMNS
    names = {field.name for field in TraderVersion._meta.concrete_fields}
    assert PRIVATE_FIELDS <= names
    assert not PRIVATE_FIELDS & set(commerce.public.COLUMNS)


def test_no_private_data_on_the_page_the_entries_or_the_downloads(client, register_a):
    sole = Place.objects.for_municipality(register_a.municipality()).order_by("pk").last()
    urls = [
        register_a.url,
        register_a.url + "?q=Ilona",
        register_a.url + f"bejegyzes/kereskedelem/{sole.pk}/",
        register_a.url + "letoltes/csv/",
        register_a.url + "letoltes/json/",
    ]
    for url in urls:
        response = get(client, url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8").casefold()
        assert "ilona" in body, url  # the sole trader's entry is there
        assert PRIVATE_MARKER not in body, url
        assert "1971" not in body, url
    entry = json.loads(get(client, register_a.url + "letoltes/json/").content)["entries"][1]
    # a seat that is the trader's home shows its settlement only; a person's tax number
    # is left out
    assert entry["seat"] == "Eger"
    assert entry["tax_number"] == ""


def test_the_page_is_not_indexed_with_register_data(register_a):
    # Issue #18 indexes the register's entries from the public serializer; the page itself
    # indexes only its own fields, none of the register's models.
    from wagtail.models import Page

    own = {field.field_name for field in PublicRegisterPage.get_search_fields()}
    inherited = {field.field_name for field in Page.get_search_fields()}
    assert own - inherited == {"intro", "folded_search_text"}


def test_a_municipalitys_page_shows_nothing_of_another_register(client, register_a, municipality_b):
    register_shop(municipality_b, trader=company(name="Zqxb Felsővári Kft."), name="Zqxb Bolt")
    page_b = register_page(municipality_b)

    for url in (
        register_a.url,
        register_a.url + "letoltes/csv/",
        register_a.url + "letoltes/json/",
    ):
        assert "zqxb" not in get(client, url).content.decode().casefold()
    other = Place.objects.for_municipality(municipality_b).get()
    assert get(client, register_a.url + f"bejegyzes/kereskedelem/{other.pk}/").status_code == 404
    assert "Zqxb Bolt" in get(client, page_b.url, host="felsovar.localhost").content.decode()


def test_filters_by_form_product_group_status_and_street(client, municipality_a, register_a):
    actor = Actor.system(municipality=municipality_a)
    commerce.notify_trading(
        municipality_a,
        actor=actor,
        received_on=DAY,
        trader=company(name="Mozgó Pékség Kft."),
        places=[
            {
                "trading_forms": [TradingForm.MOBILE_SHOP],
                "areas": ["Eger", "Felsőtárkány"],
                "routes": ["Eger, Hatvani kapu tér – Felsőtárkány, Fő út"],
                "product_groups": ["1.7"],
            }
        ],
    )
    closing = Place.objects.for_municipality(municipality_a).order_by("pk").first()
    closed_on = DAY + datetime.timedelta(days=10)
    commerce.close_place(closing, actor=actor, received_on=closed_on, closed_on=closed_on)

    def names(**params):
        response = get(client, register_a.url + "letoltes/json/", **params)
        return [entry["trader_name"] for entry in json.loads(response.content)["entries"]]

    assert names(forma="mobile_shop") == ["Mozgó Pékség Kft."]
    assert names(termekkor="1.7") == ["Mozgó Pékség Kft."]
    assert names(allapot="closed") == ["Kékfény Kereskedelmi Kft."]
    assert names(utca="bajcsy") == ["Kovács Ilona e.v."]
    assert len(names(forma="nonsense", allapot="x")) == 3  # unknown filters are ignored
    html = get(client, register_a.url, allapot="closed").content.decode()
    assert "Kékfény" in html and "Mozgó Pékség" not in html


def test_an_entry_shows_its_history_of_changes_and_closure(client, municipality_a, register_a):
    actor = Actor.system(municipality=municipality_a)
    place = Place.objects.for_municipality(municipality_a).order_by("pk").first()
    changed = DAY + datetime.timedelta(days=5)
    commerce.change_place(
        place, actor=actor, received_on=changed, effective_on=changed, product_groups=["14"]
    )
    closed = DAY + datetime.timedelta(days=20)
    commerce.close_place(place, actor=actor, received_on=closed, closed_on=closed)

    entry = commerce.public.register_entry(municipality_a, "kereskedelem", place.pk)
    assert [event["effective_on"] for event in entry["history"]] == [
        DAY.isoformat(),
        changed.isoformat(),
        closed.isoformat(),
    ]
    assert entry["status"] == "closed"
    html = get(client, register_a.url + f"bejegyzes/kereskedelem/{place.pk}/").content.decode()
    # the page shows the dates as Hungarian readers write them
    assert "2026. március 22." in html and "2026. március 7." in html


def test_csv_download_has_the_documented_columns(client, register_a):
    response = get(client, register_a.url + "letoltes/csv/")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == commerce.public.COLUMNS
    assert len(rows) == 3


def test_sites_register(client, municipality_a, register_a):
    trade = Place.objects.for_municipality(municipality_a).first().trade
    commerce.register_site(
        municipality_a,
        actor=Actor.system(municipality=municipality_a),
        operator=trade.trader,
        received_on=DAY,
        activity="2/3",
        postal_code="3300",
        settlement="Eger",
        street="Kistályai út 20.",
        name="Autójavító műhely",
    )
    entries = json.loads(
        get(client, register_a.url + "letoltes/json/", nyilvantartas="telep").content
    )["entries"]
    assert [(e["shop_name"], e["teaor_code"], e["regime"]) for e in entries] == [
        ("Autójavító műhely", "4520", "Telepengedély")
    ]


def test_bad_addresses_are_not_found_not_errors(client, register_a):
    assert get(client, register_a.url + "bejegyzes/kereskedelem/999999/").status_code == 404
    assert get(client, register_a.url + "bejegyzes/semmi/1/").status_code == 404
    assert get(client, register_a.url + "letoltes/xml/").status_code == 404
    assert get(client, register_a.url, page="abc", q="x" * 500).status_code == 200


def test_notified_different_opening_hours_are_public_until_they_end(municipality_a):
    from services.commerce.models import Shop

    register_shop(municipality_a)
    shop = Shop.objects.for_municipality(municipality_a).get()
    starts_on = datetime.date.today() + datetime.timedelta(days=20)
    commerce.change_opening_hours(
        shop,
        actor=Actor.system(municipality=municipality_a),
        received_on=datetime.date.today(),
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=9),
        opening_hours={"0": [["10:00", "14:00"]]},
    )

    entry = commerce.public.register_entries(municipality_a)[0]
    assert entry["opening_hours_exceptions"] == (
        f"{starts_on.isoformat()}–{(starts_on + datetime.timedelta(days=9)).isoformat()}: "
        "H 10:00–14:00"
    )
    assert (
        commerce.public.format_exceptions(
            shop.versions.filter(municipality=municipality_a).last().hours_exceptions,
            today=starts_on + datetime.timedelta(days=10),
        )
        == ""
    )
