"""The register's values as people read them: dates in the site's language ("2026.
november 30." in Hungarian) also where the public serializer keeps ISO strings, and the
weekly opening hours."""

import datetime

from django import template
from django.utils import formats

from ..services import public

register = template.Library()


@register.filter
def hudate(value):
    """A date or an ISO date string in the language's long form; anything else as it is."""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        return value if value is not None else ""
    return formats.date_format(value, "DATE_FORMAT")


@register.filter
def hours(value):
    return public.format_hours(value or {})
