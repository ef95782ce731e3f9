"""Registered files, served only while they match the SHA-256 taken at registration."""

import logging

from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.views.generic import TemplateView

from .. import auditing
from ..constants import AuditAction
from ..files import ChecksumMismatch, verified_copy
from ..models import DocumentFile
from .base import MunicipalMixin

logger = logging.getLogger(__name__)


class FileDownloadView(MunicipalMixin, TemplateView):
    def get(self, request, municipality_id, case_id, file_id):
        case = self.get_case()
        stored = get_object_or_404(
            DocumentFile.objects.for_municipality(self.municipality)
            .filter(document__case=case)
            .select_related("document"),
            pk=file_id,
        )
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
