"""What citizens sent: the answers, the files, and exactly which form they filled in."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sites.storage import get_private_storage
from sites.tenancy import TenantOwnedModel

from ..constants import SubmissionStatus


def _reference():
    # Short, unambiguous and unguessable: it is read out on the phone and typed back.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def submission_upload_to(instance, filename):
    # The citizen's file name is kept in the record, never in the storage path.
    extension = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"urlapok/{instance.municipality_id}/{secrets.token_hex(16)}.{extension}"


class Submission(TenantOwnedModel):
    revision = models.ForeignKey(
        "FormRevision",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("form revision"),
    )
    reference = models.CharField(_("reference"), max_length=12, unique=True, default=_reference)
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    data = models.JSONField(_("answers"), default=dict, blank=True)
    fee = models.PositiveBigIntegerField(_("fee (Ft)"), default=0)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitter"),
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Given by the document registry when the application is registered (services.intake).
    registry_number = models.CharField(_("registry number"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-started_at"]

    def __str__(self):
        return self.reference


class SubmissionFile(TenantOwnedModel):
    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("submission"),
    )
    field_key = models.CharField(_("field"), max_length=120)
    # Private storage: no URL, read only through the views that check the owner or officer.
    file = models.FileField(
        _("file"), upload_to=submission_upload_to, storage=get_private_storage
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")

    def __str__(self):
        return self.original_name
