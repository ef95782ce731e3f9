from .audit import AuditEvent
from .cases import Case, CasePause, format_number
from .documents import (
    DeliveryAttempt,
    Document,
    DocumentFile,
    ImmutableRecordError,
)
from .registry import RegistryBook, RegistrySettings
from .schedule import CaseType, FormCaseType, RetentionScheduleItem

__all__ = [
    "AuditEvent",
    "Case",
    "CasePause",
    "CaseType",
    "DeliveryAttempt",
    "Document",
    "DocumentFile",
    "FormCaseType",
    "ImmutableRecordError",
    "RegistryBook",
    "RegistrySettings",
    "RetentionScheduleItem",
    "format_number",
]
