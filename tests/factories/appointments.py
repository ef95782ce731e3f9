"""A customer-service office that takes bookings: weekday hours, desks and a matter."""

import datetime

from django.utils import timezone

from services.appointments.models import (
    BookableService,
    Desk,
    Office,
    OpeningPeriod,
    TriageQuestion,
)


def at(day, hour, minute=0):
    """A local (Budapest) moment."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def office(municipality, *, name="Ügyfélszolgálat", desks=1, hours=((8, 12),), step=15, days=400):
    place = Office.objects.create(
        municipality=municipality,
        name=name,
        address="Dobó István tér 2.",
        slot_minutes=step,
        days_ahead=days,
    )
    for weekday in range(5):
        for opens, closes in hours:
            OpeningPeriod.objects.create(
                municipality=municipality,
                office=place,
                weekday=weekday,
                opens=datetime.time(opens),
                closes=datetime.time(closes),
            )
    for number in range(desks):
        Desk.objects.create(municipality=municipality, office=place, name=f"{number + 1}. ablak")
    return place


def matter(place, *, name="Helyi adó ügyintézés", minutes=30, questions=()):
    service = BookableService.objects.create(
        municipality_id=place.municipality_id,
        office=place,
        name=name,
        duration_minutes=minutes,
        what_to_bring="Személyi igazolvány, lakcímkártya",
    )
    service.desks.add(*Desk.objects.for_municipality(place.municipality_id).filter(office=place))
    for position, (question, advice) in enumerate(questions):
        TriageQuestion.objects.create(
            municipality_id=place.municipality_id,
            service=service,
            question=question,
            advice=advice,
            position=position,
        )
    return service
