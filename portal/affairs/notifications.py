"""E-mail notices to citizens: a message arrived, a case changed.

The notice says only that there is news in Ügyeim and where to read it, never what: an
e-mail is not a safe channel for the content, and the mailbox behind the login is. It goes
to the account's verified address (allauth), in Hungarian, unless the citizen turned
notices off; every notice is recorded with its outcome, sent or not."""

import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from services.documents.constants import CaseStatus
from services.documents.models import Case
from services.documents.services import case_listeners

from .constants import NotificationKind, NotificationOutcome
from .models import Notification
from .services import email_notifications_on

logger = logging.getLogger(__name__)


def portal_url(path=""):
    """An absolute address on the central portal (links in e-mails, and from the
    municipalities' own sites to the portal)."""
    base = (getattr(settings, "PORTAL_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return f"{base}{path}"


def verified_address(user):
    address = (
        EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk").first()
    )
    return address.email if address else None


def _notify(recipient, case, *, kind, subject, body, message=None, outcome=None):
    address = None
    if outcome is None:
        if not email_notifications_on(recipient):
            outcome = NotificationOutcome.TURNED_OFF
        else:
            address = verified_address(recipient)
            outcome = NotificationOutcome.EMAILED if address else NotificationOutcome.NO_ADDRESS
    if outcome == NotificationOutcome.EMAILED:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:  # the message is in the mailbox; a lost notice is only recorded
            logger.exception("Notice to user %s could not be e-mailed", recipient.pk)
            outcome = NotificationOutcome.FAILED
    return Notification.objects.create(
        municipality_id=case.municipality_id,
        recipient=recipient,
        case=case,
        message=message,
        kind=kind,
        case_status=case.status,
        outcome=outcome,
    )


def message_arrived(message, case):
    """Tell the recipient that a message is waiting in their mailbox."""
    with translation.override(settings.LANGUAGE_CODE):
        link = portal_url(reverse("affairs:message", args=[message.pk]))
        return _notify(
            message.recipient,
            case,
            kind=NotificationKind.MESSAGE,
            message=message,
            subject=_("New message in Ügyeim"),
            body=_(
                "You have a new message in Ügyeim on the e-administration portal.\n\n"
                "Read it after logging in: %(link)s\n\n"
                "This is an automatic notice; please do not reply to it. You can turn these "
                "notices off in Ügyeim under Notifications."
            )
            % {"link": link},
        )


def _last_told_status(case):
    last = (
        Notification.objects.for_municipality(case.municipality_id)
        .filter(case=case, recipient_id=case.client_user_id)
        .order_by("-created_at", "-pk")
        .first()
    )
    # The citizen knows their own submission was received.
    return last.case_status if last else CaseStatus.RECEIVED


@case_listeners.register("portal_notifications")
def case_changed(event):
    """A client-visible change of a case (services.documents.events): tell its citizen,
    once per new status. A status that came with a message was told by the message's
    notice; a change the citizen made themselves (their answer) needs no notice."""
    case = (
        Case.objects.for_municipality(event.municipality_id)
        .filter(pk=event.case_id, client_user__isnull=False, client_user__is_active=True)
        .select_related("client_user")
        .first()
    )
    if case is None or case.status == _last_told_status(case):
        return None
    recipient = case.client_user
    outcome = NotificationOutcome.OWN_ACTION if event.actor_id == recipient.pk else None
    with translation.override(settings.LANGUAGE_CODE):
        link = portal_url(reverse("affairs:case", args=[case.pk]))
        return _notify(
            recipient,
            case,
            kind=NotificationKind.STATUS,
            outcome=outcome,
            subject=_("One of your cases changed (Ügyeim)"),
            body=_(
                "The status of one of your cases changed on the e-administration portal.\n\n"
                "See it in Ügyeim after logging in: %(link)s\n\n"
                "This is an automatic notice; please do not reply to it. You can turn these "
                "notices off in Ügyeim under Notifications."
            )
            % {"link": link},
        )
