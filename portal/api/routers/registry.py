"""The registry (registry.read): cases, their documents' metadata and status changes, and
a document's file by a short-lived signed link. Restricted cases (only their handling
officer may see them) are not served to applications at all."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from services.documents import services as documents
from services.documents.models import Case

from .. import files, problems
from ..audit import note_object
from ..auth import require_scope
from ..pagination import PageParams, page
from ..scopes import Scope

router = Router()


class CaseOut(Schema):
    id: int
    registry_number: str
    subject: str
    status: str
    case_type: str
    client_kind: str
    client_name: str
    received_at: datetime.datetime
    deadline_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    closed_at: datetime.datetime | None


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None


class CaseFilter(PageParams):
    status: str = Field("", max_length=30)


class StatusStep(Schema):
    status: str
    label: str
    at: datetime.datetime


class FileOut(Schema):
    id: int
    name: str
    size: int | None
    link: str = Field(description="valid for a short time; no token needed to follow it")


class DocumentOut(Schema):
    id: int
    registry_number: str
    direction: str
    subject: str
    registered_at: datetime.datetime | None
    files: list[FileOut]


class CaseDetail(CaseOut):
    status_changes: list[StatusStep]
    documents: list[DocumentOut]


def _cases(municipality):
    return (
        Case.objects.for_municipality(municipality)
        .filter(restricted=False)
        .select_related("case_type")
    )


def _case_out(case, cls=CaseOut, **extra):
    return cls(
        id=case.pk,
        registry_number=case.registry_number,
        subject=case.subject,
        status=case.status,
        case_type=getattr(case.case_type, "name", "") or "",
        client_kind=case.client_kind,
        client_name=case.client_name,
        received_at=case.received_at,
        deadline_at=case.deadline_at,
        decided_at=case.decided_at,
        closed_at=case.closed_at,
        **extra,
    )


@router.get("{ksh_code}/registry/cases", response=CasePage, summary="Cases")
def cases(request, ksh_code: str, filters: Query[CaseFilter]):
    municipality, _actor = require_scope(request, ksh_code, Scope.REGISTRY_READ)
    found = _cases(municipality)
    if filters.status:
        found = found.filter(status=filters.status)
    items, following = page(found, filters, f"registry.cases.{municipality.pk}")
    return {"items": [_case_out(c) for c in items], "next_cursor": following}


@router.get("{ksh_code}/registry/cases/{int:case_id}", response=CaseDetail, summary="A case")
def case(request, ksh_code: str, case_id: int):
    municipality, _actor = require_scope(request, ksh_code, Scope.REGISTRY_READ)
    found = _cases(municipality).filter(pk=case_id).first()
    if found is None:
        raise problems.not_found(_("This municipality has no such case."))
    note_object(request, "case", found.pk)
    docs = list(documents.documents_of(found).order_by("pk"))
    files_by_document = documents.files_of(docs)
    return _case_out(
        found,
        CaseDetail,
        status_changes=[
            StatusStep(status=step.status, label=str(step.label), at=step.at)
            for step in documents.timeline(found)
        ],
        documents=[
            DocumentOut(
                id=doc.pk,
                registry_number=doc.registry_number,
                direction=doc.direction,
                subject=doc.subject,
                registered_at=doc.registered_at,
                files=[
                    FileOut(
                        id=row.pk,
                        name=files.name_of(row),
                        size=files.size_of(row),
                        link=request.build_absolute_uri(files.signed_link(municipality, row)),
                    )
                    for row in files_by_document.get(doc.pk, [])
                ],
            )
            for doc in docs
        ],
    )
