"""The number is the last step of a registration (issue #14, item 8).

The files are written and fingerprinted before the number is taken, so the book's row is
not locked while they are written; a registration that fails after that — after its number
was taken, or while its files were being stored — gives its number back (no gap) and
leaves no file behind in the storage."""

import io
import os
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from services.documents import services
from services.documents.casetypes import case_types, load_schedule
from services.documents.models import AuditEvent, Case, Document, DocumentFile, RegistryBook
from sites.models import Municipality

from .conftest import pdf


class Injected(RuntimeError):
    """A failure of the caller, after the registry's work."""


def stored_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def registered_files(municipality):
    return sorted(
        DocumentFile.objects.for_municipality(municipality).values_list("file", flat=True)
    )


def main_numbers(municipality):
    return list(
        Case.objects.for_municipality(municipality)
        .order_by("main_number")
        .values_list("main_number", flat=True)
    )


def register(municipality, kind, subject="Kérelem", files=None):
    return services.register_case(
        municipality,
        case_type=kind,
        subject=subject,
        client_name="Próba Péter",
        document=services.NewDocument(subject="Kérelem", files=files or [pdf()]),
    )


# The last insert of a registration, after its number was taken, is its audit records';
# this trigger makes it fail for a case or document whose subject says REFUSE, as a
# database error there would (a constraint, a lost connection).
REFUSE_TRIGGER = """
    CREATE FUNCTION test_refuse_marked_audit() RETURNS trigger AS $$
    BEGIN
        IF NEW.detail LIKE '%REFUSE%' THEN
            RAISE EXCEPTION 'refused by the test';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER test_refuse_marked_audit BEFORE INSERT ON documents_auditevent
        FOR EACH ROW EXECUTE FUNCTION test_refuse_marked_audit();
"""
DROP_TRIGGER = """
    DROP TRIGGER IF EXISTS test_refuse_marked_audit ON documents_auditevent;
    DROP FUNCTION IF EXISTS test_refuse_marked_audit();
"""


@pytest.fixture
def refuse_marked_audit():
    with connection.cursor() as cursor:
        cursor.execute(REFUSE_TRIGGER)
    yield
    with connection.cursor() as cursor:
        cursor.execute(DROP_TRIGGER)


@pytest.mark.django_db
def test_a_case_and_its_document_are_registered_in_one_call_with_their_records(
    municipality_a,
):
    kind = case_types(municipality_a).get(code="B-220")
    case, document = register(municipality_a, kind, files=[pdf(), pdf(name="melleklet.pdf")])
    case.refresh_from_db()
    assert (case.main_number, case.last_sub_number) == (1, 1)
    assert document.sub_number == 1 and document.registry_number.startswith("1-1/")
    assert len(registered_files(municipality_a)) == 2
    assert registered_files(municipality_a) == stored_files()
    assert list(
        AuditEvent.objects.for_municipality(municipality_a)
        .order_by("pk")
        .values_list("action", "registry_number")
    ) == [("create_case", case.registry_number), ("register_document", document.registry_number)]


@pytest.mark.django_db
def test_a_failure_after_the_number_leaves_no_gap_and_no_file(municipality_a, refuse_marked_audit):
    kind = case_types(municipality_a).get(code="B-220")
    first, _ = register(municipality_a, kind)
    with pytest.raises(DatabaseError):
        register(municipality_a, kind, subject="REFUSE", files=[pdf(), pdf(name="b.pdf")])
    with pytest.raises(DatabaseError):
        services.register_document(first, direction="incoming", subject="REFUSE", files=[pdf()])

    assert stored_files() == registered_files(municipality_a)
    assert len(stored_files()) == 1
    second, document = register(municipality_a, kind)
    assert second.main_number == 2
    reply = services.register_document(first, direction="outgoing", subject="Válasz")
    assert reply.sub_number == 2
    assert main_numbers(municipality_a) == [1, 2]


@pytest.mark.django_db
def test_a_storage_failure_on_the_second_file_deletes_the_first_and_takes_no_number(
    municipality_a, monkeypatch
):
    kind = case_types(municipality_a).get(code="B-220")
    register(municipality_a, kind)
    original_save = FileSystemStorage._save
    calls = []

    def save_once(storage, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("the disk is full")
        return original_save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", save_once)
    with pytest.raises(OSError):
        register(municipality_a, kind, files=[pdf(), pdf(name="melleklet.pdf")])
    monkeypatch.undo()

    assert len(calls) == 2
    assert stored_files() == registered_files(municipality_a)
    assert register(municipality_a, kind)[0].main_number == 2


@pytest.mark.django_db
def test_a_rolled_back_caller_gives_the_number_back(municipality_a):
    kind = case_types(municipality_a).get(code="B-220")
    register(municipality_a, kind)
    with pytest.raises(Injected), transaction.atomic():
        register(municipality_a, kind, files=[])
        raise Injected("the caller failed after the registration")
    assert register(municipality_a, kind)[0].main_number == 2


THREADS = 4
PER_THREAD = 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_in_one_book_with_failures_leave_no_gap(
    refuse_marked_audit,
):
    assert connection.vendor == "postgresql"
    # Records only: the registry needs no website, and a transactional test is emptied
    # after it, so nothing is provisioned.
    municipality = Municipality.objects.create(
        name="Sorfalva",
        slug="sorfalva",
        ksh_code="60200",
        county="Pest",
        legal_status="kozseg",
        postal_code="2000",
    )
    load_schedule()
    kind = case_types(municipality).get(code="B-220")
    start = threading.Barrier(THREADS)
    errors, committed, failed = [], [], []
    lock = threading.Lock()

    def writer(number):
        try:
            start.wait()
            for i in range(PER_THREAD):
                marker = "REFUSE" if (number + i) % 4 == 0 else ""
                try:
                    case, _ = register(municipality, kind, subject=f"{number}/{i} {marker}")
                except DatabaseError:
                    with lock:
                        failed.append((number, i))
                    continue
                with lock:
                    committed.append(case.main_number)
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
    assert len(failed) == 10 and len(committed) == 30
    # The numbers the writers were given are exactly those on record: 1..30, each once.
    assert sorted(committed) == main_numbers(municipality) == list(range(1, 31))
    assert RegistryBook.objects.for_municipality(municipality).get().last_main_number == 30
    documents = Document.objects.for_municipality(municipality)
    assert documents.count() == 30
    assert set(documents.values_list("sub_number", flat=True)) == {1}
    # Each failed registration had written its file before its number: all are gone.
    assert len(stored_files()) == 30
    assert stored_files() == registered_files(municipality)


@pytest.mark.django_db
def test_the_sweep_deletes_old_unreferenced_files_only(municipality_a):
    # A caller that rolls back after a successful registration, or a killed process,
    # leaves the files written before the number: the sweep removes them once they are old.
    kind = case_types(municipality_a).get(code="B-220")
    register(municipality_a, kind)
    storage = DocumentFile._meta.get_field("file").storage
    folder = f"iratok/{municipality_a.pk}/2026"
    old = storage.save(f"{folder}/elhagyott.pdf", ContentFile(b"%PDF-1.4 old"))
    fresh = storage.save(f"{folder}/folyamatban.pdf", ContentFile(b"%PDF-1.4 new"))
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(storage.path(old), (two_days_ago, two_days_ago))
    registered = registered_files(municipality_a)
    for name in registered:
        os.utime(storage.path(name), (two_days_ago, two_days_ago))

    out = io.StringIO()
    call_command("sweep_registry_files", stdout=out)

    assert stored_files() == sorted([*registered, fresh])
    assert out.getvalue().split()[0].rstrip(",") == "1"  # one deleted
