"""The forms' façade: the operations views, commands and other apps call. Nobody else
writes the forms' models, and other apps import from here (or the app's ``models`` and
``constants``), never from the modules behind it.

Behind it, by responsibility: ``library`` (what a municipality serves, adopting a template,
a local copy), ``customising`` (the designer's draft, publishing, withdrawing), ``updates``
(the provider's legal updates and their conflicts), ``drafts`` (a citizen's unfinished
answers and files) and ``submitting`` (the answers checked and frozen). A submission's
life (fee, registry, receipt) is intake's: ``services.forms.application`` is the form's
kind of application there."""

from ..checks import answer_checks, template_code_of
from ..definition import identity_fields, iter_fields, requires_identification
from ..fieldtypes import FILE_CONTENT_TYPES, CleaningContext
from ..receivers import submission_receivers
from ..render import answers_context, form_context
from ..validation import PATH_SEPARATOR, SubmissionInvalid, clean_submission, data_from_post
from ..validators import (
    normalise_company_registration_number,
    normalise_iban,
    normalise_parcel_number,
    normalise_tax_id,
    normalise_tax_number,
)
from .customising import describe_conflict, publish, save_customisation, withdraw
from .deadlines import enforce_deadlines, open_deadlines, send_reminders
from .drafts import (
    attach_draft_file,
    discard_draft,
    draft_expired,
    draft_files,
    draft_of,
    remove_draft_file,
    save_draft,
)
from .errors import FormsError
from .legal_changes import carry_draft, decide, preview_staged
from .library import adopt, copy_as_local, live_form, published_forms, resolve, withdrawn_notice
from .submitting import submit
from .updates import (
    apply_due_versions,
    outdated_customisations,
    publish_template_version,
    reapply,
    resolution_preview,
    resolve_conflicts,
    switch_if_due,
)

__all__ = [
    "answer_checks",
    "submission_receivers",
    "template_code_of",
    "FormsError",
    "SubmissionInvalid",
    # a municipality's forms
    "adopt",
    "copy_as_local",
    "describe_conflict",
    "live_form",
    "outdated_customisations",
    "publish",
    "publish_template_version",
    "published_forms",
    "reapply",
    "resolve",
    "resolve_conflicts",
    "save_customisation",
    "withdraw",
    "withdrawn_notice",
    # legal changes: dates in force, statutory parts, deadlines
    "apply_due_versions",
    "decide",
    "enforce_deadlines",
    "open_deadlines",
    "preview_staged",
    "resolution_preview",
    "send_reminders",
    "switch_if_due",
    # a citizen's drafts and submissions
    "attach_draft_file",
    "carry_draft",
    "discard_draft",
    "draft_expired",
    "draft_files",
    "draft_of",
    "remove_draft_file",
    "save_draft",
    "submit",
    # for a channel that shows and checks a form step by step (the portal's wizard) and for
    # the registry, which reads the answers of a submission
    "FILE_CONTENT_TYPES",
    "PATH_SEPARATOR",
    "CleaningContext",
    "answers_context",
    "clean_submission",
    "data_from_post",
    "form_context",
    "identity_fields",
    "iter_fields",
    "requires_identification",
    # Hungarian identifiers in their canonical written form (the portal's representation
    # form, the tax registers)
    "normalise_company_registration_number",
    "normalise_iban",
    "normalise_parcel_number",
    "normalise_tax_id",
    "normalise_tax_number",
]

# The provider's figures across the fleet (forms' fleet page and the fleet console). Last:
# the module reads this façade.
from ..fleet import fleet_figures, templates_in_use  # noqa: E402

__all__ += ["fleet_figures", "templates_in_use"]  # noqa: PLE0605
