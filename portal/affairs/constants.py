from django.db import models
from django.utils.translation import gettext_lazy as _

#: The delivery channel's name in services.documents.delivery.delivery_channels.
MAILBOX_CHANNEL = "portal_mailbox"


class NotificationKind(models.TextChoices):
    MESSAGE = "message", _("New message")
    STATUS = "status", _("Status change")


class NotificationOutcome(models.TextChoices):
    EMAILED = "emailed", _("E-mail sent")
    TURNED_OFF = "turned_off", _("Not sent: the citizen turned e-mail notices off")
    NO_ADDRESS = "no_address", _("Not sent: no verified e-mail address")
    FAILED = "failed", _("The e-mail could not be sent")
    COVERED = "covered", _("Not sent: covered by the message notice")
    OWN_ACTION = "own_action", _("Not sent: the citizen's own action")
