"""The audit trail: who saw or changed which case or document, when, from where, through
which channel (sites.actor: the officers' admin, the citizen portal, a batch job).

Append-only: the model refuses changes and deletion, and on PostgreSQL a trigger rejects
UPDATE and DELETE on the table (migration 0002). People and cases are recorded by id and
name without foreign keys, so nothing elsewhere can cascade into this table."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.actor import Channel

from ..constants import AuditAction
from .documents import ImmutableModel


class AuditEvent(ImmutableModel):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("from where"), null=True, blank=True)
    # Blank for the records written before the channel was kept.
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    action = models.CharField(_("what"), max_length=20, choices=AuditAction.choices)
    case_id = models.BigIntegerField(_("case"), null=True, blank=True, db_index=True)
    document_id = models.BigIntegerField(_("document"), null=True, blank=True)
    registry_number = models.CharField(_("registry number"), max_length=40, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit trail")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"
