from .library import FormTemplate, ImmutableVersionError, TemplateVersion
from .municipal import FormCustomisation, FormEvent, FormNotification, FormRevision
from .submissions import Submission, SubmissionFile

__all__ = [
    "FormCustomisation",
    "FormEvent",
    "FormNotification",
    "FormRevision",
    "FormTemplate",
    "ImmutableVersionError",
    "Submission",
    "SubmissionFile",
    "TemplateVersion",
]
