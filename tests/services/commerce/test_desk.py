"""The trade officers' workspace ("Kereskedelem és ipar"): the register search by each
key, the trader's card with its history and closures, the queue and its check, the
statistics' numbers, the licence cases from the registry, and who gets in at all."""

import datetime

import pytest
from django.urls import reverse

from services.commerce import services as commerce
from services.commerce.constants import NotificationKind, TradingForm
from services.commerce.models import HistoryError, Notification, Place, Shop
from sites.actor import Actor
from sites.constants import StaffRole
from tests.factories.commerce import DAY, company, register_shop, sole_trader

pytestmark = pytest.mark.django_db


@pytest.fixture
def trade_officer_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.TRADE_OFFICER, username="kerugyintezo_a")


@pytest.fixture
def desk(client, trade_officer_a):
    client.force_login(trade_officer_a)
    return client


def url(name, municipality, *args):
    return reverse(f"commerce_admin:{name}", args=[municipality.pk, *args])


@pytest.fixture
def register(municipality_a, municipality_b):
    actor = Actor.system(municipality=municipality_a)
    kek = register_shop(
        municipality_a,
        trader=company("Kékfény Kereskedelmi Kft.", tax_number="12345676-2-10"),
        street="Dobó István tér 3.",
        parcel_number="4711/2",
        name="Dobó Csemege",
    )
    ilona = register_shop(
        municipality_a,
        trader=sole_trader(),
        street="Széchenyi István utca 20.",
        parcel_number="1200/7",
        name="Ilona Virág",
        product_groups=["21"],
    )
    mobile = commerce.notify_trading(
        municipality_a,
        actor=actor,
        received_on=DAY,
        trader=company("Mozgó Pék Bt.", registration_number="10-06-654321"),
        places=[
            {
                "trading_forms": [TradingForm.MOBILE_SHOP],
                "areas": ["Eger"],
                "routes": ["Eger – Noszvaj"],
                "product_groups": ["1.7"],
            }
        ],
    )
    stranger = register_shop(municipality_b, trader=company("Idegen Kft."), name="Idegen Bolt")
    return kek, ilona, mobile, stranger


def names(desk, municipality, **query):
    page = desk.get(url("traders", municipality), query).content.decode()
    return {name for name in ("Kékfény", "Zqxkovács", "Mozgó Pék", "Idegen") if f">{name}" in page}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "kékfény"}, {"Kékfény"}),
        ({"q": "Dobó Csemege"}, {"Kékfény"}),  # by the shop's name
        ({"q": "12345676", "search_in": "tax_number"}, {"Kékfény"}),
        ({"q": "12345676-2-10"}, {"Kékfény"}),
        ({"q": "10-06-654321", "search_in": "registration_number"}, {"Mozgó Pék"}),
        ({"q": "Széchenyi István utca 20", "search_in": "address"}, {"Zqxkovács"}),
        ({"q": "1200/7", "search_in": "parcel_number"}, {"Zqxkovács"}),
        ({"trading_form": "mobile_shop"}, {"Mozgó Pék"}),
        ({"q": "Idegen"}, set()),
    ],
)
def test_the_search_finds_traders_by_each_key_in_its_own_municipality(
    desk, municipality_a, register, query, expected
):
    assert names(desk, municipality_a, **query) == expected


def test_the_search_narrowed_to_one_key_does_not_look_elsewhere(desk, municipality_a, register):
    assert names(desk, municipality_a, q="1200/7", search_in="name") == set()


def test_the_search_filters_by_status_once_a_shop_closed(desk, municipality_a, register):
    _kek, ilona, *_ = register
    place = Place.objects.for_municipality(municipality_a).get(trade=ilona)
    closed_on = DAY + datetime.timedelta(days=40)
    commerce.close_place(
        place,
        actor=Actor.system(municipality=municipality_a),
        received_on=closed_on,
        closed_on=closed_on,
    )
    assert names(desk, municipality_a, status="closed") == {"Zqxkovács"}
    assert names(desk, municipality_a, status="active") == {"Kékfény", "Mozgó Pék"}


def test_the_export_is_the_filtered_list(desk, municipality_a, register):
    response = desk.get(url("traders_export", municipality_a), {"q": "kékfény"})
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert "Kékfény Kereskedelmi Kft." in text and "Mozgó" not in text


def test_the_card_shows_places_shop_hours_history_with_its_notification_and_closure(
    desk, municipality_a, register
):
    kek, *_ = register
    actor = Actor.system(municipality=municipality_a)
    shop = Shop.objects.for_municipality(municipality_a).get(place__trade=kek)
    commerce.change_shop(
        shop,
        actor=actor,
        received_on=datetime.date(2026, 5, 4),
        effective_on=datetime.date(2026, 5, 4),
        reference="IKT-77/2026",
        name="Dobó Delikát",
    )
    commerce.close_place(
        Place.objects.for_municipality(municipality_a).get(trade=kek),
        actor=actor,
        received_on=datetime.date(2026, 11, 30),
        closed_on=datetime.date(2026, 11, 30),
    )

    page = desk.get(url("trader", municipality_a, kek.trader_id)).content.decode()

    assert "Dobó Delikát" in page and "Dobó Csemege" in page  # both versions
    assert "IKT-77/2026" in page  # the notification that caused the change
    assert "H 08:00–18:00" in page  # the weekly hours
    assert "2026. november 30." in page  # the closure, in Hungarian
    assert "VK-2026/014" in page and "4711/2" in page


def test_the_card_of_bs_trader_is_a_404(desk, municipality_a, municipality_b, register):
    *_, stranger = register
    assert desk.get(url("trader", municipality_a, stranger.trader_id)).status_code == 404
    assert desk.get(url("trader", municipality_b, stranger.trader_id)).status_code == 404
    assert desk.get(url("queue", municipality_b)).status_code == 404


def test_the_queue_lists_unchecked_notifications_and_the_check_is_recorded_once(
    desk, municipality_a, register, trade_officer_a
):
    queued = list(Notification.objects.for_municipality(municipality_a).order_by("pk"))
    page = desk.get(url("queue", municipality_a)).content.decode()
    assert "3 bejelentés vár ellenőrzésre" in page
    assert "Idegen" not in page

    response = desk.post(
        url("queue", municipality_a),
        {"action": "check", "notification": queued[0].pk, "note": "Adatok rendben"},
    )
    assert response.status_code == 302

    checked = Notification.objects.for_municipality(municipality_a).get(pk=queued[0].pk)
    assert checked.checked_by == trade_officer_a and checked.check_note == "Adatok rendben"
    assert checked.checked_at is not None
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(
        action="commerce.check", object_id=str(checked.pk), user=trade_officer_a
    ).exists()
    page = desk.get(url("queue", municipality_a)).content.decode()
    assert "2 bejelentés vár ellenőrzésre" in page
    # a second check changes nothing and says why
    desk.post(url("queue", municipality_a), {"action": "check", "notification": checked.pk})
    again = Notification.objects.for_municipality(municipality_a).get(pk=checked.pk)
    assert again.checked_at == checked.checked_at and again.check_note == "Adatok rendben"


def test_a_checked_notification_cannot_be_rewritten(municipality_a, register):
    notification = Notification.objects.for_municipality(municipality_a).first()
    commerce.desk.check_notification(notification, actor=Actor.system(), note="ok")
    notification.refresh_from_db()
    notification.check_note = "átírva"
    with pytest.raises(HistoryError):
        notification.save(update_fields=["check_note"])
    notification.kind = NotificationKind.CLOSURE
    with pytest.raises(HistoryError):
        notification.save()


def test_bs_notification_cannot_be_checked_from_as_queue(
    desk, municipality_a, municipality_b, register
):
    theirs = Notification.objects.for_municipality(municipality_b).get()
    desk.post(url("queue", municipality_a), {"action": "check", "notification": theirs.pk})
    assert Notification.objects.for_municipality(municipality_b).get().checked_at is None


def test_the_statistics_count_active_shops_by_form_and_group_and_notifications_per_month(
    desk, municipality_a, register
):
    _kek, ilona, *_ = register
    actor = Actor.system(municipality=municipality_a)
    register_shop(
        municipality_a,
        trader=company("Harmadik Kft."),
        street="Jókai utca 1.",
        name="Harmadik",
        trading_forms=[TradingForm.SHOP, TradingForm.SHOPPING_CENTRE],
        received_on=datetime.date(2026, 4, 10),
    )
    commerce.close_place(
        Place.objects.for_municipality(municipality_a).get(trade=ilona),
        actor=actor,
        received_on=datetime.date(2026, 4, 20),
        closed_on=datetime.date(2026, 4, 20),
    )

    stats = commerce.desk.statistics(municipality_a, day=datetime.date(2026, 5, 31), months=4)

    # Kékfény and Harmadik are shops in operation; Ilona's closed; the mobile is no shop.
    assert stats.shops == 2
    assert dict(stats.by_form) == {"Üzletben": 2, "Bevásárlóközpontban": 1}
    assert dict(stats.by_group)["1.6 " + commerce.product_groups()["1.6"]] == 2
    assert not any(label.startswith("21 ") for label, _count in stats.by_group)
    assert [(month.month, count) for month, count in stats.per_month] == [
        (2, 0),
        (3, 3),  # three notifications of trading on 2 March
        (4, 2),  # Harmadik's trading and Ilona's closure
        (5, 0),
    ]
    page = desk.get(url("statistics", municipality_a)).content.decode()
    assert "<svg" in page and 'role="img"' in page and "<table" in page


def test_the_licence_cases_are_the_registrys_cases_of_the_licence_forms(
    desk, municipality_a, municipality_b
):
    from services.documents import services as registry
    from services.documents.models import FormCaseType

    licence_type = registry.case_types(municipality_a).get(code="B-211")
    FormCaseType.objects.create(
        municipality=municipality_a, form_code="IPAR-005", case_type=licence_type
    )
    other_type = registry.case_types(municipality_a).get(code="B-220")
    licence, _document = registry.register_case(
        municipality_a,
        case_type=licence_type,
        subject="Működési engedély: Dobó Csemege",
        client_name="Kékfény Kft.",
    )
    other, _document = registry.register_case(
        municipality_a,
        case_type=other_type,
        subject="Közterület-használat",
        client_name="Kiss Anna",
    )

    page = desk.get(url("cases", municipality_a)).content.decode()

    assert reverse("documents_admin:case", args=[municipality_a.pk, licence.pk]) in page
    assert "Közterület-használat" not in page


def test_an_officer_of_another_service_gets_no_menu_and_no_register(
    client, officer_a, municipality_a
):
    client.force_login(officer_a)
    response = client.get(reverse("commerce_admin:index"))
    assert response.status_code == 302
    assert client.get(url("traders", municipality_a)).status_code == 404
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("commerce_admin:index") not in home


def test_the_trade_officer_has_the_menu_and_goes_straight_to_the_search(desk, municipality_a):
    home = desk.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("commerce_admin:index") in home, "no menu item"
    assert "Kereskedelem \\u00e9s ipar" in home or "Kereskedelem és ipar" in home
    response = desk.get(reverse("commerce_admin:index"))
    assert response.status_code == 302 and response.url == url("traders", municipality_a)


def test_bad_input_is_no_error(desk, municipality_a, register):
    for query in ({"status": "x", "trading_form": "y"}, {"q": "x" * 500}, {"p": "zz"}):
        assert desk.get(url("traders", municipality_a), query).status_code == 200
    response = desk.post(url("queue", municipality_a), {"action": "check", "notification": "x"})
    assert response.status_code == 302
    assert desk.post(url("queue", municipality_a), {"action": "nope"}).status_code == 404
    response = desk.post(url("queue", municipality_a), {"action": "business_tax", "trader": "x"})
    assert response.status_code == 302
