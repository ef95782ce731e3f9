"""Delivery of outgoing documents: one registry of channels, one record per attempt.

The citizen portal registers its mailbox channel (``portal_mailbox``) when it lands; until
then an outgoing document is recorded honestly as awaiting the portal mailbox, and the
client gets an e-mail notice where we have an address. A channel::

    @delivery_channels.register("portal_mailbox")
    class PortalMailbox(DeliveryChannel):
        delivers = True
        def accepts(self, document, case): ...
        def send(self, document, case): ...   # raise DeliveryFailed(reason) on failure

Channels are tried in registration order; the first that accepts and delivers ends the
search. Notice-only channels (``delivers = False``) are sent as well but do not count as
delivery. ``manage.py deliver_pending_documents`` retries documents still awaiting."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.actor import Actor
from sites.registry import Registry

from .constants import AuditAction, DeliveryStatus, Direction
from .models import DeliveryAttempt, Document

logger = logging.getLogger(__name__)

delivery_channels = Registry("delivery channels")
AWAITING_CHANNEL_NAME = "portal_mailbox"


# Who an outgoing document is addressed to when its case names no portal account: a
# service registers a function (document, case) -> user or None (the tax office: the
# account linked to the taxpayer a decision of a mass run is addressed to). The registry
# never imports the services that know this.
document_addressees = Registry("document addressees")


def addressee(document, case):
    """The portal account an outgoing document goes to: the case's client account, else
    the first a registered service names (only an account of the document's own
    municipality's link can be named: each function answers for its own records)."""
    if case.client_user_id is not None:
        return case.client_user
    for find in document_addressees.values():
        user = find(document, case)
        if user is not None:
            return user
    return None


def channel_label(name):
    """The officer's name of a channel recorded on an attempt; the portal mailbox is named
    even where the portal has not registered its channel (the attempt waits for it)."""
    channel = delivery_channels.get(name)
    if channel is not None and channel.label:
        return str(channel.label)
    if name == AWAITING_CHANNEL_NAME:
        return _("Portal mailbox")
    return name


class DeliveryFailed(Exception):
    pass


class DeliveryChannel:
    #: True if a successful send is a legal delivery; False for a mere notice.
    delivers = True
    #: What an officer reads for the channel (never its registry name).
    label = ""

    def accepts(self, document, case):
        return False

    def send(self, document, case):
        raise NotImplementedError


@delivery_channels.register("email_notice")
class EmailNotice(DeliveryChannel):
    """Tells the client by e-mail that a document was issued in their case. Not a delivery:
    the document itself is not sent by e-mail."""

    delivers = False
    label = gettext_lazy("E-mail notice")

    def accepts(self, document, case):
        if not case.client_email:
            return False
        # Where the portal mailbox takes the document, the client hears from the portal
        # itself (a notice without personal data); two e-mails for one document would be
        # noise, and this one names the case.
        mailbox = delivery_channels.get(AWAITING_CHANNEL_NAME)
        return mailbox is None or not mailbox().accepts(document, case)

    def send(self, document, case):
        municipality = case.municipality
        send_mail(
            _("New document in your case %(number)s") % {"number": case.registry_number},
            _(
                "Dear %(name)s,\n\n%(municipality)s issued a document in your case "
                "%(number)s (%(subject)s): %(document)s.\nIt will be delivered to your "
                "mailbox on the e-administration portal; you can also ask for it at the "
                "office.\n\nThis is an automatic notice; please do not reply to it."
            )
            % {
                "name": case.client_name,
                "municipality": municipality.name,
                "number": case.registry_number,
                "subject": case.subject,
                "document": document.registry_number,
            },
            settings.DEFAULT_FROM_EMAIL,
            [case.client_email],
        )


def deliver(document, case, user=None, actor=None, channels=None):
    """Try the channels for one outgoing document; returns the attempts recorded."""
    from . import auditing

    channels = delivery_channels if channels is None else channels
    attempts, delivered = [], False
    for name, channel_class in channels.items():
        channel = channel_class()
        if delivered and channel.delivers:
            continue
        if not channel.accepts(document, case):
            continue
        try:
            channel.send(document, case)
        except Exception as error:  # a broken channel is recorded, never fatal
            logger.exception("Delivery channel %s failed for %s", name, document.registry_number)
            status, detail = DeliveryStatus.FAILED, str(error)[:255]
        else:
            status = DeliveryStatus.DELIVERED if channel.delivers else DeliveryStatus.NOTICE_SENT
            detail = ""
            delivered = delivered or channel.delivers
        attempts.append(
            DeliveryAttempt.objects.create(
                municipality_id=document.municipality_id,
                document=document,
                channel=name,
                status=status,
                detail=detail,
            )
        )
    if not delivered:
        attempts.append(
            DeliveryAttempt.objects.create(
                municipality_id=document.municipality_id,
                document=document,
                channel=AWAITING_CHANNEL_NAME,
                status=DeliveryStatus.AWAITING_CHANNEL,
                detail=_("The portal mailbox is not available yet: to be delivered from there."),
            )
        )
    for attempt in attempts:
        auditing.record(
            AuditAction.DELIVER,
            municipality_id=document.municipality_id,
            user=user,
            actor=actor,
            case=case,
            document=document,
            detail=f"{channel_label(attempt.channel)}: {attempt.get_status_display()}",
        )
    return attempts


def pending_documents(municipality=None):
    """Outgoing documents whose last word is "awaiting" or "failed" and none delivered."""
    attempts = DeliveryAttempt.objects.unscoped()
    if municipality is not None:
        attempts = DeliveryAttempt.objects.for_municipality(municipality)
    delivered = attempts.filter(status=DeliveryStatus.DELIVERED).values("document_id")
    waiting = attempts.filter(
        status__in=[DeliveryStatus.AWAITING_CHANNEL, DeliveryStatus.FAILED]
    ).values("document_id")
    return (
        Document.objects.unscoped()
        .filter(direction=Direction.OUTGOING, pk__in=waiting)
        .exclude(pk__in=delivered)
        .select_related("case", "case__municipality")
    )


def retry_pending(municipality=None, actor=None):
    """Retry with the delivering channels only (notices were already sent). ``actor``
    (sites.actor) is who retries: the platform itself unless a caller says otherwise."""
    actor = actor or Actor.system()
    delivering = {n: c for n, c in delivery_channels.items() if c.delivers}
    results = {"delivered": 0, "waiting": 0}
    for document in pending_documents(municipality).iterator():
        if not delivering:
            results["waiting"] += 1
            continue
        attempts = deliver(document, document.case, actor=actor, channels=_Channels(delivering))
        if any(a.status == DeliveryStatus.DELIVERED for a in attempts):
            results["delivered"] += 1
        else:
            results["waiting"] += 1
    return results


class _Channels:
    def __init__(self, items):
        self._items = items

    def items(self):
        return self._items.items()
