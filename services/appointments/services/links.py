"""The booker's link: confirm, cancel, move, download the calendar entry.

A token is ``<booking id>.<HMAC>``; the HMAC covers the booking's random ``link_key``
under SECRET_KEY, so a leaked database makes no working link and a reminder can carry the
same link as the confirmation. Cancelling or moving does not change it; the link simply
stops offering anything once the appointment has begun (services/booking.py)."""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

from ..models import Booking

_SALT = "services.appointments.link"


def new_link_key():
    return secrets.token_hex(16)


def token_for(booking):
    digest = salted_hmac(_SALT, f"{booking.pk}:{booking.link_key}", algorithm="sha256")
    return f"{booking.pk}.{digest.hexdigest()[:40]}"


def booking_for_token(token):
    """The booking the token names, or None for anything else (never an exception)."""
    head, _dot, _tail = str(token or "")[:80].partition(".")
    if not head.isascii() or not head.isdigit() or len(head) > 12:
        return None
    # The token is the scope: it names one booking whichever municipality's it is.
    booking = (
        Booking.objects.unscoped()
        .select_related("office", "service", "desk", "municipality")
        .filter(pk=int(head))
        .first()
    )
    if booking is None or not constant_time_compare(token_for(booking), str(token)):
        return None
    return booking
