"""What the pages list: a municipality's offices and matters, an officer's day, a citizen's
own bookings."""

import datetime

from django.utils import timezone

from ..models import BookableService, Booking, Office, SlotBlock, TriageQuestion


def offices_of(municipality):
    return Office.objects.for_municipality(municipality).filter(active=True)


def services_of(municipality):
    """The bookable matters, each with its ``question_list``."""
    matters = list(
        BookableService.objects.for_municipality(municipality)
        .filter(active=True, office__active=True)
        .select_related("office")
        .order_by("office__name", "name")
    )
    questions = {}
    for question in TriageQuestion.objects.for_municipality(municipality).filter(
        service__in=matters
    ):
        questions.setdefault(question.service_id, []).append(question)
    for matter in matters:
        matter.question_list = questions.get(matter.pk, [])
    return matters


def day_list(municipality, day, office=None):
    """The bookings and blocks of one day, in time order."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    bookings = (
        Booking.objects.for_municipality(municipality)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("office", "service", "desk")
        .order_by("starts_at", "desk__name")
    )
    blocks = (
        SlotBlock.objects.for_municipality(municipality)
        .filter(starts_at__lt=end, ends_at__gt=start)
        .select_related("desk", "desk__office")
    )
    if office is not None:
        bookings = bookings.filter(office=office)
        blocks = blocks.filter(desk__office=office)
    return list(bookings), list(blocks)


def bookings_of(user):
    """A citizen's own bookings in every municipality, the coming ones first."""
    return (
        Booking.objects.of_person(user, "user")
        .select_related("municipality", "office", "service")
        .order_by("-starts_at")
    )
