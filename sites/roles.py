"""What each staff role may do beyond its page tree and media collection.

The one extension point through which a service app gives a role its model permissions:
``role_permissions.grant(StaffRole.OFFICER, "forms.change_formcustomisation")`` in the
app's ``ready()``. Provisioning gives every municipality's role group exactly what is
registered here (and adds what was registered since, on a re-run). Model permissions are
global in Django; which municipality's records a permission reaches is decided by the
tenant scope of every view (sites.tenancy)."""

from dataclasses import dataclass, field

from .constants import StaffRole
from .registry import Registry


@dataclass
class RoleGrants:
    """What one role holds: model permissions, and Wagtail per-site permissions."""

    permissions: set = field(default_factory=set)
    on_site: set = field(default_factory=set)


class RolePermissions(Registry):
    """The staff roles, each with what the apps granted it. The roles themselves are
    StaffRole's; apps add permissions to them, not roles."""

    def __init__(self, name="staff roles"):
        super().__init__(name)
        for role in StaffRole:
            self.register(role.value, RoleGrants())

    def _roles(self, roles):
        return [StaffRole(role) for role in ([roles] if isinstance(roles, str) else roles)]

    def grant_on_site(self, roles, *permissions):
        """Give a role permissions on its own municipality's site only (Wagtail's per-site
        permissions, as the site settings use them), e.g. "themes.change_themesettings"."""
        for role in self._roles(roles):
            self[role].on_site.update(permissions)

    def on_site_for_role(self, role):
        return frozenset(self[StaffRole(role)].on_site)

    def grant(self, roles, *permissions):
        """Give one role (or several) the permissions named "app_label.codename"."""
        for role in self._roles(roles):
            self[role].permissions.update(permissions)

    def revoke(self, roles, *permissions):
        for role in self._roles(roles):
            self[role].permissions.difference_update(permissions)
            self[role].on_site.difference_update(permissions)

    def for_role(self, role):
        return frozenset(self[StaffRole(role)].permissions)


role_permissions = RolePermissions()
# Every member of a municipality's staff works in the Wagtail admin.
role_permissions.grant(list(StaffRole), "wagtailadmin.access_admin")
