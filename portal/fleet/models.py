"""Legal-change notices from the provider to municipalities, who received them and who
read them; and the task worker's heartbeat."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel


class Audience(models.TextChoices):
    ALL = "all", _("Every municipality")
    COUNTY = "county", _("The municipalities of some counties")
    LEGAL_STATUS = "legal_status", _("The municipalities of some legal statuses")
    LIST = "list", _("Municipalities chosen one by one")


class LegalNotice(models.Model):
    """The provider's message that a law changed, naming the central form templates the
    change affects (their new versions are the legal update's own work, services.forms)."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=20000)
    law = models.CharField(
        _("law"), max_length=255, blank=True, help_text=_("The changing law, as it is cited.")
    )
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    templates = models.ManyToManyField(
        "forms.FormTemplate",
        blank=True,
        related_name="+",
        verbose_name=_("form templates affected"),
    )
    audience = models.CharField(_("sent to"), max_length=20, choices=Audience.choices)
    counties = models.JSONField(_("counties"), default=list, blank=True)
    legal_statuses = models.JSONField(_("legal statuses"), default=list, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("legal-change notice")
        verbose_name_plural = _("legal-change notices")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.title


class NoticeRecipient(TenantOwnedModel):
    """A municipality the notice was sent to (fixed when it is sent: a municipality that
    joins later does not receive old notices)."""

    notice = models.ForeignKey(
        LegalNotice, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("notice")
    )

    class Meta:
        verbose_name = _("notice recipient")
        verbose_name_plural = _("notice recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "municipality"], name="fleet_one_recipient_per_municipality"
            )
        ]


class NoticeRead(TenantOwnedModel):
    """The read receipt: who of the municipality first opened the notice, and when (never
    changed afterwards)."""

    notice = models.ForeignKey(
        LegalNotice, on_delete=models.CASCADE, related_name="reads", verbose_name=_("notice")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("read by"),
    )
    read_at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        verbose_name = _("notice read receipt")
        verbose_name_plural = _("notice read receipts")
        ordering = ["read_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "municipality", "user"], name="fleet_one_read_per_person"
            )
        ]


class WorkerHeartbeat(models.Model):
    """The last time a task worker ran the heartbeat task (``portal/fleet/tasks.py``): the
    console enqueues one when the last is old, so a stamp that stays old means no worker
    takes tasks."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.name
