from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constants import StaffRole
from ..hungarian import person_name
from ..tenancy import TenantOwnedModel


class RoleGroup(TenantOwnedModel):
    """The Django group that carries one role's permissions in one municipality.

    Groups are looked up through this table, never by name, so renaming a municipality or
    a group in the admin cannot hand one municipality's rights to another."""

    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    group = models.OneToOneField(
        "auth.Group", on_delete=models.CASCADE, related_name="municipal_role"
    )

    class Meta:
        verbose_name = _("role group")
        verbose_name_plural = _("role groups")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "role"], name="unique_role_group_per_municipality"
            )
        ]

    def __str__(self):
        return f"{self.group.name}"


class StaffMembership(TenantOwnedModel):
    """A user working for a municipality in one role.

    The membership is the source of truth; the user's groups follow it
    (``sites.staff.set_role`` / ``deactivate``), so a site admin never edits groups."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    is_active = models.BooleanField(_("active"), default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user"], name="unique_membership_per_municipality"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


class StaffInvitation(TenantOwnedModel):
    """An offer of one role in one municipality, made to an e-mail address.

    It grants nothing by itself: the role is given only when an account that has verified
    this very address opens the e-mailed link and accepts (``sites.invitations``). Only a
    hash of the link's token is kept, so a copy of the database cannot be used to accept."""

    email = models.EmailField(_("e-mail address"))
    last_name = models.CharField(_("family name"), max_length=150)
    first_name = models.CharField(_("given name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} – {self.get_role_display()}"

    @property
    def is_open(self):
        """Neither accepted nor revoked (it may have expired: it can be sent again)."""
        return self.accepted_at is None and self.revoked_at is None

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at

    @property
    def full_name(self):
        return person_name(self.last_name, self.first_name)
