"""Opening hours: a change of a week or more must be notified 8 days before it starts; a
shorter one need not be, and may only shorten the registered hours."""

import datetime

import pytest

from services.commerce import services as commerce
from services.commerce.models import Shop
from sites.actor import Actor
from tests.factories.commerce import DAY, WEEKDAYS, register_shop

pytestmark = pytest.mark.django_db

START = DAY + datetime.timedelta(days=40)
LATER = {"0": [["07:00", "20:00"]]}


def shop_of(municipality):
    register_shop(municipality)
    return Shop.objects.for_municipality(municipality).get()


def change(shop, *, received_on, starts_on=START, ends_on=None, hours=LATER):
    return commerce.change_opening_hours(
        shop,
        actor=Actor.system(municipality=shop.municipality),
        received_on=received_on,
        starts_on=starts_on,
        ends_on=ends_on,
        opening_hours=hours,
    )


@pytest.mark.parametrize(
    "days_ahead, accepted",
    [(30, True), (9, True), (8, True), (7, False), (1, False), (0, False)],
)
def test_a_lasting_change_must_arrive_eight_days_ahead(municipality_a, days_ahead, accepted):
    shop = shop_of(municipality_a)
    received_on = START - datetime.timedelta(days=days_ahead)
    if accepted:
        version = change(shop, received_on=received_on)
        assert version.opening_hours == LATER
        assert version.valid_from == START
    else:
        with pytest.raises(commerce.CommerceError, match="8 nappal"):
            change(shop, received_on=received_on)
        assert commerce.current(shop).opening_hours == WEEKDAYS


@pytest.mark.parametrize("length, needs", [(7, True), (8, True), (6, False), (1, False)])
def test_a_change_of_a_week_or_more_needs_the_notice(length, needs):
    ends_on = START + datetime.timedelta(days=length - 1)
    assert commerce.needs_notice(START, ends_on) is needs
    assert commerce.needs_notice(START, None) is True


def test_a_temporary_change_of_a_week_becomes_an_exception(municipality_a):
    shop = shop_of(municipality_a)
    ends_on = START + datetime.timedelta(days=13)
    version = change(shop, received_on=START - datetime.timedelta(days=10), ends_on=ends_on)

    assert version.opening_hours == WEEKDAYS
    assert version.hours_exceptions == [
        {"from": START.isoformat(), "to": ends_on.isoformat(), "hours": LATER, "note": ""}
    ]
    with pytest.raises(commerce.CommerceError, match="8 nappal"):
        change(shop, received_on=START - datetime.timedelta(days=2), ends_on=ends_on)


def test_a_short_change_needs_no_notice_but_may_only_shorten(municipality_a):
    shop = shop_of(municipality_a)
    ends_on = START + datetime.timedelta(days=2)
    shorter = {"0": [["09:00", "12:00"]]}

    version = change(shop, received_on=START, ends_on=ends_on, hours=shorter)
    assert version.hours_exceptions[-1]["hours"] == shorter
    with pytest.raises(commerce.CommerceError, match="rövidebb"):
        change(shop, received_on=START, ends_on=ends_on, hours={"0": [["06:00", "22:00"]]})


@pytest.mark.parametrize(
    "hours",
    [
        {"7": [["08:00", "10:00"]]},
        {"0": [["10:00", "08:00"]]},
        {"0": [["8", "10"]]},
        {"0": [["08:00", "12:00"], ["11:00", "13:00"]]},
    ],
)
def test_malformed_hours_are_refused(municipality_a, hours):
    shop = shop_of(municipality_a)
    with pytest.raises(commerce.CommerceError):
        change(shop, received_on=DAY, hours=hours)
