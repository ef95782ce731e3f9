"""A submission's files, served to their owner and the municipality's officers only.

Never inline: every file is an attachment, with a content type derived from its checked
content (never HTML or SVG), nosniff, and a sandboxing CSP should a browser open it anyway."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from services.forms.models import Submission, SubmissionFile
from services.forms.services import FILE_CONTENT_TYPES

from ..access import may_see_submission
from ..constants import EventKind
from ..services import record
from .common import municipality_or_404


def _safe_content_type(stored):
    extension = (
        stored.original_name.rsplit(".", 1)[-1].lower() if "." in stored.original_name else ""
    )
    content_type = FILE_CONTENT_TYPES.get(extension, "application/octet-stream")
    return content_type if stored.content_type in ("", content_type) else "application/octet-stream"


@login_required
def download(request, slug, reference, key):
    municipality = municipality_or_404(slug)
    submission = (
        Submission.objects.for_municipality(municipality)
        .filter(reference=str(reference)[:12])
        .first()
    )
    if submission is None or not may_see_submission(request.user, submission):
        raise Http404(_("There is no such file."))
    stored = (
        SubmissionFile.objects.for_municipality(municipality)
        .filter(submission=submission, field_key=key[:120])
        .first()
    )
    if stored is None:
        raise Http404(_("There is no such file."))
    try:
        handle = stored.file.open("rb")
    except OSError:
        raise Http404(_("There is no such file.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=stored.original_name,
        content_type=_safe_content_type(stored),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    record(
        request.user,
        EventKind.FILE_DOWNLOADED,
        municipality,
        submission.reference,
        field=stored.field_key,
    )
    return response
