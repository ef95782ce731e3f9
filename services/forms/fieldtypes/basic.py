"""Text, numbers, money, dates and e-mail addresses."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sites import normalise
from sites.hungarian import format_money

from .base import MAX_INT, MAX_MONEY, MAX_TEXT, FieldType, _as_structured, _as_text, register


@register("text")
class TextField(FieldType):
    label = _("Short text")
    option_types = {"max_length": int, "min_length": int, "placeholder": str}
    default_max = 200

    def clean_value(self, raw, options, context):
        text = _as_text(raw)
        max_length = min(options.get("max_length") or self.default_max, MAX_TEXT)
        if len(text) > max_length:
            raise ValidationError(
                _("Write at most %(max)d characters (now %(length)d).")
                % {"max": max_length, "length": len(text)},
                code="max_length",
            )
        if len(text) < (options.get("min_length") or 0):
            raise ValidationError(
                _("Write at least %(min)d characters.") % {"min": options["min_length"]},
                code="min_length",
            )
        return text


@register("textarea")
class TextareaField(TextField):
    label = _("Long text")
    template_name = "forms/fields/textarea.html"
    default_max = 5000


def _parse_integer(raw, message, fraction_message, *, currency=False):
    # A fraction is refused, not dropped: "1.5" is never 15, "3000.00 Ft" never 300000.
    try:
        return normalise.parse_whole(raw, currency=currency)
    except normalise.NumberFormatError as error:
        if error.code == "number_format":
            raise ValidationError(message, code="integer") from None
        if error.code == "not_whole":
            raise ValidationError(fraction_message, code="not_whole") from None
        raise


class NumberBase(FieldType):
    option_types = {"min": int, "max": int, "unit": str}
    input_type = "text"
    limit = MAX_INT
    currency = False
    message = _("Write a whole number, e.g. 12.")
    fraction_message = _("Write a whole number here, without a fraction, e.g. 12.")

    def clean_value(self, raw, options, context):
        number = _parse_integer(raw, self.message, self.fraction_message, currency=self.currency)
        low = options.get("min", -self.limit)
        high = min(options.get("max", self.limit), self.limit)
        if number < low:
            raise ValidationError(
                _("The smallest value allowed is %(min)s.") % {"min": low}, code="min"
            )
        if number > high:
            raise ValidationError(
                _("The largest value allowed is %(max)s.") % {"max": high}, code="max"
            )
        return number


@register("integer")
class IntegerField(NumberBase):
    label = _("Whole number")
    input_type = "number"


@register("money")
class MoneyField(NumberBase):
    """Whole forints: Hungarian cash has no fillér since 1999, and taxes are in forints."""

    label = _("Amount (Ft)")
    limit = MAX_MONEY
    currency = True
    message = _("Write the amount in whole forints, e.g. 12 500.")
    fraction_message = _(
        "Write the amount in whole forints, without fillér, e.g. 12 500 (a comma starts a "
        "fraction in Hungarian: 12,5 is twelve and a half)."
    )

    def clean_value(self, raw, options, context):
        options = {"min": 0, **options}
        return super().clean_value(raw, options, context)

    def display(self, value, spec):
        return format_money(value) if isinstance(value, int) else ""


@register("date")
class DateField(FieldType):
    label = _("Date")
    input_type = "date"
    option_types = {"min": str, "max": str}

    @staticmethod
    def _bound(text):
        if text == "today":
            return datetime.date.today()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None

    def validate_options(self, options):
        problems = super().validate_options(options)
        for key in ("min", "max"):
            if isinstance(options.get(key), str) and self._bound(options[key]) is None:
                problems.append(_("option “%(option)s” is not a date") % {"option": key})
        return problems

    def clean_value(self, raw, options, context):
        text = _as_structured(raw).rstrip(".")
        match = re.fullmatch(r"([0-9]{4})[-. ]+([0-9]{1,2})[-. ]+([0-9]{1,2})", text)
        try:
            value = datetime.date(*(int(part) for part in match.groups())) if match else None
        except ValueError:
            value = None
        if value is None:
            raise ValidationError(
                _("Write a real date as year-month-day, e.g. 2026-03-16."), code="date"
            )
        low = self._bound(options.get("min", ""))
        high = self._bound(options.get("max", ""))
        if low and value < low:
            raise ValidationError(
                _("The date cannot be before %(date)s.") % {"date": low.isoformat()}, code="min"
            )
        if high and value > high:
            raise ValidationError(
                _("The date cannot be after %(date)s.") % {"date": high.isoformat()}, code="max"
            )
        return value.isoformat()

    def display(self, value, spec):
        # Stored as ISO (year-month-day); a person reads it as "2026. december 11."
        try:
            return date_format(datetime.date.fromisoformat(str(value)), "DATE_FORMAT")
        except ValueError:
            return super().display(value, spec)


@register("email")
class EmailField(FieldType):
    label = _("E-mail address")
    input_type = "email"

    def clean_value(self, raw, options, context):
        text = _as_structured(raw)
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError(
                _("Write a valid e-mail address, e.g. nev@example.hu."), code="email"
            ) from None
        return text
