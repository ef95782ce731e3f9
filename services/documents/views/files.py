"""Registered files, served only while they match the SHA-256 taken at registration."""

import logging

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sites.downloads import content_download, file_download
from sites.workspace import ObjectView

from .. import auditing
from ..constants import AuditAction
from ..files import ChecksumMismatch, verified_copy
from ..models import DocumentFile
from .base import CaseMixin, MunicipalMixin

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
        return file_download(content, stored.original_name, stored.content_type)

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


class SubmissionPdfView(CaseMixin, ObjectView):
    """The submission's answers as a PDF for the officer to file or print: drawn from the
    labelled sections stored on the case, so it says what the case page says."""

    def get(self, request, *args, **kwargs):
        case = self.object
        if not case.submission_sections:
            raise Http404
        # WeasyPrint needs the system's Pango; imported only when a PDF is made.
        from weasyprint import HTML

        auditing.record(
            AuditAction.DOWNLOAD,
            municipality_id=self.municipality.pk,
            actor=self.actor,
            case=case,
            detail=_("submission (PDF)"),
        )
        html = render_to_string("documents/pdf/submission.html", {"case": case}, request)
        # No base URL: the template is self-contained and nothing is fetched from outside.
        pdf = HTML(string=html, base_url=None).write_pdf()
        name = case.registry_number.replace("/", "-")
        return content_download(pdf, f"beadvany-{name}.pdf", "application/pdf")
