"""Booking, confirming, cancelling and moving an appointment; the officer's marks and blocks.

Every write claims its time units in the same transaction as the booking (models.SlotClaim);
the unique constraint decides a race, never a check done before the insert."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constants import ACTIVE, BookingStatus, EventKind
from ..models import Booking, SlotBlock, SlotClaim, minutes
from . import mail
from .history import record
from .links import new_link_key
from .slots import find_slot, units


class BookingError(Exception):
    """A refusal with a message for the person (Hungarian through the catalogue)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


TAKEN = _("This time has just been taken. Please choose another one.")
LAPSED = _("The time was held for you only until %(time)s and has been released. Book again.")
GONE = _("This appointment can no longer be changed: it has begun, passed or been cancelled.")


def _release_lapsed_holds(municipality_id, desk_ids, moments, now):
    """Holds that were never confirmed give their time back before anybody claims it."""
    lapsed = Booking.objects.for_municipality(municipality_id).filter(
        status=BookingStatus.HELD,
        hold_until__lt=now,
        pk__in=SlotClaim.objects.for_municipality(municipality_id)
        .filter(desk_id__in=desk_ids, starts_at__in=moments)
        .values("booking_id"),
    )
    for booking in lapsed.select_for_update():
        _expire(booking)


def _expire(booking):
    from sites.actor import Actor

    booking.claims.all().delete()
    booking.status = BookingStatus.EXPIRED
    booking.save(update_fields=["status"])
    record(Actor.system(), EventKind.EXPIRED, booking=booking)


def _claim(booking_or_block, desk_id, starts_at, ends_at, step, **owner):
    SlotClaim.objects.bulk_create(
        SlotClaim(
            municipality_id=booking_or_block.municipality_id,
            desk_id=desk_id,
            starts_at=moment,
            **owner,
        )
        for moment in units(starts_at, ends_at, step)
    )


def book(actor, service, starts_at, *, name, email, phone="", user=None, now=None, notify=True):
    """Book ``service`` at ``starts_at`` on the first free desk. A signed-in citizen's
    booking is confirmed at once; anybody else's is held for APPOINTMENTS_HOLD_MINUTES
    until the e-mailed link confirms it. Returns the booking."""
    now = now or timezone.now()
    name = " ".join(str(name or "").split())[:120]
    if not name:
        raise BookingError(_("Please give your name."))
    slot = find_slot(service, starts_at, now=now)
    if slot is None:
        raise BookingError(TAKEN)
    office = service.office
    confirmed = user is not None
    step = office.slot_minutes
    with transaction.atomic():
        _release_lapsed_holds(
            service.municipality_id,
            slot.desk_ids,
            list(units(slot.starts_at, slot.ends_at, step)),
            now,
        )
        booking = None
        for desk_id in slot.desk_ids:
            try:
                with transaction.atomic():
                    booking = Booking.objects.create(
                        municipality_id=service.municipality_id,
                        office=office,
                        service=service,
                        desk_id=desk_id,
                        starts_at=slot.starts_at,
                        ends_at=slot.ends_at,
                        status=BookingStatus.CONFIRMED if confirmed else BookingStatus.HELD,
                        name=name,
                        email=email,
                        phone=str(phone or "")[:40],
                        user=user,
                        link_key=new_link_key(),
                        hold_until=None
                        if confirmed
                        else now + minutes(settings.APPOINTMENTS_HOLD_MINUTES),
                    )
                    _claim(booking, desk_id, slot.starts_at, slot.ends_at, step, booking=booking)
                break
            except IntegrityError:
                booking = None  # another request took this desk first: try the next one
        if booking is None:
            raise BookingError(TAKEN)
        record(actor, EventKind.BOOKED if confirmed else EventKind.HELD, booking=booking)
        if notify:
            transaction.on_commit(
                lambda: mail.send(booking, "confirmed" if confirmed else "confirm_request")
            )
    return booking


def is_changeable(booking, now=None):
    now = now or timezone.now()
    if booking.status not in (BookingStatus.HELD, BookingStatus.CONFIRMED):
        return False
    if booking.status == BookingStatus.HELD and booking.hold_until < now:
        return False
    return booking.starts_at > now


def confirm(actor, booking, now=None, notify=True):
    """The e-mailed link's confirmation; a second click changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = (
            Booking.objects.for_municipality(booking.municipality_id)
            .select_for_update()
            .get(pk=booking.pk)
        )
        if booking.status == BookingStatus.CONFIRMED:
            return booking
        if booking.status != BookingStatus.HELD:
            raise BookingError(GONE)
        lapsed = booking.hold_until < now
        if lapsed:
            # Committed before the refusal is raised: the time goes back to others.
            _expire(booking)
        else:
            booking.status = BookingStatus.CONFIRMED
            booking.hold_until = None
            booking.save(update_fields=["status", "hold_until"])
            record(actor, EventKind.CONFIRMED, booking=booking)
            if notify:
                transaction.on_commit(lambda: mail.send(booking, "confirmed"))
    if lapsed:
        until = timezone.localtime(booking.hold_until).strftime("%H:%M")
        raise BookingError(LAPSED % {"time": until})
    return booking


def cancel(actor, booking, *, reason="", now=None):
    now = now or timezone.now()
    with transaction.atomic():
        booking = (
            Booking.objects.for_municipality(booking.municipality_id)
            .select_for_update()
            .get(pk=booking.pk)
        )
        if not is_changeable(booking, now):
            raise BookingError(GONE)
        booking.claims.all().delete()
        booking.status = BookingStatus.CANCELLED
        booking.hold_until = None
        booking.save(update_fields=["status", "hold_until"])
        record(actor, EventKind.CANCELLED, booking=booking, note=reason)
        transaction.on_commit(lambda: mail.send(booking, "cancelled"))
    return booking


def rebook(actor, booking, starts_at, *, now=None):
    """Move the appointment to another free time of the same matter; its own time counts
    as free meanwhile. Nothing changes unless the new time is claimed."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = (
            Booking.objects.for_municipality(booking.municipality_id)
            .select_for_update()
            .get(pk=booking.pk)
        )
        if not is_changeable(booking, now):
            raise BookingError(GONE)
        slot = find_slot(booking.service, starts_at, now=now, exclude_booking=booking)
        if slot is None:
            raise BookingError(TAKEN)
        before = timezone.localtime(booking.starts_at)
        step = booking.office.slot_minutes
        _release_lapsed_holds(
            booking.municipality_id,
            slot.desk_ids,
            list(units(slot.starts_at, slot.ends_at, step)),
            now,
        )
        booking.claims.all().delete()
        for desk_id in slot.desk_ids:
            try:
                with transaction.atomic():
                    _claim(booking, desk_id, slot.starts_at, slot.ends_at, step, booking=booking)
                break
            except IntegrityError:
                continue
        else:
            raise BookingError(TAKEN)  # rolls the deleted claims back as well
        booking.desk_id = desk_id
        booking.starts_at, booking.ends_at = slot.starts_at, slot.ends_at
        booking.save(update_fields=["desk", "starts_at", "ends_at"])
        record(
            actor,
            EventKind.REBOOKED,
            booking=booking,
            note=f"{before:%Y-%m-%d %H:%M} → {timezone.localtime(slot.starts_at):%Y-%m-%d %H:%M}",
        )
        kind = "confirmed" if booking.status == BookingStatus.CONFIRMED else "confirm_request"
        transaction.on_commit(lambda: mail.send(booking, kind))
    return booking


# -- the officer's desk


def _mark(actor, booking, status, kind, allowed, now):
    with transaction.atomic():
        booking = (
            Booking.objects.for_municipality(booking.municipality_id)
            .select_for_update()
            .get(pk=booking.pk)
        )
        if booking.status not in allowed:
            raise BookingError(_("This appointment cannot be marked so in its present state."))
        if timezone.localtime(booking.starts_at).date() > timezone.localtime(now).date():
            raise BookingError(_("An appointment of a later day cannot be marked yet."))
        booking.status = status
        booking.save(update_fields=["status"])
        record(actor, kind, booking=booking)
    return booking


def mark_arrived(actor, booking, now=None):
    return _mark(
        actor,
        booking,
        BookingStatus.ARRIVED,
        EventKind.ARRIVED,
        (BookingStatus.CONFIRMED, BookingStatus.NO_SHOW),
        now or timezone.now(),
    )


def mark_no_show(actor, booking, now=None):
    now = now or timezone.now()
    if booking.starts_at > now:
        raise BookingError(_("A client can be marked absent only once the time has begun."))
    return _mark(
        actor,
        booking,
        BookingStatus.NO_SHOW,
        EventKind.NO_SHOW,
        (BookingStatus.CONFIRMED, BookingStatus.ARRIVED),
        now,
    )


def block(actor, desk, starts_at, ends_at, *, reason=""):
    """Take a desk's time out of booking. Refused where a booking already holds part of
    it: the officer cancels that booking first, so the client is told."""
    step = desk.office.slot_minutes
    if ends_at <= starts_at:
        raise BookingError(_("The end must be after the start."))
    if ends_at - starts_at > datetime.timedelta(days=1):
        raise BookingError(_("Block at most one day at a time."))
    local = timezone.localtime(starts_at)
    if (local.hour * 60 + local.minute) % step or (ends_at - starts_at) % minutes(step):
        raise BookingError(
            _("Start and end must fall on the office's %(step)s-minute grid.") % {"step": step}
        )
    try:
        with transaction.atomic():
            new = SlotBlock.objects.create(
                municipality_id=desk.municipality_id,
                desk=desk,
                starts_at=starts_at,
                ends_at=ends_at,
                reason=str(reason or "")[:160],
                created_by=actor.user,
            )
            _claim(new, desk.pk, starts_at, ends_at, step, block=new)
            record(actor, EventKind.BLOCKED, block=new, note=f"{desk.name}: {reason}")
    except IntegrityError:
        raise BookingError(
            _("Part of this time is already booked or blocked. Cancel that booking first.")
        ) from None
    return new


def unblock(actor, slot_block):
    local = timezone.localtime(slot_block.starts_at)
    with transaction.atomic():
        record(
            actor,
            EventKind.UNBLOCKED,
            block=slot_block,
            note=f"{slot_block.desk.name}: {local:%Y-%m-%d %H:%M}, {slot_block.reason}",
        )
        slot_block.delete()


def active_statuses():
    return ACTIVE
