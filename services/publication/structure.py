"""The statutory structure of the general publication list, read from data with its legal
source (``settings.PUBLICATION_LIST_DATA``, default ``data/publication/general_list.json``;
see data/publication/README.md for what was checked against the act and what was not).

The sections and items are the law's, not the municipality's: a page fills them in, it
cannot add, drop or rename one. Whether an item is overdue is decided here and only here
(:func:`item_status`)."""

import datetime
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Frequency:
    key: str
    label: str
    review_days: int
    review_status: str
    review_note: str


@dataclass(frozen=True)
class Item:
    code: str
    title: str
    frequency: Frequency
    retention: str
    status: str  # "confirmed", "secondary" or "unconfirmed" against the act's text
    # Where the item was read: ({"url": …, "covers": what was seen there}, …).
    sources: tuple = ()


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    items: tuple


@dataclass(frozen=True)
class Structure:
    title: str
    legal_source: str
    sections: tuple

    def items(self):
        return [item for section in self.sections for item in section.items]

    def item(self, code):
        return next((item for item in self.items() if item.code == code), None)

    def choices(self):
        return [(item.code, f"{item.code} {item.title[:90]}") for item in self.items()]


class StructureError(ValueError):
    pass


def parse(data):
    frequencies = {}
    for key, value in data["frequencies"].items():
        days = value.get("review_days")
        if not isinstance(days, int) or days <= 0:
            raise StructureError(f"frequency {key}: review_days must be a positive integer")
        frequencies[key] = Frequency(
            key, value["label"], days, value.get("review_status", ""), value.get("review_note", "")
        )
    retentions = data["retentions"]
    sections, seen = [], set()
    for section in data["sections"]:
        items = []
        for item in section["items"]:
            code = item["code"]
            if code in seen or not code.startswith(section["code"] + "."):
                raise StructureError(f"item {code}: repeated or outside section {section['code']}")
            if item["frequency"] not in frequencies or item["retention"] not in retentions:
                raise StructureError(f"item {code}: unknown frequency or retention")
            if item.get("status") not in ("confirmed", "secondary", "unconfirmed"):
                raise StructureError(f"item {code}: status must say what was checked")
            sources = item.get("sources", [])
            if any(not str(source.get("url", "")).startswith("http") for source in sources):
                raise StructureError(f"item {code}: every source needs its address")
            if item["status"] != "unconfirmed" and not sources:
                # A checked item says where it was checked; otherwise it is unconfirmed.
                raise StructureError(f"item {code}: a checked item needs its sources")
            seen.add(code)
            items.append(
                Item(
                    code,
                    item["title"],
                    frequencies[item["frequency"]],
                    retentions[item["retention"]],
                    item["status"],
                    tuple(dict(source) for source in sources),
                )
            )
        sections.append(Section(section["code"], section["title"], tuple(items)))
    return Structure(data["title"], data["legal_source"], tuple(sections))


@lru_cache(maxsize=4)
def _load(path):
    return parse(json.loads(Path(path).read_text(encoding="utf-8")))


def general_list():
    return _load(str(settings.PUBLICATION_LIST_DATA))


# What an item of a page is, as the admin and the public page show it.
MISSING = "missing"
NOT_APPLICABLE = "not_applicable"
CURRENT = "current"
OVERDUE = "overdue"


def review_due(item, last_updated):
    """The day after which an item last updated on ``last_updated`` is overdue."""
    return last_updated + datetime.timedelta(days=item.frequency.review_days)


def item_status(item, entry, today):
    """``entry``: the page's entry for the item (or None). Missing content counts as
    missing, an entry without a date or past its review day as overdue."""
    if entry is None:
        return MISSING
    if entry.not_applicable:
        return NOT_APPLICABLE
    if not entry.has_content():
        return MISSING
    if entry.last_updated is None or today > review_due(item, entry.last_updated):
        return OVERDUE
    return CURRENT
