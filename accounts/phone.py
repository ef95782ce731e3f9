"""Phone numbers as citizens type them, stored as E.164 (+36301234567).

Hungarians write the same mobile number as "06 30 123 4567", "06-30/123-4567",
"+36 30 1234567" or "0036301234567"; all of them are one account. Codes go by SMS, so a
Hungarian number must be a mobile one; a foreign number is taken in international form."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sites import normalise
from sites.hungarian import format_phone

# Hungarian mobile network prefixes (after +36): 20 Yettel, 30 Telekom, 31 and 50 and 70
# One/Vodafone and MVNOs. Each is followed by seven digits.
MOBILE_PREFIXES = ("20", "30", "31", "50", "70")
_SEPARATORS = re.compile(r"[\s\-/().]")


def normalise_phone(value):
    """The E.164 form of a phone number; ValidationError (in Hungarian) if it is not one."""
    raw = _SEPARATORS.sub("", normalise.structured(str(value or "")))
    if not raw:
        raise ValidationError(_("Enter your mobile phone number."), code="required")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    elif raw.startswith("06"):
        raw = "+36" + raw[2:]
    elif not raw.startswith("+") and raw[:2] in MOBILE_PREFIXES and len(raw) == 9:
        raw = "+36" + raw
    if not re.fullmatch(r"\+[0-9]{8,15}", raw):
        raise ValidationError(
            _(
                "This is not a phone number we can send a code to. Write it like "
                "06 30 123 4567 or +36 30 123 4567."
            ),
            code="invalid_phone",
        )
    if raw.startswith("+36"):
        national = raw[3:]
        if national[:2] not in MOBILE_PREFIXES or len(national) != 9:
            raise ValidationError(
                _(
                    "We can only send a code to a Hungarian mobile number (starting with "
                    "06 20, 06 30, 06 31, 06 50 or 06 70, followed by seven digits)."
                ),
                code="not_mobile",
            )
    return raw


def display_phone(number):
    """+36301234567 -> +36 30 123 4567, the way Hungarians read a number."""
    return format_phone(number)


class PhoneNumberField(forms.CharField):
    """allauth's phone field, for Hungarian writing habits (see ``normalise_phone``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Mobile phone number"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", _("For example 06 30 123 4567 or +36 30 123 4567."))
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        return normalise_phone(value)
