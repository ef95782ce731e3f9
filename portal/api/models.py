"""Machine clients of the open API.

An application (``ApiClient``) belongs to one municipality, or to the provider when its
municipality is empty. What it may do is its grants: per municipality a set of scopes (a
municipality's application can only hold a grant for its own municipality; the provider's
may hold grants for any). It calls with bearer tokens (``ApiToken``), stored only as their
SHA-256 digest: the secret is shown once at creation. Every call is kept in ``ApiCall``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=120)
    # Empty: the provider's own application (it may be granted any municipality).
    municipality = models.ForeignKey(
        "municipal.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    # For a citizen's personal token (the mobile app): the person whose own data it reads.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personal token of"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API application")
        verbose_name_plural = _("API applications")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.revoked_at is None


class ApiGrant(models.Model):
    client = models.ForeignKey(
        ApiClient, on_delete=models.CASCADE, related_name="grants", verbose_name=_("application")
    )
    municipality = models.ForeignKey(
        "municipal.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    # A list of Scope values (JSON: the demo runs on SQLite too).
    scopes = models.JSONField(_("scopes"), default=list)

    class Meta:
        verbose_name = _("API grant")
        verbose_name_plural = _("API grants")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "municipality"], name="api_grant_once_per_municipality"
            )
        ]

    def __str__(self):
        return f"{self.client} – {self.municipality}: {', '.join(self.scopes)}"


class ApiToken(models.Model):
    client = models.ForeignKey(
        ApiClient, on_delete=models.CASCADE, related_name="tokens", verbose_name=_("application")
    )
    # The first characters of the secret, to tell tokens apart in lists and logs.
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(_("SHA-256 digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.prefix}…"

    def usable(self, now=None):
        now = now or timezone.now()
        return (
            self.revoked_at is None
            and self.client.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
        )


class ApiCall(models.Model):
    """One call of the API: who (application, token prefix or person), with which scope,
    on what, and the answer's status. Written once; the municipality is empty for a call
    that named none (the documentation, a citizen's own data) or a refused unknown one."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    municipality = models.ForeignKey(
        "municipal.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    client_id_kept = models.BigIntegerField(_("application id"), null=True, blank=True)
    client_name = models.CharField(_("application"), max_length=120, blank=True)
    token_prefix = models.CharField(_("token"), max_length=12, blank=True)
    user_id_kept = models.BigIntegerField(_("user id"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=300)
    scope = models.CharField(_("scope"), max_length=40, blank=True)
    object_ref = models.CharField(_("object"), max_length=120, blank=True)
    status = models.PositiveSmallIntegerField(_("status"))
    ip_address = models.GenericIPAddressField(_("from where"), null=True, blank=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["municipality", "at"], name="api_call_municipality_at")]

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.client_name} {self.method} {self.path} {self.status}"
        )

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("An API call record is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("An API call record is never deleted.")
