"""The portal mailbox: the messages delivered to a citizen, and their notices.

A message is the portal's copy of the fact "this registered outgoing document was put in
this citizen's mailbox"; its subject, text and files stay in the document registry (they
are registered and never change), so nothing here can drift from what was registered."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantManager, TenantOwnedModel, TenantQuerySet

from .constants import NotificationKind, NotificationOutcome


class CitizenScopedQuerySet(TenantQuerySet):
    def for_recipient(self, user):
        """A citizen's own records, from every municipality: the citizen is the scope."""
        return self.of_person(user, "recipient")


CitizenScopedManager = TenantManager.from_queryset(CitizenScopedQuerySet, "CitizenScopedManager")


class MailboxMessage(TenantOwnedModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    case = models.ForeignKey(
        "documents.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
    )
    delivered_at = models.DateTimeField(_("delivered at"), default=timezone.now)
    # The read receipt: when the recipient first opened it (never changed afterwards).
    first_opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)

    objects = CitizenScopedManager()

    class Meta:
        verbose_name = _("mailbox message")
        verbose_name_plural = _("mailbox messages")
        ordering = ["-delivered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "recipient"], name="one_message_per_document_and_recipient"
            )
        ]
        indexes = [models.Index(fields=["recipient", "first_opened_at"], name="affairs_unread_idx")]

    def __str__(self):
        return f"{self.document_id} → {self.recipient_id}"

    @property
    def is_read(self):
        return self.first_opened_at is not None


class NotificationPreference(models.Model):
    """How a citizen wants to hear of news in Ügyeim. Not a municipality's record: one
    preference for every municipality, reached only through ``request.user``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="affairs_preference",
        verbose_name=_("user"),
    )
    email_notifications = models.BooleanField(
        _("e-mail me when a message arrives or a case changes"), default=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


class Notification(TenantOwnedModel):
    """One notice to a citizen (a message arrived, a case changed), sent or not, and why."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    case = models.ForeignKey(
        "documents.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    message = models.ForeignKey(
        MailboxMessage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("message"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NotificationKind.choices)
    # The case's status the notice told of: a later change is a change only against this.
    case_status = models.CharField(_("case status"), max_length=12)
    outcome = models.CharField(_("outcome"), max_length=12, choices=NotificationOutcome.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CitizenScopedManager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_outcome_display()}"
