"""One row per export a person started: who, when, how far, the zip and who downloaded it.
The progress of a running export is in the cache (services.py); the outcome is here."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.storage import get_private_storage
from sites.tenancy import TenantOwnedModel


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ExportJob(TenantOwnedModel):
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The zip, in the private storage: it holds citizens' data and registry files.
    file = models.FileField(_("file"), storage=get_private_storage, blank=True, max_length=255)
    size = models.BigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    files = models.PositiveIntegerField(_("files"), default=0)
    error = models.TextField(_("error"), blank=True)
    # [{"user": id, "name": "…", "at": ISO time}, …]: who took the data out, and when.
    downloads = models.JSONField(_("downloads"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self):
        return f"{self.municipality_id} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self):
        return self.state in (ExportState.DONE, ExportState.FAILED)
