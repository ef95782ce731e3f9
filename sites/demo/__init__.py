"""A living demo website: a year of a municipality's news, events, decrees, council meetings,
customer service and documents, so that a new user sees what a site looks like in use.

``load_demo_site(municipality)`` fills one municipality's starter tree (sites.starter_tree)
from the texts of data/demo_site.json: news with pictures painted by Pillow (.images), its
events around today, its decrees, council members and meetings with minutes and decisions
as PDFs (.pdf), its office's staff and the document library. Everything is invented and
drawn from a random generator seeded by the municipality's KSH code, so the same
municipality gets the same content (its dates are counted back from today). It runs once
per municipality: a site that has any news item is left alone, so a re-run adds nothing and
never touches what an editor wrote.

Pages are saved as the starter tree saves them (already published, the minimal validation,
indexed together at the end): ``manage.py load_demo`` fills about fifty sites, and it must
stay quick. tests/sites/test_demo_site.py validates every page it makes in full."""

import datetime
import hashlib
import io
import json
import random
import unicodedata
from collections import Counter
from contextlib import contextmanager
from functools import cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.rect import Rect
from wagtail.models import get_page_models
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler as search_index_on_save
from wagtail.signal_handlers import disable_reference_index_auto_update

from ..constants import LegalStatus
from ..models import (
    ContactPage,
    CouncilCommittee,
    CouncilMember,
    CouncilPage,
    CustomerServicePage,
    DecreeIndexPage,
    DecreePage,
    DocumentLibraryPage,
    EventIndexPage,
    EventPage,
    LibraryDocument,
    MeetingDocument,
    MeetingPage,
    NewsIndexPage,
    NewsPage,
    OfficeStaff,
    OpeningException,
    StandardPage,
)
from ..models.pages.decrees import ROMAN_MONTHS, official_decree_number
from ..page_cache import invalidate_site
from ..starter_tree import add_children, index_pages
from .images import picture
from .pdf import text_pdf

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


class _DemoSite:
    """What one municipality's demo site is made of; ``made`` counts it."""

    def __init__(self, municipality, today):
        self.municipality = municipality
        self.today = today
        self.rng = random.Random(f"demo-site:{municipality.ksh_code}")
        self.home = municipality.root_page.specific
        self.made = Counter()
        self.created = []
        self.changed = []
        self._images = {}
        self._documents = []
        self._used_names = set()
        data = demo_data()
        official, council, hall, fest = STATUS_WORDS.get(
            municipality.legal_status, STATUS_WORDS[LegalStatus.VILLAGE]
        )
        square, square_on = self.rng.choice(data["squares"])
        budget_year = today.year if today >= datetime.date(today.year, 2, 14) else today.year - 1
        self.words = {
            "name": municipality.name,
            "official": official.format(name=municipality.name),
            "council": council,
            "council_lower": council.lower(),
            "hall": hall,
            "fest": fest,
            "square": square,
            "square_on": square_on,
            "street": self.rng.choice(data["streets"]),
            "year": today.year,
            "prev_year": today.year - 1,
            "budget_year": budget_year,
            "closing_year": (
                today.year - 1 if today >= datetime.date(today.year, 5, 29) else today.year - 2
            ),
        }
        area = AREA_CODES.get(municipality.county, "1")
        digits = 7 if area == "1" else 6
        number = f"{self.rng.randint(10 ** (digits - 1), 10**digits - 1)}"
        self.phone = f"+36 {area} {number[:3]} {number[3:]}"
        self.email = f"hivatal@{municipality.slug}.localhost"
        self.mayor = self.person()
        self.words["mayor"] = self.mayor
        self.picture_variant = self.rng.randrange(PICTURE_VARIANTS)
        # The notary (jegyző) leads the office: named on the government page and its staff.
        self.clerk = self.person("dr.")
        population = municipality.population or 0
        if municipality.legal_status in (LegalStatus.COUNTY_TOWN, LegalStatus.CAPITAL_DISTRICT):
            self.size = "large"
        elif municipality.legal_status == LegalStatus.VILLAGE and population < 5000:
            self.size = "small"
        else:
            self.size = "large" if population >= 20000 else "medium"

    # -- small things

    def text(self, template, **more):
        return template.format(**{**self.words, **more})

    def person(self, title=""):
        data = demo_data()
        while True:
            given = self.rng.choice(
                data["given_names_male"] if self.rng.random() < 0.5 else data["given_names_female"]
            )
            name = f"{self.rng.choice(data['family_names'])} {given}"
            if name not in self._used_names:
                self._used_names.add(name)
                return f"{title} {name}".strip()

    def image(self, motif):
        if motif not in self._images:
            data = _painting(motif, self.picture_variant)
            image = get_image_model()(
                title=self.text(demo_data()["images"][motif]),
                collection=self.municipality.collection,
                file_size=len(data),
                file_hash=hashlib.sha1(data).hexdigest(),
            )
            name = f"{self.municipality.slug}-{motif}.jpg"
            image.file.save(name, ImageFile(io.BytesIO(data), name=name), save=False)
            if motif == "townhall":
                # The home page's banner is a wide crop: keep the clock and the flag in it.
                image.set_focal_point(Rect(450, 40, 750, 420))
            image.save()
            self._images[motif] = image
            self.made["images"] += 1
        return self._images[motif]

    def document(self, title, paragraphs, filename):
        data = text_pdf(title, paragraphs)
        document = get_document_model()(
            title=title,
            collection=self.municipality.collection,
            file_size=len(data),
            file_hash=hashlib.sha1(data).hexdigest(),
        )
        document.file.save(f"{filename}.pdf", ContentFile(data), save=False)
        document.save()
        self._documents.append(document)
        self.made["documents"] += 1
        return document

    def save(self, page):
        """Save a page of the starter tree that the demo filled in."""
        page.save(clean=False)
        self.changed.append(page)

    def add(self, parent, pages, kind):
        add_children(parent, pages, self.created)
        self.made[kind] += len(pages)

    # -- the site

    def build(self):
        """Fill in what the starter tree has (a part an operator removed is skipped)."""

        def first(model):
            return model.objects.descendant_of(self.home).order_by("path").first()

        self.contacts(first(ContactPage))
        if news := first(NewsIndexPage):
            self.news(news)
        if events := first(EventIndexPage):
            self.events(events)
        if council := first(CouncilPage):
            members = self.council(council)
            self.meetings(council, members)
            self.government(council.get_parent().specific, members)
        if decrees := first(DecreeIndexPage):
            self.decrees(decrees)
        if library := first(DocumentLibraryPage):
            self.library(library)
        if office := first(CustomerServicePage):
            self.office(office)
        index_pages(self.created + self.changed)
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(get_image_model(), list(self._images.values()))
            backend.add_bulk(get_document_model(), self._documents)

    def contacts(self, contact):
        municipality = self.municipality
        # The municipality's address is the street's; the postal code and name go before it.
        municipality.address = municipality.address or f"{self.words['square']} 1."
        self.full_address = (
            f"{municipality.postal_code} {municipality.name}, {municipality.address}"
        )
        municipality.phone = municipality.phone or self.phone
        municipality.email = municipality.email or self.email
        municipality.save(update_fields=["address", "phone", "email"])
        home = self.home
        home.hero_text = (
            "Hírek, rendezvények, online ügyintézés és az önkormányzat munkája – egy helyen."
        )
        home.hero_image = self.image("townhall")
        self.save(home)
        if contact is not None:
            contact.address = self.full_address
            contact.phone = municipality.phone
            contact.email = municipality.email
            self.save(contact)

    def news(self, index):
        items = sorted(
            self.rng.sample(demo_data()["news"], SIZES[self.size][0]),
            key=lambda item: _most_recent(self.today, *item["date"]),
        )
        pages = []
        for item in items:
            day = _most_recent(self.today, *item["date"])
            day -= datetime.timedelta(days=self.rng.randint(0, 3))
            day = min(day, self.today)
            words = {"year": day.year}
            body = [{"type": "paragraph", "value": self.text(p, **words)} for p in item["body"]]
            if item.get("attachment"):
                notice = self.document(
                    self.text(item["attachment"]),
                    [strip_tags(self.text(p, **words)) for p in item["body"]],
                    f"hirdetmeny-{day:%Y%m%d}",
                )
                body.append({"type": "documents", "value": {"title": "", "documents": [notice.pk]}})
            title = self.text(item["title"], **words)
            page = NewsPage(
                title=title,
                slug=_slug(title),
                date=day,
                category=item["category"],
                intro=self.text(item["intro"], **words),
                image=self.image(item["image"]),
                body=body,
                first_published_at=_at(day, 9),
                last_published_at=_at(day, 9),
            )
            for tag in item["tags"]:
                page.tags.add(tag)
            pages.append(page)
        self.add(index, pages, "news")

    def events(self, index):
        pages = []
        for item in demo_data()["events"]:
            if "in_days" in item:
                day = self.today + datetime.timedelta(days=item["in_days"])
                while day.weekday() >= 5:  # office hours and forums: on a weekday
                    day += datetime.timedelta(days=1)
            else:
                day = _nearest(self.today, *item["date"])
                if day is None:
                    continue
            title = self.text(item["title"])
            all_day = item.get("all_day", False)
            start = _at(day, 0 if all_day else item["hour"])
            end = _at(day, 23, 59) if all_day else start + datetime.timedelta(hours=item["hours"])
            pages.append(
                EventPage(
                    title=title,
                    slug=_slug(f"{title} {day.year}"),
                    start=start,
                    end=end,
                    all_day=all_day,
                    location=self.text(item["location"]),
                    intro=self.text(item["intro"]),
                    body=[{"type": "paragraph", "value": f"<p>{self.text(item['intro'])}</p>"}],
                    first_published_at=_at(min(day, self.today) - datetime.timedelta(days=20), 10),
                )
            )
        pages.sort(key=lambda page: page.start)
        self.add(index, pages, "events")

    def council(self, council):
        population = self.municipality.population or 0
        districts = self.municipality.legal_status != LegalStatus.VILLAGE and population > 10000
        members = [(self.mayor, "polgármester")]
        members.append((self.person(), "alpolgármester"))
        while len(members) < council_size(population) + 1:
            members.append((self.person(), "képviselő"))
        council.members = [
            CouncilMember(
                name=name,
                role=role,
                district=(
                    f"{number}. számú egyéni választókerület"
                    if districts and number <= (len(members) + 1) // 2
                    else ""
                ),
                email=f"polgarmester@{self.municipality.slug}.localhost" if number == 1 else "",
            )
            for number, (name, role) in enumerate(members, start=1)
        ]
        councillors = [name for name, _role in members[1:]]
        committees = [
            item
            for item in demo_data()["committees"]
            if population >= item.get("min_population", 0)
        ]
        council.committees = [
            CouncilCommittee(
                name=item["name"],
                chair=councillors[index % len(councillors)],
                members="\n".join(
                    [
                        councillors[(index + 1) % len(councillors)],
                        councillors[(index + 2) % len(councillors)],
                        f"{self.person()} (külső tag)",
                    ]
                ),
            )
            for index, item in enumerate(committees)
        ]
        if self.words["council"] == "Közgyűlés":
            # A county town's council is its general assembly (közgyűlés).
            council.title = council.draft_title = "Közgyűlés"
            council.intro = "<p>A közgyűlés tagjai, bizottságai és ülései.</p>"
        self.save(council)
        return [name for name, _role in members]

    def meetings(self, council, members):
        words = self.words
        big = self.municipality.legal_status in (LegalStatus.COUNTY_TOWN, LegalStatus.TOWN)
        hour = 9 if big else 17
        location = f"{words['hall']}, {'díszterem' if big else 'tanácskozóterem'}"
        kind = "Közgyűlési ülés" if words["council"] == "Közgyűlés" else "Képviselő-testületi ülés"
        agenda_pool = demo_data()["agenda"]
        _news, every, per_meeting = SIZES[self.size]
        days = []
        for back in range(11, -4, -1):  # a year back, and the next meeting
            month_index = self.today.year * 12 + self.today.month - 1 - back
            year, month = divmod(month_index, 12)
            if month + 1 in (7, 8) or month % every:
                continue
            days.append(_meeting_day(year, month + 1))
        past = [day for day in days if day < self.today]
        upcoming = [day for day in days if day > self.today][:1]
        decision_numbers = Counter()
        pages = []
        for day in past + upcoming:
            items = [
                self.text(item, year=day.year, prev_year=day.year - 1)
                for item in agenda_pool.get(str(day.month), []) + agenda_pool["always"]
            ]
            agenda = "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"
            title = f"{kind} – {hungarian_date(day)}"
            page = MeetingPage(
                title=title,
                slug=_slug(f"ules-{day:%Y-%m-%d}"),
                date=_at(day, hour),
                location=location,
                agenda=agenda,
                first_published_at=_at(day - datetime.timedelta(days=7), 10),
            )
            if day < self.today:
                decisions = []
                for item in items[:-1][:per_meeting]:
                    decision_numbers[day.year] += 1
                    number = decision_numbers[day.year]
                    label = f"{number}/{day.year}. ({ROMAN_MONTHS[day.month - 1]}. {day.day}.)"
                    document = self.document(
                        f"{label} határozat",
                        [
                            f"{words['official']} {words['council']}ének {label} határozata",
                            f"Tárgy: {item}",
                            f"A {words['council_lower']} a javaslatot megtárgyalta, és azt "
                            "az előterjesztés szerint elfogadja.",
                            "Felelős: polgármester. Határidő: azonnal.",
                        ],
                        f"hatarozat-{day.year}-{number}",
                    )
                    decisions.append(
                        MeetingDocument(title=f"{label} határozat – {item}", document=document)
                    )
                page.decisions = decisions
                page.minutes = self.document(
                    f"Jegyzőkönyv – {title}",
                    [
                        f"Készült {words['official']} {words['council']}ének "
                        f"{hungarian_date_on(day)} {hour} órakor kezdődött nyilvános ülésén.",
                        f"Helyszín: {location}.",
                        "Jelen vannak: " + ", ".join(members) + ".",
                        f"{self.mayor} polgármester köszönti a megjelenteket, megállapítja, hogy "
                        "az ülés határozatképes, és javaslatot tesz a napirendre, amelyet a "
                        f"{words['council_lower']} egyhangúlag elfogad.",
                        "Napirend: " + "; ".join(items) + ".",
                        "A napirendi pontokhoz kapcsolódó határozatokat a jegyzőkönyv "
                        "mellékletei tartalmazzák.",
                        "Több napirendi pont nem lévén a polgármester az ülést bezárja.",
                        "Kmf. – polgármester, jegyző",
                    ],
                    f"jegyzokonyv-{day:%Y-%m-%d}",
                )
            pages.append(page)
        self.add(council, pages, "meetings")

    def decrees(self, index):
        today = self.today
        numbers = {}
        drafts = []
        for item in demo_data()["decrees"]:
            spec = item["promulgated"]
            if spec == "budget":
                promulgated = datetime.date(self.words["budget_year"], 2, 13)
            elif spec == "closing":
                promulgated = datetime.date(self.words["closing_year"] + 1, 5, 28)
            else:
                month, day, year = spec
                promulgated = datetime.date(year if year > 1900 else today.year + year, month, day)
            if "in_force" in item:
                month, day, year = item["in_force"]
                in_force = datetime.date(year if year > 1900 else today.year + year, month, day)
            else:
                in_force = promulgated + datetime.timedelta(days=1)
            until = None
            if "until" in item:
                month, day, year = item["until"]
                until = datetime.date(year, month, day)
            drafts.append((promulgated, in_force, until, item))
        drafts.sort(key=lambda draft: draft[0])
        by_key = {}
        for promulgated, in_force, until, item in drafts:
            numbers[promulgated.year] = numbers.get(promulgated.year, 0) + self.rng.randint(1, 4)
            number = numbers[promulgated.year]
            words = {"in_force_year": in_force.year}
            title = self.text(item["title"], **words)
            articles = [self.text(article, **words) for article in item["articles"]]
            citation = official_decree_number(number, promulgated)
            preamble = (
                f"{self.words['official']} {self.words['council']}e az Alaptörvény 32. cikk (2) "
                "bekezdésében kapott felhatalmazás alapján, az Alaptörvény 32. cikk (1) "
                "bekezdés a) pontjában meghatározott feladatkörében eljárva a következőket "
                "rendeli el:"
            )
            document = self.document(
                f"{citation} önkormányzati rendelet – {title}",
                [preamble] + [f"{n}. § {article}" for n, article in enumerate(articles, start=1)],
                f"rendelet-{promulgated.year}-{number}",
            )
            page = DecreePage(
                title=title,
                slug=_slug(f"{number} {promulgated.year} {title}"),
                number=number,
                promulgated_on=promulgated,
                in_force_from=in_force,
                in_force_until=until,
                consolidated_text=f"<p>{preamble}</p>"
                + "".join(
                    f"<p><b>{n}. §</b> {article}</p>" for n, article in enumerate(articles, start=1)
                ),
                document=document,
                first_published_at=_at(promulgated, 12),
            )
            if item.get("amends") in by_key:
                page.amends = [by_key[item["amends"]]]
            # In order, one at a time: a decree that amends another needs it saved first.
            self.add(index, [page], "decrees")
            by_key[item["key"]] = page

    def library(self, library):
        rows = []
        for item in demo_data()["library"]:
            year = {
                "budget": self.words["budget_year"],
                "closing": self.words["closing_year"],
                "current": self.today.year,
                "previous": self.today.year - 1,
            }.get(item["year"], item["year"])
            title = self.text(item["title"], year=year)
            document = self.document(
                title,
                [
                    f"{self.words['official']}",
                    f"{title} ({year})",
                    "A dokumentum a demó honlap számára készült; adatai kitaláltak.",
                ],
                _slug(title),
            )
            rows.append(LibraryDocument(document=document, category=item["category"], year=year))
        library.documents = rows
        self.save(library)

    def office(self, page):
        staff = []
        # Staff have direct lines: the office's number with other last three digits.
        switchboard = self.phone[:-3]
        for item in demo_data()["office_staff"]:
            if (self.municipality.population or 0) < item.get("min_population", 0):
                continue
            name = self.clerk if item["role"] == "jegyző" else self.person(item.get("title", ""))
            local = _ascii(name.removeprefix("dr. ")).replace(" ", ".")
            staff.append(
                OfficeStaff(
                    name=name,
                    role=item["role"],
                    room=item["room"],
                    phone=f"{switchboard}{self.rng.randint(100, 999)}",
                    email=f"{local}@{self.municipality.slug}.localhost",
                )
            )
        page.staff = staff
        page.address = self.full_address
        open_days = set(page.opening_hours.values_list("weekday", flat=True))
        exceptions = []
        for offset in range(1, 61):
            day = self.today + datetime.timedelta(days=offset)
            if day.weekday() not in open_days:
                continue
            if (day.month, day.day) in NATIONAL_HOLIDAYS:
                exceptions.append(
                    OpeningException(
                        date=day, closed=True, note=NATIONAL_HOLIDAYS[day.month, day.day]
                    )
                )
            elif (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day == 1):
                exceptions.append(OpeningException(date=day, closed=True, note="Igazgatási szünet"))
        training = self.today + datetime.timedelta(days=10)
        while training.weekday() not in open_days or any(e.date == training for e in exceptions):
            training += datetime.timedelta(days=1)
        exceptions.append(
            OpeningException(
                date=training,
                closed=False,
                opens=datetime.time(8),
                closes=datetime.time(10),
                note="Belső képzés miatt rövidített ügyfélfogadás",
            )
        )
        page.exceptions = sorted(exceptions, key=lambda row: row.date)
        self.save(page)

    def government(self, page, members):
        """The Önkormányzat page: who leads the municipality, in the section the starter
        content left for its editors to fill in."""
        if not isinstance(page, StandardPage):
            return
        deputy = members[1]
        body = []
        for block in page.body.raw_data:
            if block["type"] == "starter_section":
                body.append(
                    {
                        "type": "starter_section",
                        "value": {
                            "heading": "Polgármester",
                            "text": (
                                f"<p><b>{self.mayor}</b> polgármester</p>"
                                "<p>Fogadóóra: minden hónap első hétfőjén 14 és 16 óra között, "
                                f"előzetes bejelentkezés alapján ({self.phone}).</p>"
                            ),
                        },
                    }
                )
                body.append({"type": "heading", "value": "Alpolgármester"})
                body.append(
                    {"type": "paragraph", "value": f"<p><b>{deputy}</b> alpolgármester</p>"}
                )
            elif block["type"] == "paragraph" and "jegyző vezeti" in block["value"]:
                body.append(
                    {
                        "type": "paragraph",
                        "value": (
                            f"<p>A hivatalt <b>{self.clerk}</b> jegyző vezeti. Az ügyintézők "
                            'elérhetőségét az <a href="/ugyfelfogadas/">Ügyfélfogadás</a> '
                            "oldalon találja.</p>"
                        ),
                    }
                )
            else:
                body.append(dict(block))
        page.body = body
        self.save(page)


def load_demo_site(municipality, today=None):
    """Fill the municipality's website with a year of demo content. Returns what was made
    (a Counter), or None when its site has news already (an earlier run, or its editors)."""
    home = municipality.root_page
    if NewsPage.objects.descendant_of(home).exists():
        return None
    if not NewsIndexPage.objects.child_of(home).exists():
        return None  # not the starter tree: nothing to fill in
    site = _DemoSite(municipality, today or timezone.localdate())
    with transaction.atomic(), _indexed_at_the_end():
        site.build()
        transaction.on_commit(lambda: invalidate_site(municipality.site_id))
    return site.made


@contextmanager
def _indexed_at_the_end():
    """Switch off the search and reference indexing of every save, as sites.starter_tree's
    bulk_indexing does for pages, for the images and documents too: indexing them one by
    one made the loader spend most of its time re-reading the search index. build() indexes
    what it made at its end."""
    models = [*get_page_models(), get_image_model(), get_document_model()]
    connected = [
        model for model in models if post_save.disconnect(search_index_on_save, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in connected:
            post_save.connect(search_index_on_save, sender=model)
