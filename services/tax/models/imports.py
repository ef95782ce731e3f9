"""The officer's CSV imports of a register or the opening balances: one row per uploaded
file, who uploaded it and when, its progress and its outcome (the lines imported or
unchanged, and every wrong line with its number), so the workspace can list past imports."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from .assessment import RunState


class ImportKind(models.TextChoices):
    # The same codes as services.tax.services.imports.KINDS (the command's argument).
    TAXPAYERS = "taxpayers", _("Taxpayers")
    PROPERTIES = "properties", _("Properties")
    OWNERSHIPS = "ownerships", _("Ownership shares and property rights")
    TAX_OBJECTS = "tax_objects", _("Tax objects")
    REPRESENTATIONS = "representations", _("Representations")
    OPENING_BALANCES = "opening_balances", _("Opening balances")
    NAV_HIPA = "nav_hipa", _("Local business tax returns forwarded by NAV")


class ImportJob(TenantOwnedModel):
    kind = models.CharField(_("what the file holds"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    # The uploaded bytes, for the task worker (which may run on another machine than the
    # web process); emptied when the job is done, as the registers then hold the data.
    content = models.BinaryField(_("content"), blank=True, default=b"")
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    partial = models.BooleanField(_("imports the good lines despite wrong ones"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=RunState.choices, default=RunState.QUEUED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("lines"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    # [[line number, message], ...], in the order of the file.
    line_errors = models.JSONField(_("wrong lines"), default=list, blank=True)
    # False when wrong lines stopped an all-or-nothing import: nothing was written.
    applied = models.BooleanField(_("applied"), default=False)
    # Why the file as a whole could not be read (encoding, a missing column), or failed.
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "-created_at"], name="tax_import_recent")]

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()})"

    @property
    def is_finished(self):
        return self.state in (RunState.DONE, RunState.FAILED)

    @property
    def imported(self):
        """The lines that wrote something (new records or new history rows)."""
        return self.created + self.changed
