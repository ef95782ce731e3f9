"""The citizen's own records on the portal.

A representation belongs to the citizen, not to a municipality: one authorisation is used
with every municipality, so it is not tenant-owned and every view reaches it through
``request.user``. A draft's progress and a receipt belong to one municipality (their
submission does) and are tenant-owned; the citizen's list of them across municipalities
is scoped by its owner instead (:meth:`CitizenRecordQuerySet.of_citizen`)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantManager, TenantOwnedModel, TenantQuerySet

from .constants import EventKind, IdentifierKind, Proof, RepresentedKind


class Representation(models.Model):
    """The citizen may act for this company, sole trader or person, within a scope and a
    period. Revoked, never deleted: receipts and drafts keep pointing at it."""

    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="journey_representations",
        verbose_name=_("representative"),
    )
    kind = models.CharField(_("represented party"), max_length=20, choices=RepresentedKind.choices)
    name = models.CharField(_("name"), max_length=255)
    identifier_kind = models.CharField(
        _("identifier"), max_length=30, choices=IdentifierKind.choices
    )
    # In its canonical written form (services.forms.validators), check digit verified.
    identifier = models.CharField(_("identifier value"), max_length=40)
    all_forms = models.BooleanField(_("for every form"), default=True)
    form_codes = models.JSONField(_("form codes"), default=list, blank=True)
    categories = models.JSONField(_("form categories"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    proof = models.CharField(
        _("proof"), max_length=20, choices=Proof.choices, default=Proof.SELF_DECLARED
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.identifier})"

    def is_valid_on(self, day):
        return (
            self.revoked_at is None
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )

    def covers(self, form_code, category):
        return self.all_forms or form_code in self.form_codes or category in self.categories


class CitizenRecordQuerySet(TenantQuerySet):
    def of_citizen(self, user):
        """A citizen deals with every municipality: their own records, in all of them.
        Scoped by the owner instead of a municipality."""
        return self.of_person(user, "owner")


CitizenRecordManager = TenantManager.from_queryset(CitizenRecordQuerySet, "CitizenRecordManager")


class WizardDraft(TenantOwnedModel):
    """Where a citizen is with a draft submission (services.forms keeps the answers and
    files), in whose name they fill it, and when it expires."""

    submission = models.OneToOneField(
        "forms.Submission",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("submission"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    representation = models.ForeignKey(
        Representation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name=_("acting for"),
    )
    step_key = models.CharField(_("current step"), max_length=50, blank=True)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)
    expires_at = models.DateTimeField(_("expires at"))

    objects = CitizenRecordManager()

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["-saved_at"]

    def __str__(self):
        return str(self.submission_id)

    def is_expired(self, now=None):
        return self.expires_at <= (now or timezone.now())


class Receipt(TenantOwnedModel):
    """What the citizen gets after submitting: the canonical record of what was submitted
    (``content``), its SHA-256, and in whose name. Never changed after it is made."""

    submission = models.OneToOneField(
        "forms.Submission",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submission"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitter"),
    )
    representation = models.ForeignKey(
        Representation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receipts",
        verbose_name=_("acting for"),
    )
    content = models.JSONField(_("submitted data"))
    canonical = models.TextField(_("canonical JSON"))
    sha256 = models.CharField(_("SHA-256 of the submitted data"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CitizenRecordManager()

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-created_at"]

    def __str__(self):
        return self.content.get("reference", "")

    @property
    def paid_at(self):
        """When the fee was paid (a form with a fee), as a datetime; None otherwise."""
        value = (self.content.get("payment") or {}).get("paid_at")
        return datetime.datetime.fromisoformat(value) if value else None

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("A receipt is never changed.")
        super().save(*args, **kwargs)


class JourneyEvent(models.Model):
    """Every change a citizen makes on the portal journey, for support and disputes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    municipality = models.ForeignKey(
        "municipal.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("journey event")
        verbose_name_plural = _("journey events")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}"


class AwaitingPayment(TenantOwnedModel):
    """A form submitted through the wizard whose fee is not paid yet: stored (answers and
    files) but not registered. Keeps what the receipt needs and only the submitting moment
    knows — the identified submitter and in whose name — until the payment is confirmed;
    then the receipt is made from it and it is deleted (services.issue_paid_receipt)."""

    submission = models.OneToOneField(
        "forms.Submission",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("submission"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("submitter"),
    )
    representation = models.ForeignKey(
        Representation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting for"),
    )
    submitter = models.JSONField(_("submitter on the receipt"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CitizenRecordManager()

    class Meta:
        verbose_name = _("submission awaiting payment")
        verbose_name_plural = _("submissions awaiting payment")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.submission_id)
