from .library import FormTemplate, ImmutableVersionError, TemplateVersion
from .municipal import FormCustomisation, FormNotification, FormRevision
from .submissions import Submission, SubmissionFile

__all__ = [
    "FormCustomisation",
    "FormNotification",
    "FormRevision",
    "FormTemplate",
    "ImmutableVersionError",
    "Submission",
    "SubmissionFile",
    "TemplateVersion",
]
