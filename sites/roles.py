"""What each staff role may do beyond its page tree and media collection.

The one extension point through which a service app gives a role its model permissions:
``role_permissions.grant(StaffRole.OFFICER, "forms.change_formcustomisation")`` in the
app's ``ready()``. Provisioning gives every municipality's role group exactly what is
registered here (and adds what was registered since, on a re-run). Model permissions are
global in Django; which municipality's records a permission reaches is decided by the
tenant scope of every view (sites.tenancy)."""

from collections import defaultdict

from .constants import StaffRole


class RolePermissions:
    def __init__(self):
        self._granted = defaultdict(set)
        self._granted_on_site = defaultdict(set)

    def grant_on_site(self, roles, *permissions):
        """Give a role permissions on its own municipality's site only (Wagtail's per-site
        permissions, as the site settings use them), e.g. "themes.change_themesettings"."""
        for role in [roles] if isinstance(roles, str) else roles:
            self._granted_on_site[StaffRole(role)].update(permissions)

    def on_site_for_role(self, role):
        return frozenset(self._granted_on_site[StaffRole(role)])

    def grant(self, roles, *permissions):
        """Give one role (or several) the permissions named "app_label.codename"."""
        for role in [roles] if isinstance(roles, str) else roles:
            self._granted[StaffRole(role)].update(permissions)

    def revoke(self, roles, *permissions):
        for role in [roles] if isinstance(roles, str) else roles:
            self._granted[StaffRole(role)].difference_update(permissions)
            self._granted_on_site[StaffRole(role)].difference_update(permissions)

    def for_role(self, role):
        return frozenset(self._granted[StaffRole(role)])


role_permissions = RolePermissions()
# Every member of a municipality's staff works in the Wagtail admin.
role_permissions.grant(list(StaffRole), "wagtailadmin.access_admin")
