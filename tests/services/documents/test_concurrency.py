"""Gapless numbers under concurrent registration on PostgreSQL (issue #5, item 9).

Eight threads, each with its own database connection, register 500 times each: half of
them new cases (main numbers from the one registry book), half documents in one shared
case (sub-numbers from that case's row); every seventh transaction is rolled back after it
took its number. Afterwards the numbers that exist must be exactly 1..n: no gap, no
duplicate."""

import threading

import pytest
from django.db import connection, connections, transaction

from services.documents import services
from services.documents.models import Case, Document, RegistryBook

from .conftest import case_type

THREADS = 8
PER_THREAD = 500


class Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_numbers_stay_gapless_and_unique_with_8_writers_and_rollbacks(provision):
    assert connection.vendor == "postgresql"
    municipality = provision(name="Versenyfalva", slug="versenyfalva", ksh_code="60100")
    kind = case_type(municipality)
    shared = services.open_case(municipality, case_type=kind, subject="Közös", client_name="X")
    start = threading.Barrier(THREADS)
    errors, committed = [], {"cases": 0, "documents": 0}
    lock = threading.Lock()

    def writer(thread_number):
        try:
            start.wait()
            for i in range(PER_THREAD):
                new_case = i % 2 == 0
                try:
                    with transaction.atomic():
                        if new_case:
                            services.open_case(
                                municipality,
                                case_type=kind,
                                subject=f"{thread_number}/{i}",
                                client_name="Próba Péter",
                            )
                        else:
                            services.register_document(
                                shared, direction="incoming", subject=f"{thread_number}/{i}"
                            )
                        if (thread_number + i) % 7 == 0:
                            raise Rollback
                except Rollback:
                    continue
                with lock:
                    committed["cases" if new_case else "documents"] += 1
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert committed["cases"] > 0 and committed["documents"] > 0
    mains = list(
        Case.objects.for_municipality(municipality)
        .order_by("main_number")
        .values_list("main_number", flat=True)
    )
    # the shared case took number 1 before the writers started
    assert mains == list(range(1, committed["cases"] + 2))
    book = RegistryBook.objects.for_municipality(municipality).get()
    assert book.last_main_number == len(mains)
    subs = list(
        Document.objects.for_municipality(municipality)
        .filter(case=shared)
        .order_by("sub_number")
        .values_list("sub_number", flat=True)
    )
    assert subs == list(range(1, committed["documents"] + 1))
    shared.refresh_from_db()
    assert shared.last_sub_number == len(subs)
    numbers = Document.objects.for_municipality(municipality).values_list(
        "registry_number", flat=True
    )
    assert len(set(numbers)) == len(subs)
