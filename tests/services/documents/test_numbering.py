"""Registry numbers: printed form, prefix, sub-numbers, rollback, immutability."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from services.documents import services
from services.documents.models import (
    AuditEvent,
    Case,
    Document,
    DocumentFile,
    ImmutableRecordError,
    RegistryBook,
    RegistrySettings,
)

from .conftest import case_type, new_case, pdf

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def test_numbers_are_printed_main_dash_sub_slash_year(municipality_a):
    first = new_case(municipality_a)
    second = new_case(municipality_a)
    assert first.registry_number == f"1/{YEAR}"
    assert second.registry_number == f"2/{YEAR}"
    reply = services.register_document(second, direction="outgoing", subject="Válasz")
    assert reply.registry_number == f"2-2/{YEAR}"
    assert [d.sub_number for d in services.documents_of(second)] == [1, 2]


def test_each_municipality_has_its_own_book(municipality_a, municipality_b):
    new_case(municipality_a)
    new_case(municipality_a)
    case_b = new_case(municipality_b)
    assert case_b.main_number == 1
    assert RegistryBook.objects.for_municipality(municipality_a).get().last_main_number == 2


def test_a_prefix_is_printed_and_starts_its_own_book(municipality_a):
    new_case(municipality_a)
    RegistrySettings.objects.create(municipality=municipality_a, prefix="EGR")
    case = new_case(municipality_a)
    assert case.registry_number == f"EGR/1/{YEAR}"
    document = services.documents_of(case).get()
    assert document.registry_number == f"EGR/1-1/{YEAR}"
    assert RegistryBook.objects.for_municipality(municipality_a).count() == 2


def test_a_rolled_back_registration_gives_its_number_back(municipality_a):
    new_case(municipality_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        new_case(municipality_a)
        raise RuntimeError("the officer's upload failed")
    assert new_case(municipality_a).main_number == 2


def test_a_bad_upload_registers_nothing(municipality_a, case_a):
    fake = pdf(name="level.pdf")
    fake.file.write(b"")  # keep the file object valid
    not_a_pdf = type(fake)("level.pdf", b"MZ\x90\x00 exe", content_type="application/pdf")
    with pytest.raises(services.DocumentsError) as error:
        services.register_document(
            case_a, direction="incoming", subject="Hiánypótlás", files=[not_a_pdf]
        )
    assert "level.pdf" in str(error.value)
    case_a.refresh_from_db()
    assert case_a.last_sub_number == 1
    assert (
        services.register_document(case_a, direction="internal", subject="Feljegyzés").sub_number
        == 2
    )


def test_registered_documents_refuse_change_and_deletion(case_a):
    document = services.documents_of(case_a).get()
    document.subject = "Átírva"
    with pytest.raises(ImmutableRecordError):
        document.save()
    with pytest.raises(ImmutableRecordError):
        document.delete()
    stored = DocumentFile.objects.for_municipality(case_a.municipality).get()
    with pytest.raises(ImmutableRecordError):
        stored.save()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE documents_document SET subject = 'x'",
        "DELETE FROM documents_document",
        "UPDATE documents_documentfile SET sha256 = 'x'",
        "UPDATE documents_auditevent SET actor_name = 'senki'",
        "DELETE FROM documents_auditevent",
    ],
)
def test_postgresql_refuses_changes_to_append_only_tables(case_a, statement):
    assert connection.vendor == "postgresql"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert Document.objects.for_municipality(case_a.municipality).get().subject == "Kérelem"
    assert AuditEvent.objects.for_municipality(case_a.municipality).exists()


def test_a_correction_is_a_new_sub_number_referencing_the_original(case_a, officer_a):
    original = services.documents_of(case_a).get()
    correction = services.correct(original, subject="Helyesbítés: hibás dátum", user=officer_a)
    assert correction.sub_number == 2 and correction.corrects == original
    original.refresh_from_db()
    assert original.subject == "Kérelem"


def test_case_types_of_another_municipality_are_refused(municipality_a, municipality_b):
    with pytest.raises(services.DocumentsError):
        services.open_case(
            municipality_a, case_type=case_type(municipality_b), subject="x", client_name="y"
        )
    assert not Case.objects.for_municipality(municipality_a).exists()
