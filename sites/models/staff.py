from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import StaffRole
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
