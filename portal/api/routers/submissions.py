"""Form submissions and their status (forms.submissions.read). Drafts are the citizen's
unfinished work, not the municipality's yet: only sent submissions are served."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from services.forms.constants import SubmissionStatus
from services.forms.models import Submission

from .. import problems
from ..audit import note_object
from ..auth import require_scope
from ..pagination import PageParams, page
from ..scopes import Scope

router = Router()
SENT = [SubmissionStatus.SUBMITTED, SubmissionStatus.RECEIVED, SubmissionStatus.REJECTED]


class SubmissionOut(Schema):
    id: int
    reference: str
    status: str
    fee: int = Field(description="Ft")
    submitted_at: datetime.datetime | None
    registry_number: str


class SubmissionDetail(SubmissionOut):
    answers: dict


class SubmissionPage(Schema):
    items: list[SubmissionOut]
    next_cursor: str | None


def _sent(municipality):
    return Submission.objects.for_municipality(municipality).filter(status__in=SENT)


def _out(submission, cls=SubmissionOut, **extra):
    return cls(
        id=submission.pk,
        reference=submission.reference,
        status=submission.status,
        fee=submission.fee,
        submitted_at=submission.submitted_at,
        registry_number=submission.registry_number,
        **extra,
    )


@router.get("{ksh_code}/forms/submissions", response=SubmissionPage, summary="Submissions")
def submissions(request, ksh_code: str, filters: Query[PageParams]):
    municipality, _actor = require_scope(request, ksh_code, Scope.FORMS_SUBMISSIONS_READ)
    items, following = page(_sent(municipality), filters, f"forms.submissions.{municipality.pk}")
    return {"items": [_out(s) for s in items], "next_cursor": following}


@router.get(
    "{ksh_code}/forms/submissions/{int:submission_id}",
    response=SubmissionDetail,
    summary="A submission with its answers",
)
def submission(request, ksh_code: str, submission_id: int):
    municipality, _actor = require_scope(request, ksh_code, Scope.FORMS_SUBMISSIONS_READ)
    found = _sent(municipality).filter(pk=submission_id).first()
    if found is None:
        raise problems.not_found(_("This municipality has no such submission."))
    note_object(request, "submission", found.pk)
    answers = found.data if isinstance(found.data, dict) else {}
    return _out(found, SubmissionDetail, answers=answers)
