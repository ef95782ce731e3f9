"""Traders, shops and sites of the trade and industry register, built through its façade."""

import datetime

from services.commerce import services as commerce
from services.commerce.constants import TraderKind, TradingForm
from sites.actor import Actor
from tests.factories.tax import tax_number

DAY = datetime.date(2026, 3, 2)
WEEKDAYS = {str(day): [["08:00", "18:00"]] for day in range(5)} | {"5": [["08:00", "12:00"]]}


def company(name="Kékfény Kereskedelmi Kft.", **fields):
    number = fields.pop("tax_number", None) or tax_number()
    return {
        "kind": TraderKind.COMPANY,
        "name": name,
        "postal_code": "3300",
        "settlement": "Eger",
        "street": "Széchenyi István utca 1.",
        "registration_number": "10-09-123456",
        "tax_number": number,
        "statistical_number": f"{number[:8]}-4711-113-10",
        **fields,
    }


def sole_trader(name="Zqxkovács Ilona e.v.", **fields):
    """A sole trader whose private data carry the marker zqx, so a test can look for it."""
    return {
        "kind": TraderKind.SOLE_TRADER,
        "name": name,
        "postal_code": "3300",
        "settlement": "Eger",
        "street": "Zqxotthon utca 9.",
        "seat_is_home": True,
        "registration_number": "51234567",
        "tax_number": tax_number(),
        "home_address": "3300 Eger, Zqxotthon utca 9.",
        "birth_name": "Zqxszületett Ilona",
        "birth_place": "Zqxszülőfalva",
        "birth_date": datetime.date(1971, 4, 5),
        "mother_name": "Zqxanyja Mária",
        **fields,
    }


def shop_place(street="Dobó István tér 3.", name="Dobó Csemege", **fields):
    return {
        "trading_forms": [TradingForm.SHOP],
        "postal_code": "3300",
        "settlement": "Eger",
        "street": street,
        "parcel_number": "4711/2",
        "product_groups": ["1.6", "1.9"],
        "shop": {
            "name": name,
            "floor_area": 80,
            "opening_hours": WEEKDAYS,
            "complaints_book_number": "VK-2026/014",
            "use_title": "lease",
        },
        **fields,
    }


def register_shop(municipality, *, trader=None, received_on=DAY, **place):
    """A notified trade with one shop: returns the ``Trade``."""
    return commerce.notify_trading(
        municipality,
        actor=Actor.system(municipality=municipality),
        received_on=received_on,
        trader=trader or company(),
        places=[shop_place(**place)],
    )
