"""A citizen's identity data and login methods.

Neither belongs to a municipality: a citizen deals with any municipality from one account,
so these are not tenant-owned; every view reaches them only through ``request.user``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import AssuranceLevel, IdentificationMethod


class CitizenProfile(models.Model):
    """The natural identity data the national agent vouched for, and how it vouched.

    Filled only from an identity provider (never typed in by the citizen), so a form that
    needs an identified citizen can trust and lock these fields."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="citizen_profile",
        verbose_name=_("user"),
    )
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    birth_name = models.CharField(_("birth name"), max_length=300, blank=True)
    mothers_name = models.CharField(_("mother's birth name"), max_length=300, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    identification_method = models.CharField(
        _("identification method"), max_length=30, choices=IdentificationMethod.choices, blank=True
    )
    assurance_level = models.CharField(
        _("level of assurance"), max_length=20, choices=AssuranceLevel.choices, blank=True
    )
    # The national agent's own identifier of the person (the SAML subject or OIDC "sub").
    national_agent_id = models.CharField(_("KAÜ identifier"), max_length=255, blank=True)
    last_identified_at = models.DateTimeField(_("last identified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("citizen profile")
        verbose_name_plural = _("citizen profiles")

    def __str__(self):
        return self.full_name or str(self.user)

    @property
    def full_name(self):
        # Hungarian order: family name first.
        return " ".join(part for part in (self.family_name, self.given_name) if part)

    @property
    def is_identified(self):
        return self.last_identified_at is not None


class IdentificationRecord(models.Model):
    """One identification through an identity provider: what it said and what it changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="identification_records",
        verbose_name=_("user"),
    )
    provider = models.CharField(_("identity provider"), max_length=50)
    method = models.CharField(
        _("identification method"), max_length=30, choices=IdentificationMethod.choices
    )
    assurance_level = models.CharField(
        _("level of assurance"), max_length=20, choices=AssuranceLevel.choices
    )
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("identification record")
        verbose_name_plural = _("identification records")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} – {self.get_method_display()} ({self.at:%Y-%m-%d %H:%M})"


class PhoneNumber(models.Model):
    """The mobile number a citizen logs in with (one per account, unique across accounts)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="phone_number",
        verbose_name=_("user"),
    )
    # E.164, e.g. +36301234567 (accounts.phone.normalise_phone).
    number = models.CharField(_("phone number"), max_length=20, unique=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")

    def __str__(self):
        return self.number
