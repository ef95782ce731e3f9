"""iCalendar (RFC 5545) export of events, built with the icalendar package."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .downloads import content_download


def _as_ical_times(event):
    if event.all_day:
        start = timezone.localtime(event.start).date()
        # DTEND of an all-day event is exclusive: the day after the last day.
        last = timezone.localtime(event.end).date() if event.end else start
        return start, last + datetime.timedelta(days=1)
    return event.start, event.end or event.start + datetime.timedelta(hours=1)


def build_calendar(events, request, name):
    calendar = Calendar()
    calendar.add("prodid", "-//Városháza//önkormányzati naptár//HU")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Budapest")
    for page in events:
        start, end = _as_ical_times(page)
        event = Event()
        event.add("uid", f"esemeny-{page.pk}@{request.get_host().split(':')[0]}")
        event.add("summary", page.title)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("dtstamp", page.last_published_at or timezone.now())
        if page.location:
            event.add("location", page.location)
        if page.intro:
            event.add("description", page.intro)
        event.add("url", page.get_full_url(request))
        calendar.add_component(event)
    return calendar


def calendar_response(events, request, name, filename):
    # The municipality's public calendar: any cache may keep it.
    return content_download(
        build_calendar(events, request, name).to_ical(),
        filename,
        "text/calendar; charset=utf-8",
        private=False,
    )
