"""The demo site's office and government: the customer service page with its staff and
holidays, and the Önkormányzat page with the mayor and the notary. Methods of the demo
site builder (``_DemoSite``)."""

import datetime

from ..models import (
    OfficeStaff,
    OpeningException,
    StandardPage,
)
from .words import (
    NATIONAL_HOLIDAYS,
    _ascii,
    demo_data,
)


class OfficeSections:
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
