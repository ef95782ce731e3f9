"""Figures per week for the provider's fleet console: every service counts its own records
with this, so the weeks are the same Monday-to-Sunday weeks (local time) everywhere."""

import datetime

from django.db import models
from django.db.models import Count, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone


def week_starts(weeks, today=None):
    """The Mondays of the last ``weeks`` weeks, the current one last."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    return [monday - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def per_week(queryset, field, *, weeks=12, today=None, total=None):
    """[(Monday, count, sum of ``total`` or 0)] for the last ``weeks`` weeks, a week
    without records included with zeros. ``field`` is a date or datetime field."""
    starts = week_starts(weeks, today)
    since = starts[0]
    if isinstance(queryset.model._meta.get_field(field), models.DateTimeField):
        # Monday's midnight, local time: a date would be read as a naive midnight.
        since = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
    rows = (
        queryset.filter(**{f"{field}__gte": since})
        .annotate(week=TruncWeek(field))
        .values("week")
        .annotate(count=Count("pk"), total=Sum(total) if total else Count("pk"))
        .order_by("week")
    )
    found = {}
    for row in rows:
        week = row["week"]
        week = week.date() if isinstance(week, datetime.datetime) else week
        found[week] = (row["count"], (row["total"] or 0) if total else 0)
    return [(start, *found.get(start, (0, 0))) for start in starts]
