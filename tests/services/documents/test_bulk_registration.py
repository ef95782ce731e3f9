"""Registering many outgoing documents of one case at once (``register_documents``): the
same sub-numbers, registry numbers and audit records as one by one, gapless with the
one-by-one registrations around it, all or nothing, and safe with concurrent writers."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from services.documents import services
from services.documents.models import AuditEvent, Document

from .conftest import case_type, new_case, pdf

YEAR = timezone.localdate().year


def _news(subjects):
    return [
        services.NewDocument(
            subject=subject,
            direction="outgoing",
            correspondent=f"Címzett {subject}",
            is_decision=True,
        )
        for subject in subjects
    ]


def _described(case):
    """What a reader of the registry sees of the documents after the case's first one and
    of their audit records, the case's main number left out."""
    documents = (
        Document.objects.for_municipality(case.municipality_id)
        .filter(case=case, sub_number__gt=1)
        .order_by("sub_number")
    )
    main = f"{case.main_number}-"
    events = AuditEvent.objects.for_municipality(case.municipality_id).filter(
        document_id__in=[d.pk for d in documents]
    )
    return (
        [
            (d.sub_number, d.registry_number.replace(main, "#-"), d.direction, d.subject)
            + (d.correspondent, d.is_decision, d.registered_by_id)
            for d in documents
        ],
        [
            (e.action, e.registry_number.replace(main, "#-"), e.detail, e.actor_id, e.actor_name)
            for e in events.order_by("pk")
        ],
    )


@pytest.mark.django_db
def test_numbers_and_audit_trail_equal_registering_one_by_one(municipality_a, officer_a):
    one_by_one, together = new_case(municipality_a), new_case(municipality_a)
    for new in _news(["A", "B", "C"]):
        services.register_document(
            one_by_one,
            direction=new.direction,
            subject=new.subject,
            correspondent=new.correspondent,
            is_decision=True,
            user=officer_a,
        )

    registered = services.register_documents(together, _news(["A", "B", "C"]), user=officer_a)

    # The case's first document (sub-number 1) came with it; the three follow.
    assert [d.sub_number for d in registered] == [2, 3, 4]
    assert [d.registry_number for d in registered] == [
        f"{together.main_number}-{n}/{YEAR}" for n in (2, 3, 4)
    ]
    assert all(d.pk for d in registered)
    first, second = _described(one_by_one), _described(together)
    assert first == second and len(first[0]) == 3 and len(first[1]) == 3
    assert first[1][0][3] == officer_a.pk
    together.refresh_from_db()
    assert together.last_sub_number == 4


@pytest.mark.django_db
def test_numbers_stay_gapless_around_one_by_one_registrations(municipality_a):
    case = new_case(municipality_a)
    services.register_document(case, direction="outgoing", subject="előtte")
    services.register_documents(case, _news(["1", "2", "3"]))
    after = services.register_document(case, direction="outgoing", subject="utána")

    assert after.sub_number == 6
    assert list(
        Document.objects.for_municipality(municipality_a)
        .filter(case=case)
        .order_by("sub_number")
        .values_list("sub_number", flat=True)
    ) == [1, 2, 3, 4, 5, 6]
    assert services.register_documents(case, []) == []


@pytest.mark.django_db
def test_a_rolled_back_bulk_registration_gives_every_number_back(municipality_a):
    case = new_case(municipality_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.register_documents(case, _news(["1", "2"]))
        raise RuntimeError("the run failed after the numbers")
    case.refresh_from_db()
    again = services.register_documents(case, _news(["1"]))
    assert [d.sub_number for d in again] == [2]


@pytest.mark.django_db
def test_documents_with_files_are_refused(municipality_a):
    case = new_case(municipality_a)
    new = services.NewDocument(subject="PDF", direction="outgoing", files=[pdf()])
    with pytest.raises(services.DocumentsError):
        services.register_documents(case, [new])
    case.refresh_from_db()
    assert case.last_sub_number == 1


@pytest.mark.django_db(transaction=True)
def test_bulk_and_single_writers_in_one_case_never_share_or_skip_a_number(provision):
    assert connection.vendor == "postgresql"
    municipality = provision(name="Tömegfalva", slug="tomegfalva", ksh_code="60200")
    kind = case_type(municipality)
    shared = services.open_case(municipality, case_type=kind, subject="Közös", client_name="X")
    start, errors = threading.Barrier(4), []

    def writer(number):
        try:
            start.wait()
            for i in range(20):
                if number % 2:
                    services.register_documents(shared, _news([f"{number}/{i}a", f"{number}/{i}b"]))
                else:
                    services.register_document(
                        shared, direction="outgoing", subject=f"{number}/{i}"
                    )
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    subs = list(
        Document.objects.for_municipality(municipality)
        .filter(case=shared)
        .order_by("sub_number")
        .values_list("sub_number", flat=True)
    )
    assert subs == list(range(1, 2 * 20 * 2 + 2 * 20 + 1))
