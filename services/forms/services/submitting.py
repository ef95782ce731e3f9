"""Submitting: the answers checked against the exact revision and stored, frozen. What
happens next (the fee, the registry, the receipt) is the application's life, which intake
owns (``services.forms.application`` is the form's side of it)."""

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..checks import template_code_of
from ..constants import SubmissionStatus
from ..models import Submission
from ..validation import clean_submission
from .drafts import _context, _store_file, _stored_files, draft_expired
from .errors import FormsError


@transaction.atomic
def submit(customisation=None, data=None, files=None, submitter=None, draft=None):
    """Validate the answers against the exact revision and store the submission.

    Either a published ``customisation`` (a new submission on its live revision) or a
    ``draft`` (finished on the revision it was started with). Raises SubmissionInvalid
    with the Hungarian messages, or FormsError. The fee it owes is ``submission.fee``.
    Citizens' channels call ``intake.submit``, which calls this through the form's kind."""
    if draft is not None:
        if draft.status != SubmissionStatus.DRAFT:
            raise FormsError(_("This submission was already sent."))
        if draft_expired(draft):
            raise FormsError(
                _(
                    "This form changed and its earlier version can no longer be submitted. "
                    "Please fill in the current form."
                )
            )
        submission = draft
    else:
        if customisation is None or not customisation.is_published:
            raise FormsError(_("This form is not published."))
        submission = Submission(
            municipality_id=customisation.municipality_id,
            revision=customisation.live_revision,
            submitter=submitter,
        )
    municipality = submission.municipality
    files = dict(files or {})
    # Files uploaded while the draft was filled in are already stored with it: they are
    # checked again with the rest of the answers and kept, not stored a second time.
    kept = {}
    if draft is not None:
        for stored in _stored_files(draft):
            if stored.field_key not in files:
                files[stored.field_key] = File(stored.file.open("rb"), name=stored.original_name)
                kept[stored.field_key] = stored
    try:
        cleaned = clean_submission(
            submission.revision.definition,
            data,
            files,
            _context(
                municipality,
                files,
                template_code_of(submission.revision.customisation),
                submitter or submission.submitter,
            ),
        )
    finally:
        for key in kept:
            files[key].close()
    submission.data = cleaned.data
    submission.fee = cleaned.fee
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    if submitter is not None and submission.submitter_id is None:
        submission.submitter = submitter
    submission.save()
    if draft is not None:
        # A draft's file for a field that is no longer answered (hidden by a condition, or
        # replaced by a new upload) is not part of what was submitted.
        for stored in _stored_files(draft):
            if stored.field_key not in cleaned.files or stored.field_key not in kept:
                stored.file.delete(save=False)
                stored.delete()
    for key, upload in cleaned.files.items():
        if key in kept:
            continue
        _store_file(submission, key, upload, cleaned.data[key])
    return submission
