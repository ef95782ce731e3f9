"""Registered files, served only while they match the SHA-256 taken at registration."""

import logging

from django.http import FileResponse
from django.shortcuts import render

from sites.workspace import ObjectView

from .. import auditing
from ..constants import AuditAction
from ..files import ChecksumMismatch, verified_copy
from ..models import DocumentFile
from .base import MunicipalMixin

logger = logging.getLogger(__name__)


class FileDownloadView(MunicipalMixin, ObjectView):
    """A file of a case the user may see; the file is the record, the case its way in."""

    pk_url_kwarg = "file_id"

    def get_object_queryset(self):
        return (
            DocumentFile.objects.for_municipality(self.municipality)
            .filter(document__case=self.get_case())
            .select_related("document", "document__case")
        )

    def get(self, request, *args, **kwargs):
        stored = self.object
        case = stored.document.case
        try:
            content = verified_copy(stored)
        except (ChecksumMismatch, FileNotFoundError, OSError) as error:
            return self.unreadable(case, stored, error)
        auditing.record(
            AuditAction.DOWNLOAD,
            municipality_id=self.municipality.pk,
            actor=self.actor,
            case=case,
            document=stored.document,
            detail=stored.original_name,
        )
        response = FileResponse(
            content,
            as_attachment=True,
            filename=stored.original_name,
            content_type=stored.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    def unreadable(self, case, stored, error):
        mismatch = isinstance(error, ChecksumMismatch)
        logger.error(
            "Registered file %s of %s (%s) %s: %s",
            stored.pk,
            stored.document.registry_number,
            self.municipality.slug,
            "does not match its SHA-256" if mismatch else "cannot be read",
            error,
        )
        auditing.record(
            AuditAction.CHECKSUM_MISMATCH,
            municipality_id=self.municipality.pk,
            actor=self.actor,
            case=case,
            document=stored.document,
            detail=f"{stored.original_name}: {error}"[:500],
        )
        return render(
            self.request,
            "documents/admin/file_error.html",
            {
                "case": case,
                "stored": stored,
                "mismatch": mismatch,
                "municipality": self.municipality,
            },
            status=503,
        )
