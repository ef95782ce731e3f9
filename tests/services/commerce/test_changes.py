"""Changes of a trader and a shop, operating licences, industrial sites and accommodations:
each through the façade, each a version naming its notification, each refusal a message."""

import datetime

import pytest

from services.commerce import services as commerce
from services.commerce.constants import NotificationKind, SiteRegime
from services.commerce.models import Shop
from sites.actor import Actor
from tests.factories.commerce import DAY, register_shop, sole_trader

pytestmark = pytest.mark.django_db

LATER = DAY + datetime.timedelta(days=60)


def test_a_trader_changes_name_and_seat_keeping_the_rest(municipality_a):
    trade = register_shop(municipality_a, trader=sole_trader())
    trader = trade.trader

    version = commerce.change_trader(
        trader,
        actor=Actor.system(municipality=municipality_a),
        received_on=LATER,
        effective_on=LATER,
        name="Kovács-Nagy Ilona e.v.",
        street="Új utca 2.",
    )

    assert (version.name, version.street) == ("Kovács-Nagy Ilona e.v.", "Új utca 2.")
    assert version.mother_name == "Zqxanyja Mária"  # carried over, not asked again
    assert version.notification.kind == NotificationKind.CHANGE
    assert commerce.current(trader, DAY).name == "Zqxkovács Ilona e.v."


def test_a_shop_changes_its_data_but_not_its_hours_that_way(municipality_a):
    register_shop(municipality_a)
    shop = Shop.objects.for_municipality(municipality_a).get()
    actor = Actor.system(municipality=municipality_a)

    version = commerce.change_shop(
        shop, actor=actor, received_on=LATER, effective_on=LATER, floor_area=95
    )
    assert (version.floor_area, version.name) == (95, "Dobó Csemege")
    with pytest.raises(commerce.CommerceError):
        commerce.change_shop(
            shop, actor=actor, received_on=LATER, effective_on=LATER, opening_hours={}
        )
    with pytest.raises(commerce.CommerceError):
        commerce.change_shop(
            shop, actor=actor, received_on=LATER, effective_on=LATER, floor_area="sok"
        )


def test_an_operating_licence_names_annex_products_and_a_unique_number(municipality_a):
    register_shop(municipality_a)
    shop = Shop.objects.for_municipality(municipality_a).get()
    actor = Actor.system(municipality=municipality_a)

    licence = commerce.grant_licence(
        shop, actor=actor, number="ME-1/2026", granted_on=LATER, products=["L5"]
    )
    assert commerce.current(licence).products == ["L5"]
    with pytest.raises(commerce.CommerceError):
        commerce.grant_licence(
            shop, actor=actor, number="ME-2/2026", granted_on=LATER, products=["X"]
        )
    with pytest.raises(commerce.CommerceError):
        commerce.grant_licence(
            shop, actor=actor, number="ME-1/2026", granted_on=LATER, products=["L2"]
        )


@pytest.mark.parametrize(
    "activity, zone, regime",
    [
        ("1/5", False, SiteRegime.NOTIFIED),
        ("2/3", False, SiteRegime.LICENSED),
        ("2/3", True, SiteRegime.NOTIFIED),
    ],
)
def test_a_sites_regime_follows_the_annex_and_the_industrial_zone(
    municipality_a, activity, zone, regime
):
    trade = register_shop(municipality_a)
    site = commerce.register_site(
        municipality_a,
        actor=Actor.system(municipality=municipality_a),
        operator=trade.trader,
        received_on=DAY,
        activity=activity,
        in_industrial_zone=zone,
        postal_code="3300",
        settlement="Eger",
        street="Ipari út 1.",
    )
    assert commerce.current(site).regime == regime
    assert site.register_number == "1/2026"


def test_sites_and_accommodations_refuse_another_municipalitys_trader(
    municipality_a, municipality_b
):
    trade_b = register_shop(municipality_b)
    with pytest.raises(commerce.CommerceError):
        commerce.register_site(
            municipality_a,
            actor=Actor.system(municipality=municipality_a),
            operator=trade_b.trader,
            received_on=DAY,
            activity="1/5",
            postal_code="3300",
            settlement="Eger",
            street="Ipari út 1.",
        )
    with pytest.raises(commerce.CommerceError):
        commerce.register_accommodation(
            municipality_a,
            actor=Actor.system(municipality=municipality_a),
            operator=trade_b.trader,
            received_on=DAY,
            kind="panzio",
            name="Vár Panzió",
            rooms=3,
            beds=6,
            postal_code="3300",
            settlement="Eger",
            street="Vár utca 1.",
        )


@pytest.mark.parametrize("kind, rooms", [("kastely", "3"), ("panzio", "három"), ("panzio", "0")])
def test_an_accommodation_needs_a_known_kind_and_counts(municipality_a, kind, rooms):
    trade = register_shop(municipality_a)
    with pytest.raises(commerce.CommerceError):
        commerce.register_accommodation(
            municipality_a,
            actor=Actor.system(municipality=municipality_a),
            operator=trade.trader,
            received_on=DAY,
            kind=kind,
            rooms=rooms,
            beds="4",
            postal_code="3300",
            settlement="Eger",
            street="Vár utca 1.",
        )
