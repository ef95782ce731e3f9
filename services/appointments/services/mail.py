"""The booker's e-mails, in Hungarian whatever language the request had: the link to
confirm, the confirmation with the calendar entry, the cancellation, the reminder. Each
carries the booking's link (services/links.py) to cancel or move it."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import calendar_file
from .links import token_for

logger = logging.getLogger(__name__)

SUBJECTS = {
    "confirm_request": lambda: _("Please confirm your appointment"),
    "confirmed": lambda: _("Your appointment is booked"),
    "cancelled": lambda: _("Your appointment is cancelled"),
    "reminder": lambda: _("Reminder: your appointment tomorrow"),
}


def manage_url(booking):
    return booking.municipality.url.rstrip("/") + reverse(
        "appointments:manage", args=[token_for(booking)]
    )


def send(booking, kind):
    """Send one e-mail; a failing mail server is logged, never shown to the booker as an
    error (the booking stands and the page shows the same link)."""
    with translation.override("hu"):
        url = manage_url(booking)
        body = render_to_string(
            "appointments/mail.txt",
            {
                "kind": kind,
                "booking": booking,
                "url": url,
                "starts": timezone.localtime(booking.starts_at),
                "hold_until": booking.hold_until and timezone.localtime(booking.hold_until),
            },
        )
        message = EmailMessage(
            f"{SUBJECTS[kind]()} – {booking.municipality.name}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [booking.email],
        )
        if kind != "confirm_request":
            message.attach("idopont.ics", calendar_file.build(booking, url), "text/calendar")
    try:
        message.send()
    except Exception:  # noqa: BLE001  (an SMTP outage must not undo the booking)
        logger.exception("Appointment e-mail %s of booking %s failed", kind, booking.pk)
        return False
    return True
