"""The officers' workspace in the Wagtail admin: inbox, case, documents, audit history.

URLs are ``/admin/ugyiratok/onkormanyzat/<id>/…``; see access.py for who sees what. Every
opening of a case or a file, and every change, is written to the audit trail."""

from .actions import CaseActionView
from .base import IndexView
from .case import AuditView, CaseDetailView
from .files import FileDownloadView, SubmissionPdfView
from .listing import CaseListView, NewCaseView
from .schedule import CaseTypesView, RegistrySettingsView

__all__ = [
    "AuditView",
    "CaseActionView",
    "CaseDetailView",
    "CaseListView",
    "CaseTypesView",
    "FileDownloadView",
    "IndexView",
    "NewCaseView",
    "RegistrySettingsView",
    "SubmissionPdfView",
]
