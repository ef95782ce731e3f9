"""The document registry's façade: the operations views, commands and other apps call.
Nobody else writes this app's models, and other apps import from here (or the app's
``models`` and ``constants``), never from the modules behind it.

Behind it, by responsibility: ``registration`` (numbers, cases, documents and their files),
``casework`` (the officer's steps and the deadline they move), ``records`` (restriction,
relations, corrections), ``intake`` (a submitted form becomes a case) and ``citizen`` (the
client's window on their own cases)."""

from ..access import municipalities_for
from ..calendar import WorkingCalendar, default_calendar
from ..casetypes import case_types
from ..delivery import DeliveryChannel, channel_label, delivery_channels
from ..events import case_listeners
from ..files import ChecksumMismatch
from .casework import (
    assign,
    close,
    decide,
    reply,
    request_information,
    require_decidable,
    resume,
    start,
    suspend,
)
from .citizen import (
    InformationRequest,
    TimelineStep,
    answer_request,
    case_of,
    cases_of,
    client_documents,
    client_file,
    open_request,
    open_verified,
    record_read_receipt,
    timeline,
)
from .deadline import due_soon_end, due_soon_filter, is_late, late_filter, late_refund
from .errors import DocumentsError
from .intake import IncomingEntry, register_incoming
from .records import correct, relate, set_restricted
from .registration import (
    NewDocument,
    documents_of,
    files_of,
    open_case,
    register_case,
    register_document,
)

__all__ = [
    # the officer's work
    "DocumentsError",
    "assign",
    "close",
    "correct",
    "decide",
    "require_decidable",
    "documents_of",
    "files_of",
    "late_refund",
    "open_case",
    "NewDocument",
    "register_case",
    "register_document",
    "relate",
    "reply",
    "request_information",
    "resume",
    "set_restricted",
    "start",
    "suspend",
    # the deadline: the one meaning of "late" (paused deadlines, local dates)
    "due_soon_end",
    "due_soon_filter",
    "is_late",
    "late_filter",
    # intake of a submission
    "IncomingEntry",
    "register_incoming",
    # the client's window (the citizen portal)
    "ChecksumMismatch",
    "InformationRequest",
    "TimelineStep",
    "answer_request",
    "case_of",
    "cases_of",
    "client_documents",
    "client_file",
    "open_request",
    "open_verified",
    "record_read_receipt",
    "timeline",
    # who may use the registry
    "municipalities_for",
    # the Hungarian working-day calendar (data/calendar), for other apps' due dates
    "WorkingCalendar",
    "default_calendar",
    # extension points: channels that deliver outgoing documents, listeners of case events
    "DeliveryChannel",
    "case_listeners",
    "channel_label",
    "delivery_channels",
    # the municipality's case types (created from the retention schedule on first use)
    "case_types",
]

# Delivering one outgoing document now (a service that registered it without a casework
# step: the tax office's assessment decisions), and whom it is addressed to.
from ..delivery import addressee, deliver, document_addressees  # noqa: E402

__all__ += ["addressee", "deliver", "document_addressees"]  # noqa: PLE0605

# Many outgoing documents of one case at once (an annual assessment's decisions).
from .bulk import register_documents  # noqa: E402

__all__ += ["register_documents"]  # noqa: PLE0605

# A service's own list of the cases of its procedures (the trade officer's licence cases).
from .procedures import case_types_of_forms, cases_of_forms  # noqa: E402

__all__ += ["case_types_of_forms", "cases_of_forms"]  # noqa: PLE0605

# The provider's fleet console: the registry's volume and failed deliveries.
from .fleet import failed_deliveries, registry_volume  # noqa: E402

__all__ += ["failed_deliveries", "registry_volume"]  # noqa: PLE0605
