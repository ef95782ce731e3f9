import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sites.validators import (
    normalise_giro_account,
    validate_ksh_code,
    validate_postal_code,
)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("11773016-11111018", "11773016-11111018"),
        ("11773016 11111018", "11773016-11111018"),
        ("1177301611111018", "11773016-11111018"),
        ("11773016-11111018-00000000", "11773016-11111018-00000000"),
        # 3×8: the account's check digit is the 24th, over digits 9 to 24.
        ("11773016-10000000-00000018", "11773016-10000000-00000018"),
        # A Hungarian IBAN, as a bank statement prints it, is the same account.
        ("HU42117730161111101800000000", "11773016-11111018-00000000"),
        ("HU96 94468441-94843213-27386541", "94468441-94843213-27386541"),
        # Digits of any script, as typed or pasted (sites.normalise).
        ("１１７７３０１６－１１１１１０１８", "11773016-11111018"),
        ("١١٧٧٣٠١٦-١١١١١٠١٨", "11773016-11111018"),
        ("11773016\u00a011111018", "11773016-11111018"),
    ],
)
def test_valid_giro_accounts_are_normalised(raw, normalised):
    assert normalise_giro_account(raw) == normalised


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("11773017-11111018", "giro_checksum"),  # bank block check digit wrong
        ("11773016-11111019", "giro_checksum"),  # account check digit wrong
        ("11773016-11111018-00000001", "giro_checksum"),
        ("11773016-1111101", "giro_format"),
        ("11773016-11111018-000", "giro_format"),
        ("HU43117730161111101800000000", "iban_checksum"),
        ("DE42117730161111101800000000", "giro_format"),
        ("", "giro_format"),
        ("11773016-1111101\u0661\u0662", "giro_format"),  # 18 digits
        ("11773016-11111018\x00", "unstorable"),
        ("11773016-\ud80011111018", "unstorable"),
    ],
)
def test_invalid_giro_accounts_are_refused(raw, code):
    with pytest.raises(ValidationError) as error:
        normalise_giro_account(raw)
    assert error.value.code == code


def test_a_superscript_digit_gives_a_message_not_an_exception():
    # "²".isdigit() is true but int("²") fails: the account is read after NFKC instead.
    with pytest.raises(ValidationError) as error:
        normalise_giro_account("11773016-1111101²")
    assert error.value.code == "giro_checksum"


def test_giro_error_is_in_hungarian():
    with translation.override("hu"), pytest.raises(ValidationError) as error:
        normalise_giro_account("11773017-11111018")
    assert "ellenőrző" in error.value.messages[0]


@pytest.mark.parametrize("value", ["1234", "123456", "1234a", ""])
def test_ksh_code_needs_five_digits(value):
    with pytest.raises(ValidationError):
        validate_ksh_code(value)


def test_ksh_code_keeps_leading_zero():
    validate_ksh_code("03522")


@pytest.mark.parametrize("value", ["0123", "123", "12345", "12a4"])
def test_postal_code_is_four_digits_not_starting_with_zero(value):
    with pytest.raises(ValidationError):
        validate_postal_code(value)


def test_giro_check_digit_completes_a_block_and_the_iban_matches():
    from services.forms.validators import normalise_iban
    from sites.validators import giro_check_digit, iban_for_giro

    # 11773016-11111018 (a published OTP account): both check digits recomputed.
    assert giro_check_digit("1177301") == "6"
    assert giro_check_digit("1111101") == "8"
    branch, account = "1003500", "123456789012345"
    giro = normalise_giro_account(
        branch + giro_check_digit(branch) + account + giro_check_digit(account)
    )
    iban = iban_for_giro(giro)
    assert normalise_iban(iban) == iban and iban.replace(" ", "")[4:] == giro.replace("-", "")
    # A changed digit fails the check the digit was computed for.
    with pytest.raises(ValidationError):
        normalise_giro_account(giro.replace("1003500", "1003501", 1))
