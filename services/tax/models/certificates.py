"""Tax certificates (adóigazolás): a taxpayer's debt at this municipality as of the day of
issue, requested on the portal (form ADO-007) or recorded by the tax officer, issued as a
registered PDF with a verification code, and checked by anyone who holds the code on the
portal's public page.

The verification code itself is never stored: only its SHA-256 digest, so a copy of the
database does not let anyone forge a check. The code carries 80 random bits, which makes
a digest lookup as safe as a constant-time compare (nobody can aim at a digest).

A certificate is written once when issued; its history is ``CertificateEvent`` rows,
written once too."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from .requests import _WrittenOnce


class CertificateState(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the officer")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")


class CertificateOrigin(models.TextChoices):
    PORTAL = "portal", _("Requested on the portal")
    OFFICE = "office", _("Issued by the tax office")


class TaxCertificate(TenantOwnedModel):
    # Empty until an officer finds the taxpayer of a request whose data did not name one.
    taxpayer = models.ForeignKey(
        "tax.Taxpayer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taxpayer"),
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=CertificateState.choices,
        default=CertificateState.REQUESTED,
    )
    origin = models.CharField(_("origin"), max_length=10, choices=CertificateOrigin.choices)
    # As the request named them (the form's answers), for the officer's queue.
    requested_name = models.CharField(_("name in the request"), max_length=200, blank=True)
    requested_identifier = models.CharField(
        _("tax identifier in the request"), max_length=20, blank=True
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # Why the request waits for an officer (not issued automatically).
    waiting_reason = models.CharField(_("why it waits"), max_length=255, blank=True)
    submission_reference = models.CharField(_("submission"), max_length=12, blank=True)
    case = models.ForeignKey(
        "documents.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    # What the certificate says, copied at issue so it never changes afterwards.
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    taxpayer_name = models.CharField(_("taxpayer's name"), max_length=400, blank=True)
    taxpayer_address = models.CharField(_("taxpayer's address"), max_length=400, blank=True)
    taxpayer_identifier = models.CharField(_("tax identifier"), max_length=13, blank=True)
    debt = models.BigIntegerField(_("debt (Ft)"), null=True, blank=True)
    # [{"tax_type": code, "label": Hungarian name, "amount": Ft}], only the owed ones.
    debt_lines = models.JSONField(_("debt per tax type"), default=list, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    code_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered document"),
    )
    refusal_reason = models.TextField(_("reason of refusal"), blank=True)

    class Meta:
        verbose_name = _("tax certificate")
        verbose_name_plural = _("tax certificates")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "state"], name="tax_certificate_state")]

    def __str__(self):
        return f"{self.reference} ({self.get_state_display()})"

    @property
    def reference(self):
        return f"ADOIG-{self.pk}"

    @property
    def is_nil(self):
        return self.state == CertificateState.ISSUED and not self.debt


class CertificateEvent(_WrittenOnce, TenantOwnedModel):
    certificate = models.ForeignKey(TaxCertificate, on_delete=models.PROTECT, related_name="events")
    state = models.CharField(_("state"), max_length=10, choices=CertificateState.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    by_name = models.CharField(_("who"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("tax certificate event")
        verbose_name_plural = _("tax certificate events")
        ordering = ["at", "pk"]
