"""Intake: an application handed in (a form today; a tax declaration, a trade notification
next) becomes the first, incoming document of a new case. The registry registers the
entry it is handed; what the entry says is the handing service's business, so the registry
never imports one."""

import dataclasses
import datetime

from ..casetypes import case_type_for_form
from ..constants import ClientKind, Direction
from ..models import Case
from .registration import NewDocument, documents_of, register_case


@dataclasses.dataclass
class IncomingEntry:
    """One incoming application, as the registry needs it."""

    municipality: object
    # The handing service's record, by id and by the citizen's reference: one case per
    # record (a retried registration finds its case instead of opening a second).
    source_id: int
    source_reference: str
    # The procedure's code (a form's code) and the central template's, which choose the
    # case type (casetypes.case_type_for_form).
    procedure_code: str
    template_code: str | None
    subject: str
    document_subject: str
    received_at: datetime.datetime
    fee: int = 0
    handling_group: str = ""
    client_user: object = None
    client_name: str = ""
    client_email: str = ""
    client_address: str = ""
    client_kind: str = ClientKind.PERSON
    # The content of the incoming document: django File objects with a ``content_type``.
    files: list = dataclasses.field(default_factory=list)
    # The answers for a person to read, labelled by the handing service:
    # ``[{"title": str, "items": [{"label": str, "value": str}]}]``; a repeated group's item
    # has ``"rows": [[{"label", "value"}, …], …]`` instead of a value.
    sections: list = dataclasses.field(default_factory=list)
    # The fee's confirmed payment, when the application is registered after paying.
    paid_amount: int = 0
    paid_at: datetime.datetime | None = None


def _readable(sections):
    """Only titles, labels and text values are kept: the case stores what an officer reads,
    whatever shape the handing service's own values have."""

    def text(value):
        return "" if value is None else str(value)

    def pair(item):
        return {"label": text(item.get("label")), "value": text(item.get("value"))}

    readable = []
    for section in sections or []:
        items = []
        for item in section.get("items") or []:
            if "rows" in item:
                rows = [[pair(cell) for cell in row] for row in item["rows"] or []]
                items.append({"label": text(item.get("label")), "rows": rows})
            else:
                items.append(pair(item))
        if items:
            readable.append({"title": text(section.get("title")), "items": items})
    return readable


def register_incoming(entry):
    """Register the entry as the incoming first document of a new case, inside the
    caller's (the submitting) transaction; returns the document's registry number for the
    receipt. Idempotent: an entry already registered returns its number."""
    municipality = entry.municipality
    existing = (
        Case.objects.for_municipality(municipality).filter(submission_id=entry.source_id).first()
    )
    if existing is not None:
        first = documents_of(existing).order_by("sub_number").first()
        return first.registry_number if first else existing.registry_number
    _case, document = register_case(
        municipality,
        case_type=case_type_for_form(municipality, entry.procedure_code, entry.template_code),
        subject=entry.subject,
        handling_group=entry.handling_group,
        fee=entry.fee,
        fee_paid=entry.paid_amount,
        fee_paid_at=entry.paid_at,
        submission_sections=_readable(entry.sections),
        received_at=entry.received_at,
        client_user=entry.client_user,
        source_id=entry.source_id,
        source_reference=entry.source_reference,
        user=entry.client_user,
        client_name=entry.client_name,
        client_email=entry.client_email,
        client_address=entry.client_address[:255],
        client_kind=entry.client_kind,
        document=NewDocument(
            subject=entry.document_subject,
            direction=Direction.INCOMING,
            correspondent=entry.client_name,
            files=entry.files,
            trusted_files=True,
        ),
    )
    return document.registry_number
