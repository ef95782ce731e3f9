"""The trade and industry register of the demo (``make run``): Eger gets some dozens of
invented traders with their shops and opening hours, a mobile shop and a mail-order
trader, a shop that closed, a change of opening hours, an operating licence, two
industrial sites and an accommodation — and its website gets the public register page.

Everything goes through the façade, as an officer's registration would, from a random
generator seeded by the municipality's KSH code. It runs once: a municipality that has
any registration is left alone, so a re-run adds nothing."""

import datetime
import random

from django.utils.translation import gettext as _

from sites.actor import Actor

from . import services as commerce
from .constants import TraderKind, TradingForm, UseTitle
from .models import Place, PublicRegisterPage, Shop, Trade

DEMO_KSH_CODES = ("20491",)  # Eger
REGISTER_SLUG = "kereskedelmi-nyilvantartas"
COUNTY_COURT = "10"  # Egri Törvényszék: the first two digits of Heves' company numbers
TAX_OFFICE = "10"  # Heves county's tax office code

STREETS = (
    "Dobó István tér",
    "Széchenyi István utca",
    "Bajcsy-Zsilinszky Endre utca",
    "Jókai Mór utca",
    "Katona István tér",
    "Kossuth Lajos utca",
    "Hatvani kapu tér",
    "Klapka György utca",
    "Knézich Károly utca",
    "Harangöntő utca",
    "Törvényház utca",
    "Csiky Sándor utca",
    "Maklári út",
    "Deák Ferenc utca",
    "Mátyás király út",
    "Cifrakapu utca",
    "Servita utca",
    "Zalár József utca",
    "Árpád utca",
    "Vörösmarty Mihály utca",
)
# (shop name, product groups, floor area, Saturday closing, Sunday open)
SHOPS = (
    ("Dobó Csemege", ["1.6", "1.9", "1.10"], 120, "13:00", True),
    ("Hatvani Kapu Zöldséges", ["1.6"], 40, "12:00", False),
    ("Egri Kenyér Pékség", ["1.7", "1.8"], 55, "12:00", True),
    ("Bikavér Borszaküzlet", ["1.2", "1.10"], 65, "18:00", True),
    ("Líceum Könyvesbolt", ["14", "16"], 90, "13:00", False),
    ("Minaret Ajándékbolt", ["7", "22"], 35, "18:00", True),
    ("Virágos Kert", ["21"], 30, "12:00", True),
    ("Cipőcentrum", ["6"], 140, "13:00", False),
    ("Katona Papír-írószer", ["16"], 45, "12:00", False),
    ("Agria Drogéria", ["18"], 160, "14:00", False),
    ("Eszterházy Sportbolt", ["23", "4"], 210, "13:00", False),
    ("Óra-Ékszer Szalon", ["26"], 25, "12:00", False),
    ("Játékvár", ["22"], 75, "13:00", False),
    ("Állateledel Bolt", ["30"], 50, "12:00", False),
    ("Tej-Sajt Szaküzlet", ["1.9"], 30, "12:00", False),
    ("Hentes és Mészáros", ["1.4"], 45, "12:00", False),
    ("Halas Pult", ["1.5"], 20, "12:00", False),
    ("Édes Élet Cukrászda", ["1.1", "1.8"], 70, "18:00", True),
    ("Bit-Bolt Számítástechnika", ["17", "9"], 85, "12:00", False),
    ("Lakberendezés Háza", ["7"], 320, "13:00", False),
    ("Villamossági Szaküzlet", ["9"], 95, "12:00", False),
    ("Vas-Műszaki Barkácsbolt", ["12"], 260, "13:00", False),
    ("Ruhaház", ["4", "3"], 180, "14:00", False),
    ("Textil Kuckó", ["3"], 40, "12:00", False),
    ("Sajtó Pavilon", ["15", "16"], 12, "12:00", True),
    ("Eger Gazdabolt", ["21", "30", "12"], 150, "12:00", False),
    ("Szín-Tér Festékbolt", ["12"], 110, "12:00", False),
    ("Gyümölcsház", ["1.6", "1.10"], 60, "13:00", True),
    ("Kávé és Tea Szaküzlet", ["1.10"], 28, "13:00", False),
    ("Mézes Kamra", ["1.10", "1.8"], 22, "12:00", False),
)
COMPANY_WORDS = ("Agria", "Eger-Vin", "Bükk", "Mátra", "Dobó", "Líceum", "Heves", "Tárkány")
FAMILY = ("Kovács", "Szabó", "Tóth", "Nagy", "Horváth", "Varga", "Kiss", "Molnár", "Farkas")
GIVEN = ("Anna", "Péter", "Katalin", "László", "Zsófia", "Gábor", "Erzsébet", "Tamás")


def _tax_number(rng):
    """A valid adószám (its 8th digit checks the first seven, weights 9, 7, 3, 1, 9, 7, 3);
    notify_trading checks it again through the forms' validator."""
    first_seven = f"{rng.randrange(1000000, 9999999):07d}"
    total = sum(int(d) * w for d, w in zip(first_seven, (9, 7, 3, 1, 9, 7, 3), strict=True))
    return f"{first_seven}{(10 - total % 10) % 10}-2-{TAX_OFFICE}"


def _company(rng, index, shop_name):
    number = _tax_number(rng)
    word = COMPANY_WORDS[index % len(COMPANY_WORDS)]
    suffix = rng.choice(("Kft.", "Kft.", "Bt."))
    return {
        "kind": TraderKind.COMPANY,
        "name": f"{word} {shop_name.split()[0]} Kereskedelmi {suffix}",
        "postal_code": "3300",
        "settlement": "Eger",
        "street": f"{rng.choice(STREETS)} {rng.randint(1, 60)}.",
        "registration_number": f"{COUNTY_COURT}-{'09' if suffix == 'Kft.' else '06'}-"
        f"{rng.randrange(100000, 999999)}",
        "tax_number": number,
        "statistical_number": f"{number[:8]}-4719-{'113' if suffix == 'Kft.' else '117'}-10",
    }


def _sole_trader(rng):
    family, given = rng.choice(FAMILY), rng.choice(GIVEN)
    street = f"{rng.choice(STREETS)} {rng.randint(1, 60)}."
    return {
        "kind": TraderKind.SOLE_TRADER,
        "name": f"{family} {given} e.v.",
        "postal_code": "3300",
        "settlement": "Eger",
        "street": street,
        "seat_is_home": True,
        "registration_number": f"{rng.randrange(10000000, 99999999)}",
        "tax_number": _tax_number(rng),
        # Invented natural-person data: the register keeps it, the public page never shows it.
        "home_address": f"3300 Eger, {street}",
        "birth_name": f"{family} {given}",
        "birth_place": rng.choice(("Eger", "Gyöngyös", "Miskolc", "Hatvan")),
        "birth_date": datetime.date(
            rng.randint(1955, 1998), rng.randint(1, 12), rng.randint(1, 28)
        ),
        "mother_name": f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
    }


def _hours(saturday_close, sunday):
    hours = {str(day): [["08:00", "18:00"]] for day in range(5)}
    hours["5"] = [["08:00", saturday_close]]
    if sunday:
        hours["6"] = [["09:00", "12:00"]]
    return hours


def _register_page(municipality):
    home = municipality.root_page.specific
    existing = PublicRegisterPage.objects.descendant_of(home).first()
    if existing is not None:
        return existing
    page = home.add_child(
        instance=PublicRegisterPage(
            title="Kereskedelmi és telepnyilvántartás",
            slug=REGISTER_SLUG,
            intro="<p>A jegyző által vezetett nyilvántartás a kereskedőkről, az üzletekről és "
            "az ipari telepekről. Természetes személyt azonosító adatot nem közlünk.</p>",
        )
    )
    page.save_revision().publish()
    return page


def load_demo(municipality, stdout=None, *, today=None):
    """The municipality's demo register (see the module); the number of registrations
    made, or None when it already has some."""
    if Trade.objects.for_municipality(municipality).exists():
        _register_page(municipality)
        load_desk_demo(municipality, today=today)
        return None
    today = today or datetime.date.today()
    rng = random.Random(f"commerce-demo:{municipality.ksh_code}")
    actor = Actor.system(municipality=municipality)
    start = today - datetime.timedelta(days=3 * 365)
    trades = []
    for index, (name, groups, area, saturday, sunday) in enumerate(SHOPS):
        received_on = start + datetime.timedelta(days=index * 30 + rng.randint(0, 20))
        trader = _sole_trader(rng) if index % 3 == 1 else _company(rng, index, name)
        trades.append(
            commerce.notify_trading(
                municipality,
                actor=actor,
                received_on=received_on,
                trader=trader,
                retail=True,
                wholesale=index % 7 == 0,
                places=[
                    {
                        "trading_forms": [TradingForm.SHOP],
                        "postal_code": "3300",
                        "settlement": "Eger",
                        "street": f"{STREETS[index % len(STREETS)]} {index + 2}.",
                        "parcel_number": f"{rng.randint(1000, 9999)}/{rng.randint(1, 9)}",
                        "product_groups": groups,
                        "shop": {
                            "name": name,
                            "floor_area": area,
                            "opening_hours": _hours(saturday, sunday),
                            "complaints_book_number": f"EGR-VK-{received_on.year}/{index + 1:03d}",
                            "use_title": rng.choice(list(UseTitle.values[:3])),
                        },
                    }
                ],
            )
        )
    # Trading without a shop: a mobile bakery (its routes) and a mail-order business.
    commerce.notify_trading(
        municipality,
        actor=actor,
        received_on=today - datetime.timedelta(days=200),
        trader=_company(rng, 3, "Mozgó Pékáru"),
        places=[
            {
                "trading_forms": [TradingForm.MOBILE_SHOP],
                "areas": ["Eger", "Felsőtárkány", "Noszvaj", "Szarvaskő"],
                "routes": [
                    "Eger, Hatvani kapu tér – Felsőtárkány, Fő út – Noszvaj, Kossuth utca",
                    "Eger, Szvorényi út – Szarvaskő, Kossuth utca",
                ],
                "product_groups": ["1.7", "1.8"],
            }
        ],
    )
    commerce.notify_trading(
        municipality,
        actor=actor,
        received_on=today - datetime.timedelta(days=90),
        trader=_company(rng, 5, "Webshop"),
        places=[
            {
                "trading_forms": [TradingForm.MAIL_ORDER],
                "areas": ["Magyarország egész területe"],
                "product_groups": ["1.2", "1.10"],
            }
        ],
    )
    # A shop that closed, with the record kept.
    closed = Place.objects.for_municipality(municipality).get(trade=trades[12])
    closed_on = today - datetime.timedelta(days=45)
    commerce.close_place(closed, actor=actor, received_on=closed_on, closed_on=closed_on)
    # A longer summer opening, notified in time.
    shop = Shop.objects.for_municipality(municipality).get(place__trade=trades[0])
    commerce.change_opening_hours(
        shop,
        actor=actor,
        received_on=today - datetime.timedelta(days=20),
        starts_on=today - datetime.timedelta(days=5),
        opening_hours=_hours("18:00", True) | {"6": [["08:00", "13:00"]]},
    )
    # The paint shop and the farm shop sell shop-only products: licences.
    for index, products in ((26, ["L2"]), (25, ["L5"])):
        licensed = Shop.objects.for_municipality(municipality).get(place__trade=trades[index])
        commerce.grant_licence(
            licensed,
            actor=actor,
            number=f"EGR-ME-{index}/{trades[index].registered_on.year}",
            granted_on=trades[index].registered_on + datetime.timedelta(days=25),
            products=products,
        )
    # Two industrial sites: a bakery (notified) and a car repair shop (site licence).
    for activity, name, street, trade in (
        ("1/5", "Egri Kenyér Pékség üzeme", "Kistályai út 12.", trades[2]),
        ("2/3", "Agria Autójavító Műhely", "Maklári út 88.", trades[9]),
    ):
        commerce.register_site(
            municipality,
            actor=actor,
            operator=trade.trader,
            received_on=today - datetime.timedelta(days=rng.randint(100, 700)),
            activity=activity,
            name=name,
            postal_code="3300",
            settlement="Eger",
            street=street,
            parcel_number=f"0{rng.randint(100, 999)}/{rng.randint(1, 30)}",
            opening_hours={str(day): [["06:00", "18:00"]] for day in range(5)},
        )
    commerce.register_accommodation(
        municipality,
        actor=actor,
        operator=trades[4].trader,
        received_on=today - datetime.timedelta(days=300),
        kind="panzio",
        name="Minaret Panzió",
        rooms=12,
        beds=28,
        postal_code="3300",
        settlement="Eger",
        street="Knézich Károly utca 4.",
    )
    _register_page(municipality)
    load_desk_demo(municipality, today=today)
    if stdout is not None:
        stdout.write(
            _("Trade register of %(name)s: %(count)s registrations, 2 sites.")
            % {"name": municipality.name, "count": len(trades) + 2}
        )
    return len(trades) + 2


DESK_REFERENCE = "DEMO-ASZTAL"


def load_desk_demo(municipality, *, today=None):
    """The trade officer's desk: the older notifications checked, a few new ones waiting
    in the queue (a new shop, a new accommodation, a change of data), and the first
    traders already registered with the tax office, so both link states show. Once only:
    the waiting notifications carry a reference a re-run finds."""
    from django.db.models import Q

    from .models import Notification, Trader

    if (
        Notification.objects.for_municipality(municipality)
        .filter(reference__startswith=DESK_REFERENCE)
        .exists()
    ):
        return
    today = today or datetime.date.today()
    actor = Actor.system(municipality=municipality)
    rng = random.Random(f"commerce-desk:{municipality.ksh_code}")
    for notification in Notification.objects.for_municipality(municipality).filter(
        checked_at__isnull=True, received_on__lt=today - datetime.timedelta(days=10)
    ):
        commerce.desk.check_notification(notification, actor=actor, note="Rendben.")
    for trader in Trader.objects.for_municipality(municipality).order_by("pk")[:8]:
        try:
            commerce.tax_links.link(trader, "business", actor=actor)
        except commerce.CommerceError:
            continue
    new_shop = commerce.notify_trading(
        municipality,
        actor=actor,
        received_on=today - datetime.timedelta(days=3),
        reference=f"{DESK_REFERENCE}-1",
        trader=_company(rng, 7, "Bio"),
        places=[
            {
                "trading_forms": [TradingForm.SHOP],
                "postal_code": "3300",
                "settlement": "Eger",
                "street": "Széchenyi István utca 31.",
                "parcel_number": "4521/2",
                "product_groups": ["1.6", "1.10", "18"],
                "shop": {
                    "name": "Tárkány Biobolt",
                    "floor_area": 65,
                    "opening_hours": _hours("13:00", False),
                    "complaints_book_number": f"EGR-VK-{today.year}/101",
                    "use_title": UseTitle.LEASE,
                },
            }
        ],
    )
    commerce.register_accommodation(
        municipality,
        actor=actor,
        operator=new_shop.trader,
        received_on=today - datetime.timedelta(days=2),
        kind="panzio",
        name="Tárkány Vendégház",
        rooms=4,
        beds=9,
        postal_code="3300",
        settlement="Eger",
        street="Mátyás király út 12.",
    )
    changed = (
        Trader.objects.for_municipality(municipality)
        .filter(~Q(pk=new_shop.trader_id), kind=TraderKind.COMPANY)
        .order_by("pk")
        .first()
    )
    if changed is not None:
        commerce.change_trader(
            changed,
            actor=actor,
            received_on=today - datetime.timedelta(days=1),
            effective_on=today - datetime.timedelta(days=1),
            reference=f"{DESK_REFERENCE}-2",
            street="Dobó István tér 9.",
        )
