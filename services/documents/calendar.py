"""The Hungarian working-day calendar, from data: one file per year in ``data/calendar``.

Public holidays are fixed by the Labour Code, but every year a ministerial decree moves
some working days to Saturdays ("bridge days"), so no rule can compute a year correctly:
the calendar is data (``hu-<year>.json``). A year without a file, or a file whose decree
is not yet out (``"status": "provisional"``), is never guessed silently: the calendar
falls back to weekends and the statutory holidays, logs a warning, and says so through
:meth:`WorkingCalendar.is_provisional`, which the case records with its deadline."""

import datetime
import json
import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def easter_sunday(year):
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month = (h + weekday_shift - 7 * m + 114) // 31
    day = (h + weekday_shift - 7 * m + 114) % 31 + 1
    return datetime.date(year, month, day)


def statutory_holidays(year):
    """The public holidays of the Labour Code (Mt. 102. §) and 24 December."""
    easter = easter_sunday(year)
    fixed = [(1, 1), (3, 15), (5, 1), (8, 20), (10, 23), (11, 1), (12, 24), (12, 25), (12, 26)]
    days = {datetime.date(year, month, day) for month, day in fixed}
    days |= {
        easter - datetime.timedelta(days=2),  # Good Friday
        easter + datetime.timedelta(days=1),  # Easter Monday
        easter + datetime.timedelta(days=50),  # Whit Monday
    }
    return days


class YearCalendar:
    def __init__(self, year, rest_days, working_days, provisional, source=""):
        self.year = year
        self.rest_days = frozenset(rest_days)
        self.working_days = frozenset(working_days)
        self.provisional = provisional
        self.source = source


def calendar_directory():
    return Path(
        getattr(settings, "DOCUMENTS_CALENDAR_DIR", settings.BASE_DIR / "data" / "calendar")
    )


def parse_year_file(path):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    year = int(data["year"])
    rest = {datetime.date.fromisoformat(item["date"]) for item in data.get("holidays", [])}
    rest |= {datetime.date.fromisoformat(item["date"]) for item in data.get("rest_days", [])}
    working = {datetime.date.fromisoformat(item["date"]) for item in data.get("working_days", [])}
    for day in rest | working:
        if day.year != year:
            raise ValueError(f"{path}: {day} is not in {year}")
    return YearCalendar(
        year,
        rest,
        working,
        provisional=data.get("status") != "published",
        source="; ".join(data.get("sources", [])),
    )


@lru_cache(maxsize=64)
def _load_year(directory, year):
    path = Path(directory) / f"hu-{year}.json"
    if path.exists():
        calendar = parse_year_file(path)
        if calendar.provisional:
            logger.warning(
                "The working-day calendar of %s is provisional (the decree on rest-day swaps "
                "is not in %s yet): deadlines in %s are provisional.",
                year,
                path,
                year,
            )
        return calendar
    logger.warning(
        "No working-day calendar for %s (%s is missing): falling back to weekends and "
        "statutory holidays; deadlines in %s are provisional.",
        year,
        path,
        year,
    )
    return YearCalendar(year, statutory_holidays(year), set(), provisional=True)


class WorkingCalendar:
    """Which days are working days in Hungary, year by year from the data folder."""

    def __init__(self, directory=None):
        self.directory = str(directory or calendar_directory())

    def year(self, year):
        return _load_year(self.directory, year)

    def is_working_day(self, day):
        year = self.year(day.year)
        if day in year.working_days:
            return True
        if day in year.rest_days:
            return False
        return day.weekday() < 5

    def next_working_day(self, day):
        """``day`` itself if it is a working day, otherwise the first one after it."""
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def is_provisional(self, first, last):
        """True if any year between the two dates has no published calendar."""
        return any(self.year(y).provisional for y in range(first.year, last.year + 1))


def default_calendar():
    return WorkingCalendar()
