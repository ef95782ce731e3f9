"""Registering: a case under its book's next main number, a document under its case's next
sub-number, with its files.

Numbers: a case takes the next main number from its registry book, a document the next
sub-number from its case. Both are taken by locking that one row inside the transaction
that registers, so a rollback gives the number back (no gap) and two registrations never
get the same number; registrations in other books (other municipalities, other years) do
not wait for each other."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import auditing
from ..constants import AuditAction, ClientKind
from ..files import check_upload, sha256_of
from ..models import Case, Document, DocumentFile, RegistryBook, RegistrySettings, format_number
from .deadline import _refresh_deadline
from .errors import DocumentsError

# -- numbers


def registry_prefix(municipality):
    settings_row = RegistrySettings.objects.for_municipality(municipality).first()
    return settings_row.prefix if settings_row else ""


def _locked_book(municipality_id, year, prefix):
    books = RegistryBook.objects.for_municipality(municipality_id).select_for_update()
    book = books.filter(year=year, prefix=prefix).first()
    if book is None:
        # Two first registrations of a year may race: the loser's insert does nothing.
        RegistryBook.objects.bulk_create(
            [RegistryBook(municipality_id=municipality_id, year=year, prefix=prefix)],
            ignore_conflicts=True,
        )
        book = books.get(year=year, prefix=prefix)
    return book


def _take_main_number(municipality, prefix=None):
    prefix = registry_prefix(municipality) if prefix is None else prefix
    book = _locked_book(municipality.pk, timezone.localdate().year, prefix)
    book.last_main_number += 1
    book.save(update_fields=["last_main_number"])
    return book


def _take_sub_number(case):
    locked = Case.objects.for_municipality(case.municipality_id).select_for_update().get(pk=case.pk)
    locked.last_sub_number += 1
    Case.objects.for_municipality(case.municipality_id).filter(pk=case.pk).update(
        last_sub_number=locked.last_sub_number
    )
    case.last_sub_number = locked.last_sub_number
    return locked.last_sub_number


# -- registering


@transaction.atomic
def open_case(
    municipality,
    *,
    case_type,
    subject,
    client_name,
    client_kind=ClientKind.PERSON,
    client_email="",
    client_address="",
    client_user=None,
    received_at=None,
    handling_group="",
    fee=0,
    initiated_by_request=True,
    restricted=False,
    source_id=None,
    source_reference="",
    user=None,
    actor=None,
):
    """Register a new case under the next main number of this year's book."""
    if case_type.municipality_id != municipality.pk:
        raise DocumentsError(_("This case type belongs to another municipality."))
    book = _take_main_number(municipality)
    case = Case(
        municipality=municipality,
        book=book,
        main_number=book.last_main_number,
        registry_number=format_number(book.prefix, book.last_main_number, book.year),
        subject=subject[:255],
        case_type=case_type,
        client_kind=client_kind,
        client_name=client_name[:255],
        client_email=client_email[:254],
        client_address=client_address[:255],
        client_user=client_user,
        # The handing service's record (an application's form submission), if any.
        submission_id=source_id,
        submission_reference=source_reference[:12],
        handling_group=(handling_group or case_type.handling_group)[:255],
        restricted=restricted,
        received_at=received_at or timezone.now(),
        initiated_by_request=initiated_by_request,
        fee=fee,
        procedure_rule=case_type.procedure_rule,
        deadline_days=case_type.deadline_days,
    )
    _refresh_deadline(case)
    case.save()
    auditing.record(
        AuditAction.CREATE_CASE,
        municipality_id=municipality.pk,
        user=user,
        actor=actor,
        case=case,
        detail=case.subject,
    )
    return case


@transaction.atomic
def register_document(
    case,
    *,
    direction,
    subject,
    text="",
    correspondent="",
    files=(),
    corrects=None,
    is_decision=False,
    user=None,
    actor=None,
    trusted_files=False,
):
    """Register a document under the case's next sub-number, with its files.

    ``files`` are uploaded files (checked by content unless ``trusted_files``: the
    platform's own renderings). Returns the Document."""
    for upload in files:
        if not trusted_files:
            try:
                check_upload(upload)
            except ValidationError as error:
                raise DocumentsError(f"{upload.name}: {' '.join(error.messages)}") from error
    if corrects is not None and corrects.case_id != case.pk:
        raise DocumentsError(
            _("A correction belongs to the same case as the document it corrects.")
        )
    sub_number = _take_sub_number(case)
    document = Document.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        sub_number=sub_number,
        registry_number=case.sub_number_label(sub_number),
        direction=direction,
        subject=subject[:255],
        text=text,
        correspondent=correspondent[:255],
        corrects=corrects,
        is_decision=is_decision,
        registered_by=user if getattr(user, "is_authenticated", False) else None,
    )
    for upload in files:
        content_type = (
            getattr(upload, "content_type", "") if trusted_files else check_upload(upload)
        ) or ""
        stored = DocumentFile(
            municipality_id=case.municipality_id,
            document=document,
            original_name=str(upload.name)[-255:],
            content_type=content_type[:100],
            size=upload.size,
            sha256=sha256_of(upload),
        )
        stored.file.save(str(upload.name), upload, save=False)
        stored.save()
    auditing.record(
        AuditAction.REGISTER_DOCUMENT,
        municipality_id=case.municipality_id,
        user=user,
        actor=actor,
        case=case,
        document=document,
        detail=f"{document.get_direction_display()}: {document.subject}",
    )
    return document


def documents_of(case):
    return Document.objects.for_municipality(case.municipality_id).filter(case=case)


def files_of(documents):
    by_document = {}
    ids = [d.pk for d in documents]
    if not ids:
        return by_document
    rows = DocumentFile.objects.for_municipality(documents[0].municipality_id).filter(
        document_id__in=ids
    )
    for row in rows:
        by_document.setdefault(row.document_id, []).append(row)
    return by_document
