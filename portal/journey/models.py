"""The citizen's own records on the portal: in whose name they act, and what they did.

A representation belongs to the citizen, not to a municipality: one authorisation is used
with every municipality, so it is not tenant-owned and every view reaches it through
``request.user``. Drafts, submissions awaiting their fee and receipts are applications,
which services.intake keeps for every channel."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
