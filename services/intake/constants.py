from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    """Where an application is in its life. ``submitted`` and ``registered`` are usually
    passed in one transaction; they are two states because the registry may be a separate
    step for a kind whose registration waits (a fee paid later, a batch)."""

    DRAFT = "draft", _("Draft")
    AWAITING_PAYMENT = "awaiting_payment", _("Submitted, fee to be paid")
    SUBMITTED = "submitted", _("Submitted")
    REGISTERED = "registered", _("Registered")
    DISCARDED = "discarded", _("Draft deleted")
    EXPIRED = "expired", _("Draft expired")


# The states an application can no longer leave.
FINAL = (State.REGISTERED, State.DISCARDED, State.EXPIRED)
# The states in which the citizen may still change the answers.
EDITABLE = (State.DRAFT,)


class EventKind(models.TextChoices):
    STARTED = "started", _("Draft started")
    SAVED = "saved", _("Draft saved")
    SUBMITTED = "submitted", _("Submitted")
    AWAITING_PAYMENT = "awaiting_payment", _("Waiting for the fee")
    PAID = "paid", _("Fee paid")
    REGISTERED = "registered", _("Registered")
    DISCARDED = "discarded", _("Draft deleted")
    EXPIRED = "expired", _("Draft expired")
    RECEIPT_DOWNLOADED = "receipt_downloaded", _("Receipt downloaded")
    FILE_DOWNLOADED = "file_downloaded", _("File downloaded")
    MIGRATED = "migrated", _("Taken over from the earlier records")
    RETRIED = "retried", _("Sent again: answered with the first submission")


# Session key: the applications this browser submitted without an account (the site's
# form page lets anyone submit), so it may open their payment page and receipt.
SESSION_APPLICATIONS = "intake_applications"
