"""Which times of a matter are free: the office's weekly hours, minus the days the
working-day calendar (data/calendar, through the registry's façade) says are not working
days, minus the office's own closures, minus what is already claimed on each desk."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from services.documents import services as registry

from ..constants import BookingStatus
from ..models import Closure, OpeningPeriod, SlotClaim, minutes


@dataclass(frozen=True)
class Slot:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    # The desks free for the whole slot, in the order they are offered.
    desk_ids: tuple

    @property
    def value(self):
        """How a form names the slot: its local start time."""
        return timezone.localtime(self.starts_at).strftime("%Y-%m-%dT%H:%M")


def units(starts_at, ends_at, step):
    """The start of every time unit in [starts_at, ends_at)."""
    moment = starts_at
    while moment < ends_at:
        yield moment
        moment += minutes(step)


def _aware(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


def bookable_days(office, today=None):
    today = today or timezone.localdate()
    return [today + datetime.timedelta(days=n) for n in range(office.days_ahead + 1)]


def is_open_day(office, day, calendar=None):
    calendar = calendar or registry.default_calendar()
    if not calendar.is_working_day(day):
        return False
    return (
        not Closure.objects.for_municipality(office.municipality_id)
        .filter(office=office, date=day)
        .exists()
    )


def free_slots(service, day, *, now=None, calendar=None, exclude_booking=None):
    """The free slots of ``service`` on ``day``. ``exclude_booking``: a booking being moved,
    whose own claims do not count as taken."""
    return free_slots_by_day(
        service, [day], now=now, calendar=calendar, exclude_booking=exclude_booking
    ).get(day, [])


def free_slots_by_day(service, days, *, now=None, calendar=None, exclude_booking=None):
    """{day: free slots} for several days with the same few queries as one (the booking
    page looks for the next days that have any)."""
    office = service.office
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    calendar = calendar or registry.default_calendar()
    if not office.active or not service.active:
        return {}
    horizon = today + datetime.timedelta(days=office.days_ahead)
    days = [day for day in days if today <= day <= horizon and calendar.is_working_day(day)]
    if not days:
        return {}
    municipality_id = office.municipality_id
    closed = set(
        Closure.objects.for_municipality(municipality_id)
        .filter(office=office, date__in=days)
        .values_list("date", flat=True)
    )
    days = [day for day in days if day not in closed]
    desks = list(service.desk_list().filter(active=True).values_list("pk", flat=True))
    if not days or not desks:
        return {}
    periods = {}
    for period in OpeningPeriod.objects.for_municipality(municipality_id).filter(office=office):
        periods.setdefault(period.weekday, []).append(period)
    claims = SlotClaim.objects.for_municipality(municipality_id).filter(
        desk_id__in=desks,
        starts_at__gte=_aware(min(days), datetime.time.min),
        starts_at__lt=_aware(max(days) + datetime.timedelta(days=1), datetime.time.min),
    )
    if exclude_booking is not None:
        claims = claims.exclude(booking=exclude_booking)
    # A hold nobody confirmed in time is free again (its claims go when the time is taken).
    claims = claims.exclude(booking__status=BookingStatus.HELD, booking__hold_until__lt=now)
    taken = set(claims.values_list("desk_id", "starts_at"))
    earliest = now + minutes(settings.APPOINTMENTS_MIN_NOTICE_MINUTES)
    step = office.slot_minutes
    duration = minutes(service.duration_minutes)
    found = {}
    for day in days:
        slots = []
        for period in sorted(periods.get(day.weekday(), []), key=lambda p: p.opens):
            start = _aware(day, period.opens)
            closes = _aware(day, period.closes)
            while start + duration <= closes:
                if start >= earliest:
                    needed = list(units(start, start + duration, step))
                    free = tuple(
                        desk for desk in desks if not any((desk, unit) in taken for unit in needed)
                    )
                    if free:
                        slots.append(Slot(start, start + duration, free))
                start += minutes(step)
        found[day] = slots
    return found


def find_slot(service, starts_at, **kwargs):
    """The free slot of ``service`` that starts at ``starts_at``, or None."""
    day = timezone.localtime(starts_at).date()
    for slot in free_slots(service, day, **kwargs):
        if slot.starts_at == starts_at:
            return slot
    return None
