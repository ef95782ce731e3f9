"""The identifiers' check-digit rules, and that every rejection says in Hungarian what to fix."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from services.forms import validators


def message(function, value):
    with translation.override("hu"), pytest.raises(ValidationError) as error:
        function(value)
    return " ".join(error.value.messages)


@pytest.mark.parametrize("value", ["8365670003", "8422780135", " 8365670003 "])
def test_valid_tax_ids(value):
    assert validators.normalise_tax_id(value) == value.strip()


def test_tax_id_rejected_with_hungarian_message():
    # given a real number with its last digit mistyped
    text = message(validators.normalise_tax_id, "8365670004")
    assert "az utolsó számjegye nem egyezik" in text
    assert "Copy" not in text  # translated, not the English source
    assert "8-as számjeggyel kezdődik" in message(validators.normalise_tax_id, "7365670003")
    assert "pontosan 10 számjegyből áll" in message(validators.normalise_tax_id, "12345")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12345676-1-31", "12345676-1-31"), ("24225221243", "24225221-2-43"), ("10773382-2-44", None)],
)
def test_tax_numbers(value, expected):
    if expected is None:
        with pytest.raises(ValidationError):
            validators.normalise_tax_number(value)
    else:
        assert validators.normalise_tax_number(value) == expected


def test_tax_number_errors_in_hungarian():
    assert "a 8. számjegye nem egyezik" in message(validators.normalise_tax_number, "12345675-1-31")
    assert "9. számjegye (ÁFA-kód)" in message(validators.normalise_tax_number, "12345676-7-31")
    assert "nem érvényes adóhivatali" in message(validators.normalise_tax_number, "12345676-1-99")


def test_company_registration_numbers():
    assert validators.normalise_company_registration_number("Cg. 01-09-123456") == "01-09-123456"
    assert validators.normalise_company_registration_number("10 09 123456") == "10-09-123456"
    for wrong in ("21-09-123456", "01-00-123456", "01-09-12345", "abc"):
        with pytest.raises(ValidationError):
            validators.normalise_company_registration_number(wrong)


def test_iban_checks_mod97_and_the_giro_inside():
    valid = "HU42117730161111101800000000"
    assert validators.normalise_iban(valid) == "HU42 1177 3016 1111 1018 0000 0000"
    assert validators.normalise_iban(valid.lower()[:2].upper() + valid[2:]).startswith("HU42")
    assert "IBAN" in message(validators.normalise_iban, "HU43117730161111101800000000")
    assert "28" in message(validators.normalise_iban, "DE42117730161111101800000000")


def test_giro_is_the_platform_rule():
    assert validators.normalise_giro_account("11773016-11111018") == "11773016-11111018"
    assert "ellenőrző" in message(validators.normalise_giro_account, "11773016-11111019")


@pytest.mark.parametrize("value", ["1234", "1234/5", "0123/4", "1234/5/A/12", "56/A"])
def test_parcel_numbers(value):
    assert validators.normalise_parcel_number(value) == value.upper()


@pytest.mark.parametrize("value", ["", "/5", "abc", "1234//5", "0", "12345678"])
def test_bad_parcel_numbers(value):
    with pytest.raises(ValidationError):
        validators.normalise_parcel_number(value)


def test_phone_numbers():
    assert validators.normalise_phone("06 30 123 4567") == "+36301234567"
    assert validators.normalise_phone("+36 (1) 234-5678") == "+3612345678"
    assert validators.normalise_phone("+43 1 234567") == "+431234567"
    assert "+36" in message(validators.normalise_phone, "123")


@pytest.mark.parametrize(
    ("function", "typed", "stored"),
    [
        (validators.normalise_tax_id, "８３６５６７０００３", "8365670003"),
        (validators.normalise_tax_id, "٨٣٦٥٦٧٠٠٠٣", "8365670003"),
        (validators.normalise_tax_number, "１２３４５６７６－１－３１", "12345676-1-31"),
        (validators.normalise_tax_number, "12345676\u20111\u201131", "12345676-1-31"),
        (validators.normalise_company_registration_number, "０１-09-123456", "01-09-123456"),
        (validators.normalise_parcel_number, "۱۲۳۴/５", "1234/5"),
        (validators.normalise_phone, "06 30 １２３ ４５６７", "+36301234567"),
        (validators.normalise_iban, "HU42 11773016-11111018-00000000", None),
        (
            validators.normalise_iban,
            "ＨＵ４２１１７７３０１６１１１１１０１８００００００００",
            None,
        ),
        (validators.normalise_iban, "HU96 94468441-94843213-27386541", None),
    ],
)
def test_identifiers_typed_in_other_scripts_are_stored_in_ascii(function, typed, stored):
    value = function(typed)
    assert value.isascii()
    if stored is not None:
        assert value == stored


@pytest.mark.parametrize(
    "function",
    [
        validators.normalise_tax_id,
        validators.normalise_tax_number,
        validators.normalise_company_registration_number,
        validators.normalise_iban,
        validators.normalise_parcel_number,
        validators.normalise_phone,
    ],
)
@pytest.mark.parametrize("typed", ["8365670003\x00", "83656700\ud8003", "x²³¹", "٣" * 40])
def test_identifiers_refuse_with_a_message_never_an_exception(function, typed):
    with translation.override("hu"), pytest.raises(ValidationError) as error:
        function(typed)
    assert error.value.messages[0]
