"""The parts of a demo site, each filling one section of the starter tree: news, events,
the council and its meetings, decrees, the document library, the office, the government
page. Methods of the demo site builder (``_DemoSite``)."""

import datetime
from collections import Counter

from django.utils.html import strip_tags

from ..constants import LegalStatus
from ..models import (
    CouncilCommittee,
    CouncilMember,
    DecreePage,
    EventPage,
    LibraryDocument,
    MeetingDocument,
    MeetingPage,
    NewsPage,
)
from ..models.pages.decrees import ROMAN_MONTHS, official_decree_number
from .office import OfficeSections
from .words import (
    SIZES,
    _at,
    _meeting_day,
    _most_recent,
    _nearest,
    _slug,
    council_size,
    demo_data,
    hungarian_date,
    hungarian_date_on,
)


class Sections(OfficeSections):
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
