"""The operations of Ügyeim that other code calls: delivering to the mailbox, opening a
message (the read receipt), counting unread messages, the notification preference.

Cases, documents and files stay the document registry's: they are read through its
façade (``services.documents.services``, the client's window); here lives only what the
portal adds (the mailbox)."""

import datetime

from django.db import transaction
from django.utils import timezone

from services.documents import services as registry

from .constants import MAILBOX_CHANNEL, NotificationOutcome
from .models import MailboxMessage, Notification, NotificationPreference

__all__ = [
    "deliver_to_mailbox",
    "email_notifications_on",
    "failed_notices",
    "messages_of",
    "open_message",
    "set_email_notifications",
    "unread_count",
]


def messages_of(user):
    return MailboxMessage.objects.for_recipient(user).select_related(
        "document", "case", "case__municipality"
    )


def unread_count(user):
    return MailboxMessage.objects.for_recipient(user).filter(first_opened_at__isnull=True).count()


@transaction.atomic
def deliver_to_mailbox(document, case, recipient=None):
    """Put a registered outgoing document into its client's mailbox (or ``recipient``'s:
    the account the registry names for a case without one); returns the message and
    whether it is new (a retried delivery finds the one it made before)."""
    return MailboxMessage.objects.for_municipality(case.municipality_id).get_or_create(
        document=document,
        recipient_id=recipient.pk if recipient is not None else case.client_user_id,
        defaults={"municipality_id": case.municipality_id, "case": case},
    )


def open_message(message, *, actor=None):
    """The recipient opens a message. The first opening is the read receipt: its time is
    kept and written to the registry's audit trail, where the officer sees it; later
    openings change nothing. Returns True for the first opening."""
    now = timezone.now()
    with transaction.atomic():
        # The conditional update decides which of two simultaneous openings is the first.
        first = (
            MailboxMessage.objects.for_recipient(message.recipient)
            .filter(pk=message.pk, first_opened_at__isnull=True)
            .update(first_opened_at=now)
        )
        if first:
            message.first_opened_at = now
            registry.record_read_receipt(
                message.document,
                channel=MAILBOX_CHANNEL,
                user=message.recipient,
                actor=actor,
            )
    return bool(first)


def email_notifications_on(user):
    preference = NotificationPreference.objects.filter(user=user).first()
    return True if preference is None else preference.email_notifications


def set_email_notifications(user, on):
    NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_notifications": bool(on)}
    )


def failed_notices(days=30, now=None):
    """E-mail notices of Ügyeim that could not be sent in the last ``days`` days (the
    provider's fleet console: a mail server that refuses)."""
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    return (
        Notification.objects.unscoped()
        .filter(outcome=NotificationOutcome.FAILED, created_at__gte=since)
        .count()
    )
