"""The trade register's and the website's endpoints: scopes enforced, another
municipality's objects refused, no private data of a sole trader, no draft or restricted
page; a notification received on paper recorded through the register's façade."""

import datetime
import json

import pytest
from wagtail.models import PageViewRestriction

from portal.api.models import ApiCall
from portal.api.scopes import Scope
from services.commerce.constants import Status
from services.commerce.models import Notification, Place, Trader, TraderVersion
from sites.models import NewsIndexPage, NewsPage, StandardPage
from tests.factories.commerce import company, register_shop, sole_trader

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def api(municipality, rest):
    return f"/api/v1/m/{municipality.ksh_code}/{rest}"


@pytest.fixture
def register_a(municipality_a):
    register_shop(municipality_a, trader=company())
    return register_shop(municipality_a, trader=sole_trader(name="Kovács Ilona e.v."))


def paper_notification(**changes):
    return {
        "received_on": "2026-11-20",
        "reference": "IK-12/2026",
        "trader": {
            "kind": "sole_trader",
            "name": "Papír Péter e.v.",
            "postal_code": "3300",
            "settlement": "Eger",
            "street": "Zqxlak utca 2.",
            "seat_is_home": True,
            "registration_number": "51234568",
            "home_address": "3300 Eger, Zqxlak utca 2.",
            "birth_date": "1970-01-02",
            "mother_name": "Zqxanya Ilona",
        },
        "places": [
            {
                "trading_forms": ["shop"],
                "postal_code": "3300",
                "settlement": "Eger",
                "street": "Piac tér 1.",
                "product_groups": ["1.6"],
                "shop": {"name": "Péter Pékség", "floor_area": 40},
            }
        ],
        **changes,
    }


def test_entries_need_trade_read_and_show_no_private_data(
    municipality_a, register_a, api_token, bearer
):
    _t, reader = api_token(municipality_a, [Scope.TRADE_READ])
    _t, other = api_token(municipality_a, [Scope.CONTENT_READ], name="Honlap")

    answer = bearer(reader).get(api(municipality_a, "trade/entries"))
    refused = bearer(other).get(api(municipality_a, "trade/entries"))

    assert answer.status_code == 200, answer.content
    names = [entry["trader_name"] for entry in answer.json()["items"]]
    assert names == ["Kékfény Kereskedelmi Kft.", "Kovács Ilona e.v."]
    assert "zqx" not in answer.content.decode().casefold()
    assert answer.json()["items"][1]["tax_number"] == ""
    assert answer.json()["items"][0]["register"] == "kereskedelem"
    assert refused.status_code == 403 and refused["Content-Type"] == PROBLEM


def test_entries_are_paged_by_cursor(municipality_a, register_a, api_token, bearer):
    _t, reader = api_token(municipality_a, [Scope.TRADE_READ])
    client = bearer(reader)

    first = client.get(api(municipality_a, "trade/entries"), {"limit": 1}).json()
    second = client.get(
        api(municipality_a, "trade/entries"), {"limit": 1, "cursor": first["next_cursor"]}
    ).json()

    assert [e["trader_name"] for e in first["items"] + second["items"]] == [
        "Kékfény Kereskedelmi Kft.",
        "Kovács Ilona e.v.",
    ]
    assert second["next_cursor"] is None


def test_a_token_of_a_is_refused_for_b(
    municipality_a, municipality_b, register_a, api_token, bearer
):
    _t, secret = api_token(municipality_a)  # every scope, in A
    place_b = Place.objects.for_municipality(municipality_b)
    register_shop(municipality_b, trader=company("Felsővári Kft."))
    b_place = place_b.get()
    client = bearer(secret)

    for method, rest in (
        ("get", "trade/entries"),
        ("get", f"trade/places/{b_place.pk}"),
        ("get", "trade/notifications"),
        ("get", "content/pages"),
        ("get", "content/decrees"),
    ):
        answer = getattr(client, method)(api(municipality_b, rest))
        assert answer.status_code == 403, rest
        assert "Felsővári" not in json.dumps(answer.json(), ensure_ascii=False)
    # B's place through A's own URL does not exist
    assert client.get(api(municipality_a, f"trade/places/{b_place.pk}")).status_code == 404
    closing = client.post(
        api(municipality_a, f"trade/places/{b_place.pk}/closure"),
        {"received_on": "2026-11-20", "closed_on": "2026-11-30"},
        content_type="application/json",
    )
    assert closing.status_code == 404
    assert Place.objects.for_municipality(municipality_b).get().pk == b_place.pk


def test_recording_a_paper_notification_needs_trade_write(municipality_a, api_token, bearer):
    _t, reader = api_token(municipality_a, [Scope.TRADE_READ])
    _t, writer = api_token(municipality_a, [Scope.TRADE_WRITE], name="Iktató")
    url = api(municipality_a, "trade/notifications")

    refused = bearer(reader).post(url, paper_notification(), content_type="application/json")
    recorded = bearer(writer).post(url, paper_notification(), content_type="application/json")

    assert refused.status_code == 403
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["register_number"] == "1/2026"
    version = TraderVersion.objects.for_municipality(municipality_a).get()
    assert version.mother_name == "Zqxanya Ilona"  # the register keeps it
    notification = Notification.objects.for_municipality(municipality_a).get()
    assert notification.reference == "IK-12/2026"
    call = ApiCall.objects.get(status=201)
    assert call.scope == "trade.write" and call.client_name == "Iktató"
    # ... and the entries never show it
    _t, both = api_token(municipality_a, [Scope.TRADE_READ], name="Olvasó")
    entries = bearer(both).get(api(municipality_a, "trade/entries"))
    assert [e["shop_name"] for e in entries.json()["items"]] == ["Péter Pékség"]
    assert "zqx" not in entries.content.decode().casefold()


def test_a_refused_notification_writes_nothing(municipality_a, api_token, bearer):
    _t, writer = api_token(municipality_a, [Scope.TRADE_WRITE])
    bad = paper_notification(
        places=[
            {"trading_forms": ["shop"], "postal_code": "3300", "settlement": "Eger", "street": "1"},
            {
                "trading_forms": ["shop"],
                "postal_code": "3300",
                "settlement": "Eger",
                "street": "Piac tér 2.",
                "product_groups": ["nincs"],
            },
        ]
    )

    answer = bearer(writer).post(
        api(municipality_a, "trade/notifications"), bad, content_type="application/json"
    )

    assert answer.status_code == 400 and answer["Content-Type"] == PROBLEM
    assert "nincs" in answer.json()["detail"]
    assert not Trader.objects.for_municipality(municipality_a).exists()
    assert not Notification.objects.for_municipality(municipality_a).exists()
    future = paper_notification(received_on=str(datetime.date.today() + datetime.timedelta(3)))
    assert (
        bearer(writer)
        .post(api(municipality_a, "trade/notifications"), future, content_type="application/json")
        .status_code
        == 400
    )


def test_closing_a_place_through_the_facade(municipality_a, register_a, api_token, bearer):
    _t, writer = api_token(municipality_a, [Scope.TRADE_WRITE])
    place = Place.objects.for_municipality(municipality_a).order_by("pk").first()
    url = api(municipality_a, f"trade/places/{place.pk}/closure")
    body = {"received_on": "2026-11-20", "closed_on": "2026-11-30", "reference": "IK-13/2026"}

    closed = bearer(writer).post(url, body, content_type="application/json")
    again = bearer(writer).post(url, body, content_type="application/json")

    assert closed.status_code == 201, closed.content
    assert closed.json()["status"] == Status.CLOSED
    assert closed.json()["history"][-1]["status"] == Status.CLOSED
    assert again.status_code == 400 and again["Content-Type"] == PROBLEM


def test_notifications_list(municipality_a, register_a, api_token, bearer):
    _t, reader = api_token(municipality_a, [Scope.TRADE_READ])

    items = bearer(reader).get(api(municipality_a, "trade/notifications")).json()["items"]

    assert len(items) == 2 and {item["kind"] for item in items} == {"trading"}
    assert set(items[0]) == {
        "id",
        "kind",
        "kind_name",
        "received_on",
        "effective_on",
        "reference",
        "checked",
    }


@pytest.fixture
def site_a(municipality_a, editor_a):
    root = municipality_a.root_page.specific
    public = root.add_child(instance=StandardPage(title="Ügyfélfogadás", slug="fogadas"))
    public.save_revision().publish()
    public.title = "Piszkozat cím"
    public.save_revision()
    draft = root.add_child(instance=StandardPage(title="Titkos piszkozat", slug="p", live=False))
    hidden = root.add_child(instance=StandardPage(title="Zárt oldal", slug="zart"))
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    below = hidden.add_child(instance=StandardPage(title="Zárt aloldal", slug="alatta"))
    news_index = NewsIndexPage.objects.descendant_of(root).first()
    news_index.add_child(instance=NewsPage(title="Friss hír", slug="hir", intro="Röviden"))
    return {"public": public, "draft": draft, "hidden": hidden, "below": below}


def test_content_is_published_and_public_only(municipality_a, site_a, api_token, bearer):
    _t, secret = api_token(municipality_a, [Scope.CONTENT_READ])
    client = bearer(secret)

    pages = client.get(api(municipality_a, "content/pages"), {"limit": 200}).json()
    news = client.get(api(municipality_a, "content/news")).json()["items"]

    titles = {page["title"] for page in pages["items"]}
    assert "Ügyfélfogadás" in titles
    assert not titles & {"Piszkozat cím", "Titkos piszkozat", "Zárt oldal", "Zárt aloldal"}
    assert [(n["title"], n["summary"]) for n in news] == [("Friss hír", "Röviden")]
    detail = client.get(api(municipality_a, f"content/pages/{site_a['public'].pk}"))
    assert detail.status_code == 200 and detail.json()["title"] == "Ügyfélfogadás"
    for hidden in ("draft", "hidden", "below"):
        answer = client.get(api(municipality_a, f"content/pages/{site_a[hidden].pk}"))
        assert answer.status_code == 404, hidden
        assert answer["Content-Type"] == PROBLEM


def test_content_needs_content_read(municipality_a, site_a, api_token, bearer):
    _t, secret = api_token(municipality_a, [Scope.TRADE_READ])

    for rest in ("content/pages", "content/news", "content/events", "content/decrees"):
        assert bearer(secret).get(api(municipality_a, rest)).status_code == 403, rest
        assert bearer("vh_nincs").get(api(municipality_a, rest)).status_code == 401, rest
