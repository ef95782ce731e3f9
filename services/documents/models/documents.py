"""Registered documents (irat, one sub-number each), their files and their delivery.

A registered document is a record in a legal register: it is never changed or deleted.
The model refuses both, and on PostgreSQL a trigger refuses them too (migration 0002). A
correction is a new document that points at the one it corrects."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.storage import get_private_storage
from sites.tenancy import TenantOwnedModel

from ..constants import DeliveryStatus, Direction


class ImmutableRecordError(RuntimeError):
    """A registered entry or an audit record was about to be changed or deleted."""


class ImmutableModel(TenantOwnedModel):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(f"{self._meta.verbose_name} {self.pk} cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"{self._meta.verbose_name} {self.pk} cannot be deleted.")


class Document(ImmutableModel):
    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    sub_number = models.PositiveIntegerField(_("sub-number"))
    registry_number = models.CharField(_("registry number"), max_length=40, db_index=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    correspondent = models.CharField(_("sender or addressee"), max_length=255, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrects"),
    )
    is_decision = models.BooleanField(_("decision"), default=False)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["case", "sub_number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sub_number"], name="unique_sub_number")
        ]

    def __str__(self):
        return f"{self.registry_number} {self.subject}"


def document_upload_to(instance, filename):
    # The original name is kept in the record; the storage path tells nothing about it.
    extension = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    year = timezone.localdate().year
    return f"iratok/{instance.municipality_id}/{year}/{secrets.token_hex(16)}.{extension}"


class DocumentFile(ImmutableModel):
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
    # Private storage: no URL, read only through the views that check access and SHA-256.
    file = models.FileField(
        _("file"), upload_to=document_upload_to, storage=get_private_storage, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class DeliveryAttempt(TenantOwnedModel):
    """One try of one channel to get an outgoing document to its addressee."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
    channel = models.CharField(_("channel"), max_length=40)
    status = models.CharField(_("status"), max_length=12, choices=DeliveryStatus.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    attempted_at = models.DateTimeField(_("attempted at"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["attempted_at", "pk"]

    def __str__(self):
        return f"{self.channel}: {self.get_status_display()}"
