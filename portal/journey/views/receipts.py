"""The receipt of a submission, as a page and as a PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from services.forms.services import answers_context

from ..access import may_see_submission
from ..constants import EventKind
from ..models import Receipt
from ..pdf import receipt_pdf as draw_pdf
from ..services import record
from .common import affairs_url, municipality_or_404


def _receipt_or_404(request, slug, reference):
    municipality = municipality_or_404(slug)
    receipt = (
        Receipt.objects.for_municipality(municipality)
        .filter(submission__reference=str(reference)[:12])
        .select_related("submission", "submission__revision", "representation", "municipality")
        .first()
    )
    if receipt is None or not may_see_submission(request.user, receipt.submission):
        raise Http404(_("There is no such receipt."))
    return receipt


def _answers(found):
    revision = found.submission.revision
    return answers_context(revision.definition, found.content.get("answers") or {})


@login_required
def receipt(request, slug, reference):
    found = _receipt_or_404(request, slug, reference)
    return render(
        request,
        "journey/receipt.html",
        {
            "municipality": found.municipality,
            "receipt": found,
            "content": found.content,
            "answers": _answers(found),
            "affairs_url": affairs_url(),
        },
    )


@login_required
def receipt_pdf(request, slug, reference):
    found = _receipt_or_404(request, slug, reference)
    response = HttpResponse(
        draw_pdf(found, _answers(found), request), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="nyugta-{found.submission.reference}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    record(
        request.user, EventKind.RECEIPT_DOWNLOADED, found.municipality, found.submission.reference
    )
    return response
