#!/usr/bin/env python
"""Appointment booking: how long a day's free times take to compute for a busy office, the
server time of the public booking page, and bookings per second — one after another and
in a burst of threads racing for the same few slots (which the unique slot claim decides).

Run from the project root (needs the local PostgreSQL):

    .venv/bin/python benchmarks/appointments_booking.py
    .venv/bin/python benchmarks/appointments_booking.py --desks 8 --threads 16

It points ``DATABASE_URL`` at ``BENCH_DATABASE_URL`` (default
postgres://postgres@127.0.0.1:5432/varoshaza_bench_booking; a name without ``bench`` is
refused) with ``portal.settings.test``, runs ``migrate``, provisions one municipality (once;
a re-run reuses it and empties its bookings), gives it an office open 8–16 on weekdays with
``--desks`` desks and a 20-minute matter on a 10-minute grid, fills half of the next 30
days' times, then measures."""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/varoshaza_bench_booking"


def _database(url):
    name = url.rsplit("/", 1)[-1]
    if "bench" not in name:
        sys.exit(f"refusing {name}: a benchmark database's name contains 'bench'")
    base = url.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", base, "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", base, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def _p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desks", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--serial", type=int, default=200)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    _database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    sys.path.insert(0, str(PROJECT_ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from services.appointments import services
    from services.appointments.models import Booking, BookingEvent, Office, SlotBlock
    from sites.actor import Actor
    from sites.models import Municipality
    from sites.provisioning import provision_municipality
    from tests.factories.appointments import matter, office
    from tests.factories.municipalities import MunicipalityDataFactory

    setup_test_environment()
    load_before = os.getloadavg()[0]
    call_command("migrate", verbosity=0)
    municipality = Municipality.objects.filter(slug="foglalvar").first()
    if municipality is None:
        municipality = provision_municipality(
            MunicipalityDataFactory(name="Foglalvár", slug="foglalvar", ksh_code="69401")
        ).municipality
    for model in (BookingEvent, Booking, SlotBlock):
        model.objects.for_municipality(municipality).delete()
    Office.objects.for_municipality(municipality).delete()
    place = office(municipality, desks=args.desks, hours=((8, 16),), step=10, days=30)
    service = matter(place, minutes=20)
    actor = Actor.system(municipality=municipality)
    days = [d for d in services.bookable_days(place) if services.free_slots(service, d)]
    filled = 0
    for day in days:
        for slot in services.free_slots(service, day)[::2]:
            services.book(
                actor,
                service,
                slot.starts_at,
                name="Teszt Elek",
                email="t@example.hu",
                notify=False,
            )
            filled += 1

    # 1. a day's free times
    timings = []
    for _round in range(3):
        for day in days:
            started = time.perf_counter()
            services.free_slots(service, day)
            timings.append((time.perf_counter() - started) * 1000)
    print(f"load before: {load_before:.1f}; {len(days)} open days, {filled} bookings made")
    print(
        f"free_slots (one day, {args.desks} desks): median {statistics.median(timings):.1f} ms,"
        f" p95 {_p95(timings):.1f} ms"
    )

    # 2. the public booking page
    client = Client()
    host = municipality.site.hostname
    path = f"/idopont/{municipality.slug}/{service.pk}/"
    timings = []
    for _round in range(30):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST=host)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    print(
        f"booking page GET: median {statistics.median(timings):.1f} ms, "
        f"p95 {_p95(timings):.1f} ms, {len(queries)} queries"
    )

    # 3. bookings one after another
    free = [s for d in days for s in services.free_slots(service, d)]
    started = time.perf_counter()
    made = 0
    for slot in free[: args.serial]:
        services.book(
            actor, service, slot.starts_at, name="Teszt Elek", email="t@example.hu", notify=False
        )
        made += 1
    took = time.perf_counter() - started
    print(f"serial bookings: {made} in {took:.2f} s = {made / took:.0f}/s")

    # 4. a burst: threads racing for the next few slots, each taking the first it finds free
    free = [s for d in days for s in services.free_slots(service, d)][:5]
    barrier = threading.Barrier(args.threads)
    outcomes = []

    def race():
        barrier.wait()
        for slot in free:
            try:
                services.book(
                    actor,
                    service,
                    slot.starts_at,
                    name="Verseny",
                    email="v@example.hu",
                    notify=False,
                )
                outcomes.append("booked")
                break
            except services.BookingError:
                continue
        else:
            outcomes.append("none free")
        connection.close()

    capacity = sum(len(s.desk_ids) for s in free)
    started = time.perf_counter()
    threads = [threading.Thread(target=race) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - started
    booked = outcomes.count("booked")
    active = Booking.objects.for_municipality(municipality).exclude(
        status__in=["cancelled", "expired"]
    )
    desks_per_slot = [
        list(active.filter(starts_at=s.starts_at).values_list("desk_id", flat=True)) for s in free
    ]
    claims_ok = all(len(set(desks)) == len(desks) for desks in desks_per_slot)
    print(
        f"burst: {args.threads} threads for {len(free)} slots ({capacity} desk-slots free): "
        f"{booked} booked in {took:.2f} s, no desk twice: {claims_ok}"
    )
    print(f"load after: {os.getloadavg()[0]:.1f}; at {timezone.now():%Y-%m-%d %H:%M} UTC")


if __name__ == "__main__":
    main()
