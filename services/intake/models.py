"""One record per application, whatever its kind and channel, and its history.

The kind's own record (a form's answers and files in ``forms``; a tax declaration, a trade
notification next) is reached through ``subject_id`` by the kind's plugin: intake knows no
service's models, so the services stay independent and a new kind needs no migration here.
The representation the citizen acts through lives in the portal, above the services; it is
kept by id, and what the receipt says of it is frozen into ``acting_for`` at submission."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.actor import Channel
from sites.tenancy import TenantManager, TenantOwnedModel, TenantQuerySet

from .constants import EventKind, State


class ApplicationQuerySet(TenantQuerySet):
    def of_citizen(self, user):
        """A citizen deals with every municipality: their own applications, in all of
        them. Scoped by the owner instead of a municipality."""
        return self.of_person(user, "owner")


ApplicationManager = TenantManager.from_queryset(ApplicationQuerySet, "ApplicationManager")


class Application(TenantOwnedModel):
    kind = models.CharField(_("kind"), max_length=30)
    subject_id = models.BigIntegerField(_("the kind's record"))
    # The citizen's reference: read out on the phone, in the URLs of the payment and the
    # receipt. The kind gives it (a form submission's reference), unique in the country.
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    title = models.CharField(_("what"), max_length=255)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitter"),
    )
    representation_id = models.BigIntegerField(
        _("acting for (representation)"), null=True, blank=True
    )
    step_key = models.CharField(_("current step"), max_length=50, blank=True)
    expires_at = models.DateTimeField(_("draft expires at"), null=True, blank=True)
    fee = models.PositiveBigIntegerField(_("fee (Ft)"), default=0)
    # Fixed when submitted: what the receipt says of the submitter and of whom they acted for.
    submitter = models.JSONField(_("submitter on the receipt"), default=dict, blank=True)
    acting_for = models.JSONField(_("in the name of"), default=dict, blank=True)
    registry_number = models.CharField(_("registry number"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    # The receipt: the canonical record of what was submitted and its SHA-256. Written once,
    # when the application is registered, and never changed (see save()).
    receipt = models.JSONField(_("receipt"), null=True, blank=True)
    receipt_canonical = models.TextField(_("canonical JSON of the receipt"), blank=True)
    receipt_sha256 = models.CharField(_("SHA-256 of the receipt"), max_length=64, blank=True)
    # The submission's idempotency key (services.idempotency): a retried post with the same
    # key is answered with this application. Unique, so two identical posts at the same
    # moment cannot both create one; empty for applications submitted without a token.
    submission_key = models.CharField(_("submission key"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = ApplicationManager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id"], name="one_application_per_subject"
            ),
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~models.Q(submission_key=""),
                name="one_application_per_submission_key",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "state"]),
            models.Index(fields=["state", "expires_at"]),
        ]

    def __str__(self):
        return self.reference

    def is_expired(self, now=None):
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def paid_at(self):
        """When the fee was paid, as a datetime; None for a fee-less application."""
        value = ((self.receipt or {}).get("payment") or {}).get("paid_at")
        return datetime.datetime.fromisoformat(value) if value else None

    def save(self, *args, **kwargs):
        if not self._state.adding and self.receipt is not None:
            stored = (
                type(self)
                .objects.unscoped()
                .filter(pk=self.pk)
                .values_list("receipt_sha256", flat=True)
                .first()
            )
            if stored and stored != self.receipt_sha256:
                raise RuntimeError("A receipt is never changed.")
        super().save(*args, **kwargs)


class ApplicationEvent(models.Model):
    """Every change of an application: who, when, from which channel, from which state to
    which. Append-only: never changed or deleted, not even with its application."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="events", verbose_name=_("application")
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    state = models.CharField(_("state after"), max_length=20, choices=State.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    ip_address = models.GenericIPAddressField(_("from where"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.application_id} {self.kind}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("An application event is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("An application event is never deleted.")
