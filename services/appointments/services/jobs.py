"""The daily job (``appointment_reminders``): reminders for tomorrow's appointments, lapsed
holds released, old bookings' personal data removed. Each part may run any number of
times: a reminder is claimed (``reminded_at``) before it is sent, so two runs at once or a
re-run send it once."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..constants import BookingStatus, EventKind
from ..models import Booking, BookingEvent
from . import mail
from .booking import _expire
from .history import record

logger = logging.getLogger(__name__)


@dataclass
class JobResult:
    reminded: int = 0
    failed: int = 0
    expired: int = 0
    anonymised: int = 0


def _tomorrow_bounds(now):
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def send_reminders(actor, now=None):
    now = now or timezone.now()
    start, end = _tomorrow_bounds(now)
    result = JobResult()
    due = Booking.objects.unscoped().filter(
        status=BookingStatus.CONFIRMED,
        starts_at__gte=start,
        starts_at__lt=end,
        reminded_at__isnull=True,
    )
    for pk in list(due.values_list("pk", flat=True)):
        # The claim: only the run whose update changed the row sends.
        if (
            not Booking.objects.unscoped()
            .filter(pk=pk, reminded_at__isnull=True)
            .update(reminded_at=now)
        ):
            continue
        booking = (
            Booking.objects.unscoped()
            .select_related("municipality", "office", "service")
            .get(pk=pk)
        )
        if mail.send(booking, "reminder"):
            record(actor, EventKind.REMINDED, booking=booking)
            result.reminded += 1
        else:
            # Give it back: the next run tries again.
            Booking.objects.unscoped().filter(pk=pk).update(reminded_at=None)
            result.failed += 1
    return result


def release_lapsed_holds(now=None):
    now = now or timezone.now()
    count = 0
    lapsed = Booking.objects.unscoped().filter(status=BookingStatus.HELD, hold_until__lt=now)
    for pk in list(lapsed.values_list("pk", flat=True)):
        with transaction.atomic():
            booking = (
                Booking.objects.unscoped()
                .select_for_update()
                .filter(pk=pk, status=BookingStatus.HELD, hold_until__lt=now)
                .first()
            )
            if booking is not None:
                _expire(booking)
                count += 1
    return count


def anonymise_old(actor, now=None):
    """Bookings whose day is APPOINTMENTS_RETENTION_DAYS past lose the booker's name,
    address, phone and account link; the office keeps what happened and when."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.APPOINTMENTS_RETENTION_DAYS)
    old = Booking.objects.unscoped().filter(ends_at__lt=limit, anonymised_at__isnull=True)
    count = 0
    for booking in old:
        with transaction.atomic():
            booking.name, booking.email, booking.phone, booking.user = "", "", "", None
            booking.anonymised_at = now
            booking.save(update_fields=["name", "email", "phone", "user", "anonymised_at"])
            BookingEvent.objects.for_municipality(booking.municipality_id).filter(
                booking=booking
            ).update(ip_address="")
            record(actor, EventKind.ANONYMISED, booking=booking)
            count += 1
    return count


def daily(actor, now=None):
    result = send_reminders(actor, now)
    result.expired = release_lapsed_holds(now)
    result.anonymised = anonymise_old(actor, now)
    return result
