"""The appointment as an iCalendar (RFC 5545) entry, attached to every e-mail and
downloadable from the booker's page. One UID per booking: a moved appointment updates the
entry in the booker's calendar (a higher SEQUENCE), a cancelled one removes it."""

from django.utils import timezone
from icalendar import Calendar, Event

from ..constants import BookingStatus


def build(booking, manage_url=""):
    calendar = Calendar()
    calendar.add("prodid", "-//Városháza//időpontfoglalás//HU")
    calendar.add("version", "2.0")
    cancelled = booking.status in (BookingStatus.CANCELLED, BookingStatus.EXPIRED)
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    host = booking.municipality.hostname if booking.municipality_id else "varoshaza"
    event.add("uid", f"idopont-{booking.pk}@{host}")
    event.add("summary", f"{booking.service.name} – {booking.office.name}")
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add("dtstamp", timezone.now())
    event.add("location", f"{booking.office.name}, {booking.office.address}")
    # Moves and cancellation supersede the earlier entry in the booker's calendar.
    event.add("sequence", booking.events.count())
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    lines = [f"{booking.municipality.name} – {booking.office.name}", booking.reference]
    if booking.service.what_to_bring:
        lines.append(booking.service.what_to_bring)
    if manage_url:
        lines.append(manage_url)
        event.add("url", manage_url)
    event.add("description", "\n".join(lines))
    calendar.add_component(event)
    return calendar.to_ical()
