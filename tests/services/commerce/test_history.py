"""Every change of the register is a new version naming the notification that caused it;
nothing is overwritten or deleted, and a closure keeps the record."""

import datetime

import pytest

from services.commerce import services as commerce
from services.commerce.constants import NotificationKind, Status, TradingForm
from services.commerce.models import HistoryError, Place, Shop
from sites.actor import Actor
from tests.factories.commerce import DAY, register_shop, sole_trader

pytestmark = pytest.mark.django_db


def test_a_notification_registers_trader_trade_place_and_shop_with_a_register_number(
    municipality_a,
):
    trade = register_shop(municipality_a)
    second = register_shop(municipality_a, street="Széchenyi utca 5.", name="Második")

    assert (trade.register_number, second.register_number) == ("1/2026", "2/2026")
    place = Place.objects.for_municipality(municipality_a).get(trade=trade)
    version = commerce.current(place)
    assert version.trading_forms == [TradingForm.SHOP]
    assert version.notification.kind == NotificationKind.TRADING
    assert commerce.current(place.shop).name == "Dobó Csemege"
    assert commerce.current(trade.trader).statistical_number.startswith(
        commerce.current(trade.trader).tax_number[:8]
    )


def test_a_change_is_a_new_version_and_the_old_state_can_be_read_back(municipality_a):
    actor = Actor.system(municipality=municipality_a)
    trade = register_shop(municipality_a)
    place = Place.objects.for_municipality(municipality_a).get(trade=trade)
    change_day = DAY + datetime.timedelta(days=30)

    commerce.change_place(
        place,
        actor=actor,
        received_on=change_day,
        effective_on=change_day,
        product_groups=["1.6", "1.9", "14"],
    )

    versions = commerce.history(place)
    assert [v.product_groups for v in versions] == [["1.6", "1.9"], ["1.6", "1.9", "14"]]
    assert versions[0].valid_to == change_day
    assert versions[1].notification.kind == NotificationKind.CHANGE
    assert versions[1].notification.received_on == change_day
    # the address was not part of the change: it is carried over
    assert versions[1].street == versions[0].street
    assert commerce.current(place, DAY).product_groups == ["1.6", "1.9"]


def test_a_version_cannot_be_edited_or_deleted(municipality_a):
    trade = register_shop(municipality_a)
    version = commerce.current(Place.objects.for_municipality(municipality_a).get(trade=trade))

    version.street = "Máshová utca 1."
    with pytest.raises(HistoryError):
        version.save()
    with pytest.raises(HistoryError):
        version.delete()
    with pytest.raises(HistoryError):
        trade.delete()


def test_closure_keeps_the_record_and_refuses_later_changes(municipality_a):
    actor = Actor.system(municipality=municipality_a)
    trade = register_shop(municipality_a)
    place = Place.objects.for_municipality(municipality_a).get(trade=trade)
    closed_on = DAY + datetime.timedelta(days=100)

    commerce.close_trade(trade, actor=actor, received_on=closed_on, closed_on=closed_on)

    assert commerce.current(trade).status == Status.CLOSED
    assert commerce.current(place).status == Status.CLOSED
    assert commerce.current(
        Shop.objects.for_municipality(municipality_a).get(place=place)
    ).status == (Status.CLOSED)
    # the data the place had stay in the history, the day before it closed readable
    assert commerce.current(place, closed_on - datetime.timedelta(days=1)).status == Status.ACTIVE
    assert len(commerce.history(place)) == 2
    with pytest.raises(commerce.CommerceError):
        commerce.change_place(
            place, actor=actor, received_on=closed_on, effective_on=closed_on, parcel_number="1"
        )


def test_a_change_before_the_data_it_changes_is_refused_and_writes_nothing(municipality_a):
    actor = Actor.system(municipality=municipality_a)
    trade = register_shop(municipality_a)
    place = Place.objects.for_municipality(municipality_a).get(trade=trade)

    with pytest.raises(commerce.CommerceError):
        commerce.change_place(
            place,
            actor=actor,
            received_on=DAY,
            effective_on=DAY - datetime.timedelta(days=1),
            parcel_number="12",
        )
    assert len(commerce.history(place)) == 1


@pytest.mark.parametrize(
    "place, message",
    [
        ({"trading_forms": []}, "kereskedelmi formát"),
        ({"trading_forms": ["bazaar"]}, "kereskedelmi formát"),
        ({"trading_forms": [TradingForm.MOBILE_SHOP], "areas": ["Heves vármegye"]}, "útvonal"),
        ({"trading_forms": [TradingForm.MAIL_ORDER]}, "területeket"),
        ({"trading_forms": [TradingForm.SHOP], "product_groups": ["99.9"]}, "termékkör"),
    ],
)
def test_bad_notifications_are_refused_with_a_message_and_write_nothing(
    municipality_a, place, message
):
    from services.commerce.models import Notification

    data = {"postal_code": "3300", "settlement": "Eger", "street": "Fő utca 1.", **place}
    with pytest.raises(commerce.CommerceError, match=message):
        commerce.notify_trading(
            municipality_a,
            actor=Actor.system(municipality=municipality_a),
            received_on=DAY,
            trader=sole_trader(),
            places=[data],
        )
    assert not Notification.objects.for_municipality(municipality_a).exists()


def test_a_mistyped_tax_number_is_refused(municipality_a):
    from tests.factories.commerce import company

    with pytest.raises(commerce.CommerceError):
        register_shop(municipality_a, trader=company(tax_number="12345678-2-41"))
