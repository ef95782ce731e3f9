"""Opening hours: their shape, and the notice a change needs.

210/2009. (IX. 29.) Korm. rendelet, as the notaries' official descriptions quote it
(Szombathely's on ekozigazgatas.magyarorszag.hu, Csanádpalota's): a change of the opening
hours that lasts at least one week must be notified to the notary eight days before it; a
change shorter than a week need not be notified, and may only shorten the registered
hours. The paragraph's number inside the decree was not confirmed in this session."""

import datetime
import re

from django.utils.translation import gettext as _

from .errors import CommerceError

NOTIFIABLE_FROM_DAYS = 7  # "legalább egy hétig fennálló változás"
NOTICE_DAYS = 8  # "a változást megelőzően nyolc nappal"

_TIME = re.compile(r"([01][0-9]|2[0-4]):([0-5][0-9])")


def normalise_hours(hours):
    """``{"0": [["08:00", "18:00"]], …}`` with weekdays 0–6 (Monday first), each a list of
    (opens, closes) times in order and not overlapping; a day missing is closed."""
    cleaned = {}
    for day, spans in (hours or {}).items():
        if str(day) not in {str(number) for number in range(7)}:
            raise CommerceError(_("Opening hours are given for the days Monday to Sunday."))
        previous_close = ""
        day_spans = []
        for span in spans or ():
            opens, closes = (str(value).strip() for value in span)
            if not (_TIME.fullmatch(opens) and _TIME.fullmatch(closes)) or opens >= closes:
                raise CommerceError(
                    _("Write each opening time as HH:MM–HH:MM, closing after opening.")
                )
            if opens < previous_close:
                raise CommerceError(_("The opening times of a day overlap."))
            previous_close = closes
            day_spans.append([opens, closes])
        if day_spans:
            cleaned[str(day)] = day_spans
    return dict(sorted(cleaned.items()))


def needs_notice(starts_on, ends_on=None):
    """Whether a change of the opening hours must be notified (and 8 days ahead): a
    lasting change or a temporary one of at least a week."""
    return ends_on is None or (ends_on - starts_on).days + 1 >= NOTIFIABLE_FROM_DAYS


def latest_notice_day(starts_on):
    return starts_on - datetime.timedelta(days=NOTICE_DAYS)


def check_notice(received_on, starts_on, ends_on=None):
    """Refuse a change of a week or more that arrives later than 8 days before it."""
    if ends_on is not None and ends_on < starts_on:
        raise CommerceError(_("The end of the change cannot be before its start."))
    if needs_notice(starts_on, ends_on) and received_on > latest_notice_day(starts_on):
        raise CommerceError(
            _(
                "A change of the opening hours lasting a week or more must be notified "
                "8 days before it starts: for a change from %(start)s, by %(latest)s."
            )
            % {
                "start": starts_on.strftime("%Y. %m. %d."),
                "latest": latest_notice_day(starts_on).strftime("%Y. %m. %d."),
            }
        )


def within(shorter, registered):
    """Whether every span of ``shorter`` lies inside the registered hours of its day."""
    for day, spans in shorter.items():
        allowed = registered.get(day, [])
        for opens, closes in spans:
            if not any(start <= opens and closes <= end for start, end in allowed):
                return False
    return True
