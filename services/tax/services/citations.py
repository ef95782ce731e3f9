"""The citation of a municipal decree: "15/2025. (XI. 5.)" — the number in the year of
adoption, the month in Roman numerals and the day, as Hungarian law cites one."""

import datetime
import re

from django.utils.translation import gettext as _

from .errors import TaxError

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_CITATION = re.compile(
    r"^\s*(?P<number>\d{1,4})\s*/\s*(?P<year>\d{4})\s*\.?\s*"
    r"\(\s*(?P<month>[IVXivx]{1,4}|\d{1,2})\s*\.\s*(?P<day>\d{1,2})\s*\.?\s*\)\s*$"
)


def format_citation(number, adopted_on):
    """15, 2025-11-05 -> "15/2025. (XI. 5.)": the number in the year of adoption, the month
    in Roman numerals and the day, as Hungarian law cites a municipal decree."""
    return f"{number}/{adopted_on.year}. ({ROMAN_MONTHS[adopted_on.month - 1]}. {adopted_on.day}.)"


def parse_citation(text):
    """ "15/2025. (XI. 5.)" (or with an Arabic month, "15/2025. (11. 05.)") -> (15, date).
    Anything else is refused with a Hungarian message."""
    match = _CITATION.match(text or "")
    problem = _("Cite the decree as number/year. (month. day.), e.g. 15/2025. (XI. 5.).")
    if not match:
        raise TaxError(problem)
    month = match["month"].upper()
    if month.isdigit():
        month = int(month)
    elif month in ROMAN_MONTHS:
        month = ROMAN_MONTHS.index(month) + 1
    else:
        raise TaxError(problem)
    try:
        adopted_on = datetime.date(int(match["year"]), month, int(match["day"]))
    except ValueError as error:
        raise TaxError(
            _("The date in the citation does not exist: %(text)s") % {"text": text.strip()}
        ) from error
    number = int(match["number"])
    if number < 1:
        raise TaxError(problem)
    return number, adopted_on
