"""The statutory structure kept as data, and when an item is overdue."""

import datetime
import json

import pytest
from django.conf import settings

from services.publication import structure
from services.publication.models import PublicationEntry


def _data():
    return json.loads(settings.PUBLICATION_LIST_DATA.read_text(encoding="utf-8"))


def test_the_list_has_the_acts_three_sections_in_order():
    sections = structure.general_list().sections

    assert [(s.code, s.title) for s in sections] == [
        ("I", "Szervezeti, személyzeti adatok"),
        ("II", "Tevékenységre, működésre vonatkozó adatok"),
        ("III", "Gazdálkodási adatok"),
    ]


def test_the_structure_is_exactly_the_data_with_its_source_and_checked_status():
    data = _data()
    parsed = structure.general_list()

    assert "2011. évi CXII. törvény" in parsed.legal_source
    assert [item.code for item in parsed.items()] == [
        item["code"] for section in data["sections"] for item in section["items"]
    ]
    for item, raw in zip(
        parsed.items(), [i for s in data["sections"] for i in s["items"]], strict=True
    ):
        assert item.title == raw["title"]
        assert item.frequency.label == data["frequencies"][raw["frequency"]]["label"]
        assert item.retention == data["retentions"][raw["retention"]]
        assert item.status in {"confirmed", "secondary", "unconfirmed"}
        assert [source["url"] for source in item.sources] == [
            source["url"] for source in raw["sources"]
        ]
        if item.status != "unconfirmed":
            assert item.sources and all(s["url"].startswith("http") for s in item.sources)
    # numbered 1, 2, 3… within each section, as the act numbers them
    for section in parsed.sections:
        assert [item.code for item in section.items] == [
            f"{section.code}.{n}" for n in range(1, len(section.items) + 1)
        ]


def test_the_act_s_update_rules_are_there_as_written():
    labels = {item.frequency.label for item in structure.general_list().items()}
    retentions = {item.retention for item in structure.general_list().items()}

    assert {"A változásokat követően azonnal", "Negyedévente"} <= labels
    assert {
        "Az előző állapot törlendő",
        "Az előző állapot 1 évig archívumban tartandó",
    } <= retentions


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda d: d["sections"][0]["items"].append(dict(d["sections"][0]["items"][0])),
            "repeated",
        ),
        (lambda d: d["sections"][0]["items"][0].update(frequency="hetente"), "unknown"),
        (lambda d: d["sections"][0]["items"][0].update(status=""), "checked"),
        (lambda d: d["frequencies"]["quarterly"].update(review_days=0), "positive"),
        (lambda d: d["sections"][0]["items"][0].update(sources=[]), "sources"),
        (
            lambda d: d["sections"][0]["items"][0].update(sources=[{"url": "", "covers": ""}]),
            "address",
        ),
    ],
)
def test_a_broken_data_file_is_refused(change, message):
    data = _data()
    change(data)

    with pytest.raises(structure.StructureError, match=message):
        structure.parse(data)


def test_the_sections_items_where_the_act_was_read_on_its_reproductions():
    """What was read on the municipal pages reproducing the act's table (README): section I
    has 11 items, section II starts with the act's II.1–II.4 (II.3 the municipality's
    voluntary tasks, II.4 the authority cases). Nothing is marked confirmed against the
    act's own text, which was not found."""
    parsed = structure.general_list()
    first, second, _third = parsed.sections

    assert len(first.items) == 11
    assert "önként vállalt feladatai" in parsed.item("II.3").title
    assert parsed.item("II.4").title.startswith("Hatósági ügyekben")
    assert "angol nyelven" in parsed.item("II.2").title
    assert "közérdekű adatok megismerésére" in parsed.item("II.13").title
    assert [i.code for i in first.items if i.status == "secondary"] == [
        "I.1",
        "I.2",
        "I.3",
        "I.4",
        "I.5",
        "I.6",
        "I.7",
        "I.8",
        "I.11",
    ]
    assert {item.status for item in parsed.items()} == {"secondary", "unconfirmed"}
    for code in ("I.8", "I.11"):
        assert parsed.item(code).frequency.label == "A változásokat követően azonnal"
        assert parsed.item(code).retention == "Az előző állapot 1 évig archívumban tartandó"


def _item(code):
    return structure.general_list().item(code)


@pytest.mark.parametrize(
    "code, age, expected",
    [
        ("III.2", 92, structure.CURRENT),  # quarterly: the last day of the interval is on time
        ("III.2", 93, structure.OVERDUE),
        ("I.1", 365, structure.CURRENT),  # "immediately after changes": reviewed yearly
        ("I.1", 366, structure.OVERDUE),
    ],
)
def test_an_item_is_overdue_after_its_review_interval(code, age, expected):
    today = datetime.date(2026, 12, 1)
    entry = PublicationEntry(
        item_code=code, kind="text", text="x", last_updated=today - datetime.timedelta(days=age)
    )

    assert structure.item_status(_item(code), entry, today) == expected


def test_missing_content_not_applying_and_no_date():
    today = datetime.date(2026, 12, 1)
    item = _item("I.1")

    assert structure.item_status(item, None, today) == structure.MISSING
    assert (
        structure.item_status(item, PublicationEntry(kind="link", url=""), today)
        == structure.MISSING
    )
    assert (
        structure.item_status(item, PublicationEntry(not_applicable=True), today)
        == structure.NOT_APPLICABLE
    )
    undated = PublicationEntry(kind="text", text="x", last_updated=None)
    assert structure.item_status(item, undated, today) == structure.OVERDUE
