"""Eger's customer service takes appointments (``make run``): the office at Dobó István tér
2., its hours, four officers, six matters of the mayor's office (not the government
office's) with their questions, a closure day, and the officers' day list filled for
today and the next working day — one of them the demo citizen Kovács János's, in his
Ügyeim. Everything is invented. Made once: a municipality that has an office is left
alone."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from services.documents import services as registry
from sites.actor import Actor

from . import services
from .constants import BookingStatus
from .models import BookableService, Closure, Desk, Office, OpeningPeriod, TriageQuestion

DEMO_CITIZEN = "demo-kovacs-janos"

HOURS = {
    0: [(8, 0, 12, 0), (13, 0, 16, 0)],
    1: [(8, 0, 12, 0)],
    2: [(8, 0, 12, 0), (13, 0, 17, 30)],
    3: [(8, 0, 12, 0)],
    4: [(8, 0, 11, 30)],
}
DESKS = [
    "1. ablak – Szabó Katalin (adóügy)",
    "2. ablak – Molnár Péter (anyakönyv, hagyaték)",
    "3. ablak – Kiss Edina (szociális ügyek)",
    "4. ablak – Balogh Tamás (építésügy, kereskedelem)",
]
# name, minutes, desks (indexes), description, what to bring, online path, questions
MATTERS = [
    (
        "Helyi adó ügyintézés",
        20,
        [0],
        "Építményadó, telekadó, helyi iparűzési adó: bevallás, egyenleg, részletfizetés.",
        "Személyi igazolvány, adóigazolvány (adóazonosító jel), a legutóbbi határozat.",
        "/ugyeim/helyi-ado/",
        [
            (
                "Csak az egyenlegére kíváncsi?",
                "Ügyfélkapu+ belépéssel az Ügyeim → Helyi adó oldalon látja, be sem kell jönnie.",
                "/ugyeim/helyi-ado/",
            ),
            ("Mást képvisel (céget, rokont)?", "Hozza a meghatalmazást vagy a cégkivonatot.", ""),
        ],
    ),
    (
        "Hagyatéki leltár",
        30,
        [1],
        "Az elhunyt vagyonának felvétele a hagyatéki eljáráshoz.",
        "Halotti anyakönyvi kivonat, az elhunyt személyi okmányai, ingatlanok helyrajzi száma, "
        "bankszámla- és gépjármű-adatok.",
        "",
        [
            (
                "Ingatlan is van a hagyatékban?",
                "Hozza az ingatlanok helyrajzi számát vagy tulajdoni lapját.",
                "",
            ),
        ],
    ),
    (
        "Anyakönyvi ügyek",
        30,
        [1],
        "Házasságkötési szándék bejelentése, névváltoztatás, anyakönyvi kivonat kérése.",
        "Személyi igazolvány, lakcímkártya, születési anyakönyvi kivonat.",
        "",
        [
            (
                "Csak anyakönyvi kivonatot kér?",
                "Azt elektronikusan is kérheti, nem kell bejönnie.",
                "/urlapok/",
            ),
        ],
    ),
    (
        "Szociális ügyek",
        30,
        [2],
        "Települési támogatás, lakhatási és gyógyszertámogatás, köztemetés.",
        "Személyi igazolvány, lakcímkártya, TAJ-kártya, a háztartás jövedelemigazolásai.",
        "",
        [
            (
                "Jövedelemigazolásai megvannak?",
                "Hozza a háztartás minden tagjának utolsó havi jövedelemigazolását.",
                "",
            ),
        ],
    ),
    (
        "Építésügy",
        30,
        [3],
        "Településképi bejelentés és konzultáció, fennmaradási ügyek.",
        "Személyi igazolvány, tervrajzok vagy vázlat, a telek helyrajzi száma.",
        "",
        [],
    ),
    (
        "Kereskedelmi ügyek",
        20,
        [3],
        "Kereskedelmi tevékenység bejelentése, változás, nyitvatartás, szálláshely.",
        "Személyi igazolvány, cégkivonat vagy egyéni vállalkozói nyilvántartási szám.",
        "/urlapok/",
        [
            (
                "Bejelentést vagy változást jelentene?",
                "Ügyfélkapu+ belépéssel űrlapon is beküldheti, nem kell bejönnie.",
                "/urlapok/",
            ),
        ],
    ),
]
CLIENTS = [
    ("Tóth Erzsébet", "toth.erzsebet@example.hu"),
    ("Horváth Gábor", "horvath.gabor@example.hu"),
    ("Varga Zsuzsanna", "varga.zsuzsanna@example.hu"),
    ("Németh László", "nemeth.laszlo@example.hu"),
    ("Farkas Ilona", "farkas.ilona@example.hu"),
    ("Papp Sándor", "papp.sandor@example.hu"),
]


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@transaction.atomic
def load_demo(municipality, stdout=None):
    if Office.objects.for_municipality(municipality).exists():
        return 0
    office = Office.objects.create(
        municipality=municipality,
        name="Ügyfélszolgálat",
        # The town hall's address as the website shows it (sites' demo sets it first).
        address=(
            f"{municipality.postal_code} {municipality.name}, {municipality.address}"
            if municipality.address
            else f"{municipality.postal_code} {municipality.name}"
        ),
        slot_minutes=10,
        days_ahead=30,
    )
    for weekday, spans in HOURS.items():
        for h1, m1, h2, m2 in spans:
            OpeningPeriod.objects.create(
                municipality=municipality,
                office=office,
                weekday=weekday,
                opens=datetime.time(h1, m1),
                closes=datetime.time(h2, m2),
            )
    desks = [
        Desk.objects.create(municipality=municipality, office=office, name=name) for name in DESKS
    ]
    matters = []
    for name, minutes, desk_indexes, description, bring, online, questions in MATTERS:
        matter = BookableService.objects.create(
            municipality=municipality,
            office=office,
            name=name,
            duration_minutes=minutes,
            description=description,
            what_to_bring=bring,
            online_url=online,
        )
        matter.desks.add(*[desks[i] for i in desk_indexes])
        for position, (question, advice, link) in enumerate(questions):
            TriageQuestion.objects.create(
                municipality=municipality,
                service=matter,
                question=question,
                advice=advice,
                link_url=link,
                position=position,
            )
        matters.append(matter)
    calendar = registry.default_calendar()
    today = timezone.localdate()
    working = [d for d in (today + datetime.timedelta(days=n) for n in range(1, 30))]
    working = [d for d in working if calendar.is_working_day(d)]
    # A staff training day about two weeks ahead: no bookings that day.
    Closure.objects.create(
        municipality=municipality, office=office, date=working[9], reason="Munkatársi képzés"
    )
    made = _bookings(municipality, matters, today, working[0])
    if stdout is not None:
        stdout.write(
            f"Időpontfoglalás: {municipality.name} {office.name}, {len(matters)} ügytípus, "
            f"{made} foglalás"
        )
    return made


def _bookings(municipality, matters, today, next_day):
    actor = Actor.system(municipality=municipality)
    days = [d for d in (today, next_day) if d.weekday() in HOURS]
    made = 0
    for day_index, day in enumerate(days):
        yesterday = _at(day - datetime.timedelta(days=1), 7)
        for number, (name, email) in enumerate(CLIENTS):
            matter = matters[(number + day_index) % len(matters)]
            starts = _at(day, 8 + number // 2, 10 if number % 2 else 30)
            try:
                booking = services.book(
                    actor, matter, starts, name=name, email=email, now=yesterday, notify=False
                )
                services.confirm(actor, booking, now=yesterday, notify=False)
            except services.BookingError:
                continue
            made += 1
            if day == today and starts < timezone.now():
                if number % 3 == 2:
                    services.mark_no_show(actor, booking)
                else:
                    services.mark_arrived(actor, booking)
    citizen = get_user_model().objects.filter(username=DEMO_CITIZEN).first()
    if citizen is not None:
        starts = _at(next_day, 11, 0)
        try:
            booking = services.book(
                actor,
                matters[0],
                starts,
                name="Kovács János",
                email="kovacs.janos@example.hu",
                user=citizen,
                now=_at(today, 0),
                notify=False,
            )
            made += 1
        except services.BookingError:
            pass
        else:
            assert booking.status == BookingStatus.CONFIRMED
    return made
