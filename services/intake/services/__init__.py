"""Intake's façade: the one way an application goes through its life, for every channel
and every kind. Other apps import from here (or ``models`` and ``constants``), never from
the modules behind it: ``lifecycle`` (start, save, submit, pay, register, discard),
``receipts``, ``history`` and ``reading``. A service takes a new kind of application by
registering an :class:`ApplicationKind` in :data:`kinds`."""

from ..kinds import ApplicationKind, kinds
from ..payment import page_of
from .errors import IntakeError
from .idempotency import clean_token, new_token, retried_submission
from .lifecycle import (
    discard,
    draft_lifetime,
    purge_expired,
    save_answers,
    settle_paid,
    start,
    start_payment,
    submit,
    submit_new,
    submitter_content,
)
from .reading import (
    VIEW_PERMISSION,
    applications_of,
    applications_of_subjects,
    awaiting_payment_of,
    drafts_of,
    find,
    may_see,
    receipts_of,
    remember_in_session,
)
from .receipts import canonical_json

__all__ = [
    "VIEW_PERMISSION",
    "ApplicationKind",
    "IntakeError",
    "kinds",
    # the life of an application
    "clean_token",
    "discard",
    "new_token",
    "retried_submission",
    "draft_lifetime",
    "purge_expired",
    "save_answers",
    "settle_paid",
    "start",
    "start_payment",
    "submit",
    "submit_new",
    "submitter_content",
    # reading
    "applications_of",
    "applications_of_subjects",
    "awaiting_payment_of",
    "canonical_json",
    "drafts_of",
    "find",
    "may_see",
    "page_of",
    "receipts_of",
    "remember_in_session",
]

# The provider's fleet console.
from .fleet import submissions_per_week  # noqa: E402

__all__ += ["submissions_per_week"]  # noqa: PLE0605
