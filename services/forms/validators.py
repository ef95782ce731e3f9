"""Validators of the Hungarian identifiers that forms ask for.

The check-digit rules are public:

* adóazonosító jel (tax identification number of a person): 10 digits, the first is 8;
  the 10th is the sum of the first nine, each multiplied by its position (1–9), modulo 11
  (a remainder of 10 is never issued).
* adószám (tax number of an organisation): ``NNNNNNNC-V-KK``; the 8th digit checks the first
  seven with the weights 9, 7, 3, 1, 9, 7, 3 (the sum plus the check digit ends in 0); V is
  the VAT status (1–5); KK the tax office code (02–20, 22–44, 51).
* bank accounts: GIRO from :mod:`sites.validators` (one rule for the whole platform); an IBAN
  is ``HU`` + 2 check digits (ISO 13616, mod 97) + a 3×8 GIRO account.
* company registration number (cégjegyzékszám): ``BB-CC-NNNNNN``: court 01–20, company form,
  serial number; it has no check digit, so only its shape is checked.

Each ``normalise_*`` returns the value in its canonical written form or raises
``ValidationError`` with a message that says what to fix."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sites import normalise
from sites.validators import iban_check_digits_match, normalise_giro_account, validate_postal_code

__all__ = [
    "normalise_company_registration_number",
    "normalise_giro_account",
    "normalise_iban",
    "normalise_parcel_number",
    "normalise_phone",
    "normalise_tax_id",
    "normalise_tax_number",
    "validate_postal_code",
]

TAX_NUMBER_WEIGHTS = (9, 7, 3, 1, 9, 7, 3)
TAX_OFFICE_CODES = frozenset(
    [f"{n:02d}" for n in range(2, 21)] + [f"{n:02d}" for n in range(22, 45)] + ["51"]
)


def _structured(value):
    # Fullwidth, Arabic-Indic or superscript digits become ASCII before any check.
    return normalise.structured(str(value or ""))


def _strip(value, remove=r"[\s\-./]"):
    return re.sub(remove, "", _structured(value))


def tax_id_check_digit(first_nine):
    """The 10th digit of an adóazonosító jel, or None where the number cannot be issued."""
    remainder = sum(int(d) * position for position, d in enumerate(first_nine, start=1)) % 11
    return None if remainder == 10 else remainder


def normalise_tax_id(value):
    digits = _strip(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        raise ValidationError(
            _("A tax identification number (adóazonosító jel) has exactly 10 digits."),
            code="tax_id_format",
        )
    if digits[0] != "8":
        raise ValidationError(
            _("A tax identification number of a person starts with 8."), code="tax_id_prefix"
        )
    if tax_id_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            _(
                "The tax identification number is mistyped: its last digit does not match. "
                "Copy it from your tax card."
            ),
            code="tax_id_checksum",
        )
    return digits


def tax_number_check_digit(first_seven):
    total = sum(int(d) * w for d, w in zip(first_seven, TAX_NUMBER_WEIGHTS, strict=True))
    return (10 - total % 10) % 10


def normalise_tax_number(value):
    digits = _strip(value)
    if not re.fullmatch(r"[0-9]{11}", digits):
        raise ValidationError(
            _("Write the tax number (adószám) as 8+1+2 digits, e.g. 12345676-2-41."),
            code="tax_number_format",
        )
    if tax_number_check_digit(digits[:7]) != int(digits[7]):
        raise ValidationError(
            _("The tax number is mistyped: its 8th digit does not match the first seven."),
            code="tax_number_checksum",
        )
    if digits[8] not in "12345":
        raise ValidationError(
            _("The 9th digit of a tax number (VAT status) is 1, 2, 3, 4 or 5."),
            code="tax_number_vat",
        )
    if digits[9:] not in TAX_OFFICE_CODES:
        raise ValidationError(
            _("The last two digits of the tax number are not a tax office code."),
            code="tax_number_office",
        )
    return f"{digits[:8]}-{digits[8]}-{digits[9:]}"


def normalise_company_registration_number(value):
    digits = _strip(value, r"[\s\-.]")
    if re.fullmatch(r"cg", digits[:2], flags=re.IGNORECASE):
        digits = digits[2:]
    match = re.fullmatch(r"([0-9]{2})([0-9]{2})([0-9]{6})", digits)
    if not match or not 1 <= int(match[1]) <= 20 or match[2] == "00":
        raise ValidationError(
            _(
                "Write the company registration number as court-form-serial, "
                "e.g. 01-09-123456 (court 01–20)."
            ),
            code="company_registration_format",
        )
    return "-".join(match.groups())


def normalise_iban(value):
    # Spaces, hyphens or GIRO-style groups: HU96 94468441-94843213-27386541 is one IBAN.
    compact = re.sub(r"[\s\-]", "", _structured(value)).upper()
    if not re.fullmatch(r"HU[0-9]{26}", compact):
        raise ValidationError(
            _("A Hungarian IBAN is HU, 2 check digits and 24 digits (28 characters)."),
            code="iban_format",
        )
    if not iban_check_digits_match(compact):
        raise ValidationError(
            _("The IBAN is mistyped: its check digits do not match."), code="iban_checksum"
        )
    normalise_giro_account(compact[4:])
    return " ".join(compact[i : i + 4] for i in range(0, 28, 4))


# 1234, 1234/5, 0123/4 (outskirts), 1234/5/A/12 (a flat in a condominium).
PARCEL_RE = re.compile(r"0?[0-9]{1,6}(/[0-9]{1,5})?(/[A-Z](/[0-9]{1,4})?)?")


def normalise_parcel_number(value):
    compact = re.sub(r"\s", "", _structured(value)).upper()
    if not PARCEL_RE.fullmatch(compact) or compact.strip("0/") == "":
        raise ValidationError(
            _("Write the land registry parcel number as e.g. 1234, 1234/5 or 1234/5/A/12."),
            code="parcel_format",
        )
    return compact


def normalise_phone(value):
    compact = re.sub(r"[\s\-()/]", "", _structured(value))
    if compact.startswith("06"):
        compact = "+36" + compact[2:]
    if re.fullmatch(r"\+36[0-9]{8,9}", compact) or re.fullmatch(r"\+(?!36)[0-9]{7,14}", compact):
        return compact
    raise ValidationError(
        _("Write the phone number with its area code, e.g. +36 30 123 4567 or 06 1 234 5678."),
        code="phone_format",
    )


is_unstorable_text = normalise.has_unstorable
