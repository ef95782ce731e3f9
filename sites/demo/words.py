"""The demo site's vocabulary: its data file, sizes, Hungarian dates and names, and the
small helpers the builder uses."""

import datetime
import json
import unicodedata
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from ..constants import LegalStatus
from .images import picture

DATA_FILE = settings.BASE_DIR / "data" / "demo_site.json"
# A small village publishes less than a county town: (news items, months between council
# meetings, decisions published per meeting) by the size of the council's town.
SIZES = {"large": (14, 1, 2), "medium": (10, 1, 1), "small": (7, 2, 1)}
# Pictures are painted in a few variants of each motif and shared between municipalities
# (each gets its own image records, in its own collection): painting one for every site
# was most of the loader's time.
PICTURE_VARIANTS = 3
MONTHS = (
    "január",
    "február",
    "március",
    "április",
    "május",
    "június",
    "július",
    "augusztus",
    "szeptember",
    "október",
    "november",
    "december",
)
# Landline area codes of the county seats: the demo office's numbers look local.
AREA_CODES = {
    "Budapest": "1",
    "Bács-Kiskun": "76",
    "Baranya": "72",
    "Békés": "66",
    "Borsod-Abaúj-Zemplén": "46",
    "Csongrád-Csanád": "62",
    "Fejér": "22",
    "Győr-Moson-Sopron": "96",
    "Hajdú-Bihar": "52",
    "Heves": "36",
    "Jász-Nagykun-Szolnok": "56",
    "Komárom-Esztergom": "34",
    "Nógrád": "32",
    "Pest": "28",
    "Somogy": "82",
    "Szabolcs-Szatmár-Bereg": "42",
    "Tolna": "74",
    "Vas": "94",
    "Veszprém": "88",
    "Zala": "92",
}
# Fixed public holidays on which the office is closed (Munka Törvénykönyve 102. §; Easter
# and Whitsun move and are left out of the demo).
NATIONAL_HOLIDAYS = {
    (1, 1): "Újév",
    (3, 15): "Nemzeti ünnep",
    (5, 1): "A munka ünnepe",
    (8, 20): "Nemzeti ünnep",
    (10, 23): "Nemzeti ünnep",
    (11, 1): "Mindenszentek",
    (12, 25): "Karácsony",
    (12, 26): "Karácsony",
}
# (official name, council, hall, the settlement's feast day) by legal status
STATUS_WORDS = {
    LegalStatus.COUNTY_TOWN: (
        "{name} Megyei Jogú Város Önkormányzata",
        "Közgyűlés",
        "Városháza",
        "Városnap",
    ),
    LegalStatus.TOWN: ("{name} Város Önkormányzata", "Képviselő-testület", "Városháza", "Városnap"),
    LegalStatus.LARGE_VILLAGE: (
        "{name} Nagyközség Önkormányzata",
        "Képviselő-testület",
        "Községháza",
        "Falunap",
    ),
    LegalStatus.VILLAGE: (
        "{name} Község Önkormányzata",
        "Képviselő-testület",
        "Községháza",
        "Falunap",
    ),
    LegalStatus.CAPITAL_DISTRICT: (
        "{name} Önkormányzata",
        "Képviselő-testület",
        "Polgármesteri Hivatal",
        "Kerületnap",
    ),
}


@cache
def demo_data():
    with open(DATA_FILE, encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _painting(motif, variant):
    return picture(motif, variant)


def hungarian_date(day):
    """2026. március 26."""
    return f"{day.year}. {MONTHS[day.month - 1]} {day.day}."


def hungarian_date_on(day):
    """2026. március 26-án: the date as "on that day" (the suffix follows the numeral's
    sound: 1-jén, 2-án, 4-én, 10-én, 20-án, 21-én…)."""
    ones = {1: "én", 2: "án", 3: "án", 4: "én", 5: "én", 6: "án", 7: "én", 8: "án", 9: "én"}
    tens = {1: "én", 2: "án", 3: "án"}
    suffix = "jén" if day.day == 1 else ones.get(day.day % 10) or tens[day.day // 10]
    return f"{day.year}. {MONTHS[day.month - 1]} {day.day}-{suffix}"


def council_size(population):
    """Councillors besides the mayor, roughly as the election law sizes councils."""
    if population <= 1000:
        return 4
    if population <= 2000:
        return 6
    if population <= 5000:
        return 8
    if population <= 10000:
        return 11
    return min(11 + (population - 10000) // 10000, 20)


def _ascii(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _slug(text, limit=60):
    """An ASCII slug of at most ``limit`` characters, cut between words."""
    slug = slugify(text)
    return slug[:limit].rsplit("-", 1)[0] if len(slug) > limit else slug


def _most_recent(today, month, day):
    """The latest (month, day) on or before today."""
    for year in (today.year, today.year - 1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:  # 29 February
            candidate = datetime.date(year, month, 28)
        if candidate <= today:
            return candidate
    raise AssertionError("unreachable")


def _nearest(today, month, day, ahead=125):
    """The (month, day) that falls within [today - (365 - ahead), today + ahead]."""
    for year in (today.year - 1, today.year, today.year + 1):
        candidate = datetime.date(year, month, day)
        if (
            today - datetime.timedelta(days=365 - ahead)
            < candidate
            <= today + datetime.timedelta(days=ahead)
        ):
            return candidate
    return None


def _meeting_day(year, month):
    """The council meets on the month's last Thursday; in December before the holidays."""
    day = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    if month == 12:
        day = datetime.date(year, 12, 20)
    while day.weekday() != 3:
        day -= datetime.timedelta(days=1)
    return day


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
