"""A citizen's unfinished answers and the files kept with them until they submit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites import normalise

from ..constants import FormStatus, SubmissionStatus
from ..definition import iter_fields
from ..fieldtypes import CleaningContext, field_types
from ..models import FormCustomisation, Submission, SubmissionFile, TemplateVersion
from ..validation import SubmissionInvalid
from .errors import FormsError


def _context(municipality, files=None, template_code="", submitter=None):
    return CleaningContext(
        municipality=municipality,
        files=files or {},
        template_code=template_code,
        submitter=submitter,
    )


@transaction.atomic
def save_draft(customisation, data, submitter=None, draft=None):
    """Keep a citizen's unfinished answers on the revision they started with."""
    if draft is None:
        if not customisation.is_published:
            raise FormsError(_("This form is not published."))
        draft = Submission(
            municipality_id=customisation.municipality_id,
            revision=customisation.live_revision,
            submitter=submitter,
        )
    elif draft.status != SubmissionStatus.DRAFT:
        raise FormsError(_("This submission was already sent."))
    # Kept before it is checked, so it may hold what PostgreSQL cannot store (a NUL): the
    # channel tells the person (the wizard does); here it is only kept out of the database.
    draft.data = normalise.strip_unstorable(data)[0] if isinstance(data, dict) else {}
    draft.save()
    return draft


def _stored_files(submission):
    return list(
        SubmissionFile.objects.for_municipality(submission.municipality_id).filter(
            submission=submission
        )
    )


def _store_file(submission, key, upload, cleaned_value):
    stored = SubmissionFile(
        municipality_id=submission.municipality_id,
        submission=submission,
        field_key=key,
        original_name=str(upload.name)[-255:],
        # From the checked content (fieldtypes), never the type the browser claimed.
        content_type=cleaned_value.get("content_type", "")[:100],
        size=upload.size,
    )
    stored.file.save(str(upload.name), upload, save=False)
    stored.save()
    return stored


def draft_of(application):
    """The submission (answers and files) behind an application of the form kind
    (services.intake), in its municipality."""
    return (
        Submission.objects.for_municipality(application.municipality_id)
        .select_related("revision__customisation")
        .get(pk=application.subject_id)
    )


def draft_files(draft):
    """{field key: SubmissionFile} of the files kept with a draft."""
    return {stored.field_key: stored for stored in _stored_files(draft)}


@transaction.atomic
def attach_draft_file(draft, key, upload):
    """Check one uploaded file against its field and keep it with the draft, replacing an
    earlier one of the same field. Raises SubmissionInvalid ({key: messages})."""
    if draft.status != SubmissionStatus.DRAFT:
        raise FormsError(_("This submission was already sent."))
    spec = next(
        (
            spec
            for _step, spec, group in iter_fields(draft.revision.definition)
            if group is None and spec["key"] == key and spec["type"] == "file"
        ),
        None,
    )
    if spec is None:
        raise SubmissionInvalid({key: [_("This form has no such file field.")]})
    field_type = field_types["file"]()
    if field_type.is_empty(upload):
        raise SubmissionInvalid({key: [_("The file is empty.")]})
    try:
        value = field_type.clean(upload, spec, _context(draft.municipality))
    except ValidationError as error:
        raise SubmissionInvalid({key: [str(m) for m in error.messages]}) from None
    remove_draft_file(draft, key)
    return _store_file(draft, key, upload, value)


@transaction.atomic
def remove_draft_file(draft, key):
    if draft.status != SubmissionStatus.DRAFT:
        raise FormsError(_("This submission was already sent."))
    for stored in _stored_files(draft):
        if stored.field_key == key:
            stored.file.delete(save=False)
            stored.delete()


@transaction.atomic
def discard_draft(draft):
    """Delete an unsent draft with its files (the citizen's choice, or its expiry)."""
    if draft.status != SubmissionStatus.DRAFT:
        raise FormsError(_("This submission was already sent."))
    for stored in _stored_files(draft):
        stored.file.delete(save=False)
    Submission.objects.for_municipality(draft.municipality_id).filter(pk=draft.pk).delete()


def draft_expired(submission, now=None):
    """True when the provider set a hard cut-off that ends drafts of this version."""
    version = submission.revision.template_version
    if version is None:
        return False
    live_number = (
        FormCustomisation.objects.for_municipality(submission.municipality_id)
        .filter(pk=submission.revision.customisation_id, status=FormStatus.PUBLISHED)
        .values_list("live_revision__template_version__number", flat=True)
        .first()
    )
    if live_number is None or live_number <= version.number:
        # The municipality still serves this version (a conflict holds it back): there is
        # nothing newer to move to, and the citizen must not be blocked.
        return False
    now = now or timezone.now()
    return TemplateVersion.objects.filter(
        template_id=version.template_id, number__gt=version.number, drafts_cutoff__lte=now
    ).exists()
