"""Validators for Hungarian identifiers that a municipality record carries.

The check-digit rules are public (MNB decree on payment services for GIRO accounts)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import normalise

GIRO_WEIGHTS = (9, 7, 3, 1)


def _giro_block_is_valid(digits):
    # The check digit is the last one of the block: the weighted sum must end in 0.
    total = sum(int(d) * GIRO_WEIGHTS[i % 4] for i, d in enumerate(digits))
    return total % 10 == 0


def iban_check_digits_match(compact):
    """ISO 13616 (mod 97) on an IBAN without spaces, e.g. ``HU42117730161111101800000000``."""
    rearranged = compact[4:] + compact[:4]
    numeric = "".join(str(int(char, 36)) for char in rearranged)
    return int(numeric) % 97 == 1


def normalise_giro_account(value):
    """Return the account as ``12345678-12345678[-12345678]``, or raise ValidationError.

    Typed digits of any script count (sites.normalise); a Hungarian IBAN is taken too, its
    check digits checked, since a bank statement prints the account that way."""
    digits = re.sub(r"[\s-]", "", normalise.structured(str(value or ""))).upper()
    if re.fullmatch(r"HU[0-9]{26}", digits):
        if not iban_check_digits_match(digits):
            raise ValidationError(
                _("The IBAN is mistyped: its check digits do not match."), code="iban_checksum"
            )
        digits = digits[4:]
    if not re.fullmatch(r"[0-9]+", digits) or len(digits) not in (16, 24):
        raise ValidationError(
            _("A bank account number has 2×8 or 3×8 digits, e.g. 11773016-11111018."),
            code="giro_format",
        )
    # First block: bank and branch code with its check digit. The rest (8 or 16 digits)
    # is the account number, checked as one run.
    if not _giro_block_is_valid(digits[:8]) or not _giro_block_is_valid(digits[8:]):
        raise ValidationError(
            _("The bank account number is mistyped: its check digits do not match."),
            code="giro_checksum",
        )
    return "-".join(digits[i : i + 8] for i in range(0, len(digits), 8))


def validate_giro_account(value):
    normalise_giro_account(value)


def validate_ksh_code(value):
    if not re.fullmatch(r"[0-9]{5}", value or ""):
        raise ValidationError(_("The KSH settlement code has exactly 5 digits."), code="ksh_format")


def validate_postal_code(value):
    # Hungarian postal codes are four digits and never start with 0.
    if not re.fullmatch(r"[1-9][0-9]{3}", value or ""):
        raise ValidationError(
            _("A Hungarian postal code has 4 digits, e.g. 6720."), code="postal_code_format"
        )


def giro_check_digit(digits):
    """The check digit that completes ``digits`` (7 or 15 of them) into a GIRO block: the
    weighted sum of the whole block ends in 0 (the check digit's weight is 1)."""
    total = sum(int(d) * GIRO_WEIGHTS[i % 4] for i, d in enumerate(digits))
    return str((10 - total % 10) % 10)


def iban_for_giro(giro):
    """The Hungarian IBAN of a GIRO account, ``HUkk`` + its 24 digits, in groups of four."""
    digits = re.sub(r"\D", "", giro).ljust(24, "0")
    # ISO 13616: the check digits make the number (account, "HU" as 1730, "00") ≡ 1 mod 97.
    check = 98 - int(digits + "173000") % 97
    compact = f"HU{check:02d}{digits}"
    return " ".join(compact[i : i + 4] for i in range(0, 28, 4))
