"""The one place where typed input becomes stored input (sites/normalise.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sites import normalise


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("１２３", "123"),  # fullwidth
        ("٣٤٥", "345"),  # Arabic-Indic
        ("۳۴۵", "345"),  # extended Arabic-Indic (Persian)
        ("४२", "42"),  # Devanagari
        ("10²", "102"),  # superscript, after NFKC
        ("1\u00a0234\u202f567", "1 234 567"),  # no-break and narrow no-break spaces
        ("12\u221234", "12-34"),  # minus sign as hyphen
        ("a＠b.hu", "a@b.hu"),
        ("  6720\t", "6720"),
    ],
)
def test_structured_answers_are_nfkc_with_ascii_digits(typed, stored):
    assert normalise.structured(typed) == stored


def test_free_text_is_nfc_and_keeps_what_was_written():
    assert normalise.text(" Sza\u0301z m²  ") == "Száz m²"


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b", "\udfff"])
@pytest.mark.parametrize("function", [normalise.text, normalise.structured])
def test_nul_and_lone_surrogates_are_refused_with_a_message(function, bad):
    with pytest.raises(ValidationError) as raised:
        function(bad)
    assert raised.value.code == "unstorable"
    assert "nem tárolható" in raised.value.messages[0]


def test_strip_unstorable_keeps_everything_else_and_says_where():
    data = {"name": "Kiss\x00 Anna", "rows": [{"x": "a\ud800b"}], "ok": "jó", "n": 3}
    cleaned, found = normalise.strip_unstorable(data)
    assert cleaned == {"name": "Kiss Anna", "rows": [{"x": "ab"}], "ok": "jó", "n": 3}
    assert found == {"name", "rows"}


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1,5", Decimal("1.5")),
        ("1.5", Decimal("1.5")),
        ("3000.00", Decimal("3000")),
        ("3000,00", Decimal("3000")),
        ("12 500", Decimal("12500")),
        ("12\u00a0500", Decimal("12500")),
        ("12\u202f500,75", Decimal("12500.75")),
        ("1.500.000", Decimal("1500000")),
        ("1.500,50", Decimal("1500.50")),
        ("1,500.50", Decimal("1500.50")),
        ("1,500,000", Decimal("1500000")),
        ("0.500", Decimal("0.5")),
        ("1234.567", Decimal("1234.567")),
        ("-2,5", Decimal("-2.5")),
        ("\u22122,5", Decimal("-2.5")),
        ("１２,５", Decimal("12.5")),
        ("٣٫٥".replace("٫", ","), Decimal("3.5")),
        (7, Decimal(7)),
    ],
)
def test_decimals_are_read_the_hungarian_way(typed, value):
    assert normalise.parse_decimal(typed) == value


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "1,",
        ",5",
        "12 34",
        "1 2345",
        "1.2.3",
        "1.500 000",
        "1,5,0.0",
        "abc",
        "1e5",
        "1_000",
        "--1",
        "1" * 50,
        True,
        None,
        [1],
        "10.000",
        "1.500",
    ],
)
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValidationError):
        normalise.parse_decimal(typed)


def test_a_point_and_three_digits_is_asked_about_but_not_in_forints():
    with pytest.raises(ValidationError) as raised:
        normalise.parse_decimal("10.000")
    assert raised.value.code == "number_ambiguous"
    assert normalise.parse_decimal("10.000 Ft", currency=True) == 10000
    assert normalise.parse_whole("3000.00 Ft", currency=True) == 3000
    assert normalise.parse_whole("HUF 12 500", currency=True) == 12500


@pytest.mark.parametrize(("typed", "value"), [("15", 15), ("3000,00", 3000), ("1 000", 1000)])
def test_whole_numbers(typed, value):
    assert normalise.parse_whole(typed) == value


@pytest.mark.parametrize("typed", ["1.5", "1,5", "3000.50 Ft"])
def test_a_fraction_is_refused_where_a_whole_number_is_required(typed):
    with pytest.raises(ValidationError) as raised:
        normalise.parse_whole(typed, currency=True)
    assert raised.value.code == "not_whole"


@pytest.mark.parametrize(
    ("posted", "index"),
    [
        ("0", 0),
        ("12", 12),
        ("²", None),
        ("٣", None),
        ("１", None),
        ("-1", None),
        ("", None),
        (3, None),
    ],
)
def test_indexes_are_ascii_digits_only(posted, index):
    assert normalise.parse_index(posted) == index
