"""The portal mailbox as a delivery channel of the document registry.

An outgoing document of a case that a portal account submitted lands in that account's
mailbox as a message (its files are the registered ones); the registry records the
attempt as delivered. A document of a case without one goes to the account a service
names for it (``documents.addressee``: the tax office names the account linked to the
taxpayer of an assessment decision). Without any (a paper client) it is not accepted:
the registry keeps it waiting for another way of delivery."""

from django.utils.translation import gettext_lazy as _

from services.documents.constants import Direction
from services.documents.services import DeliveryChannel, addressee, delivery_channels

from .constants import MAILBOX_CHANNEL
from .notifications import message_arrived
from .services import deliver_to_mailbox


@delivery_channels.register(MAILBOX_CHANNEL)
class PortalMailbox(DeliveryChannel):
    delivers = True
    label = _("Portal mailbox")

    def accepts(self, document, case):
        if document.direction != Direction.OUTGOING:
            return False
        user = addressee(document, case)
        return user is not None and user.is_active

    def send(self, document, case):
        message, created = deliver_to_mailbox(document, case, recipient=addressee(document, case))
        if created:
            # Right away, not on commit: the registry delivers after its own commit, and
            # the status notice that may follow must see that this one told of the change.
            message_arrived(message, case)
        return message
