"""Requests racing for one slot on PostgreSQL: the unique claim lets exactly one through."""

import threading

import pytest
from django.db import connection

from services.appointments import services
from services.appointments.constants import BookingStatus
from services.appointments.models import Booking, SlotClaim
from sites.actor import Actor
from tests.factories.appointments import at, matter, office

from .conftest import DAY, NOW

pytestmark = pytest.mark.django_db(transaction=True)


def race(service, count, starts_at):
    barrier = threading.Barrier(count)
    outcomes, errors = [], []

    def attempt(number):
        try:
            barrier.wait()
            services.book(
                Actor.system(),
                service,
                starts_at,
                name=f"Versenyző {number}",
                email=f"v{number}@example.hu",
                now=NOW,
            )
            outcomes.append("booked")
        except services.BookingError:
            outcomes.append("refused")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return sorted(outcomes)


@pytest.mark.parametrize("desks", [1, 2])
def test_simultaneous_bookings_of_one_slot_fill_each_desk_once(municipality_a, desks):
    service = matter(office(municipality_a, desks=desks))
    outcomes = race(service, 6, at(DAY, 9))
    assert outcomes.count("booked") == desks
    assert outcomes.count("refused") == 6 - desks
    held = Booking.objects.for_municipality(municipality_a).filter(status=BookingStatus.HELD)
    assert held.count() == desks
    assert len({booking.desk_id for booking in held}) == desks
    # Each booking's two quarters, and nothing of the refused ones.
    assert SlotClaim.objects.for_municipality(municipality_a).count() == 2 * desks


def test_overlapping_slots_racing_do_not_share_a_quarter(municipality_a):
    service = matter(office(municipality_a, desks=1))
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(minute):
        try:
            barrier.wait()
            services.book(
                Actor.system(),
                service,
                at(DAY, 9, minute),
                name="Egy",
                email="e@example.hu",
                now=NOW,
            )
            outcomes.append(minute)
        except services.BookingError:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(m,)) for m in (0, 15)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 1
