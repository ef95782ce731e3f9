"""The appointments' façade: what views, commands, the portal and other apps call.

Behind it: ``slots`` (free times from hours, closures and the working-day calendar),
``booking`` (book, confirm, cancel, move; the officer's marks and blocks), ``links`` (the
booker's link), ``mail`` and ``calendar_file`` (the e-mails and their .ics), ``jobs`` (the
daily reminders, lapsed holds, retention) and ``history`` (the event trail)."""

from . import calendar_file
from .booking import (
    BookingError,
    block,
    book,
    cancel,
    confirm,
    is_changeable,
    mark_arrived,
    mark_no_show,
    rebook,
    unblock,
)
from .jobs import JobResult, anonymise_old, daily, release_lapsed_holds, send_reminders
from .links import booking_for_token, token_for
from .mail import manage_url
from .queries import bookings_of, day_list, offices_of, services_of
from .slots import Slot, bookable_days, free_slots, free_slots_by_day, is_open_day

__all__ = [
    "BookingError",
    "JobResult",
    "Slot",
    "anonymise_old",
    "block",
    "book",
    "bookable_days",
    "booking_for_token",
    "bookings_of",
    "calendar_file",
    "cancel",
    "confirm",
    "daily",
    "day_list",
    "free_slots",
    "free_slots_by_day",
    "is_changeable",
    "is_open_day",
    "manage_url",
    "mark_arrived",
    "mark_no_show",
    "offices_of",
    "rebook",
    "release_lapsed_holds",
    "send_reminders",
    "services_of",
    "token_for",
    "unblock",
]
