from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What an officer (ügyintéző) may do in the registry; every view also scopes each record
# to the officer's own municipalities, and restricted cases to their handling officer.
OFFICER_PERMISSIONS = (
    "documents.view_case",
    "documents.add_case",
    "documents.change_case",
    "documents.view_document",
    "documents.add_document",
    "documents.view_casetype",
)
# The site admin keeps the municipality's registry settings and its own case types.
SITE_ADMIN_PERMISSIONS = (
    "documents.view_casetype",
    "documents.add_casetype",
    "documents.change_casetype",
    "documents.change_registrysettings",
)


class DocumentsConfig(AppConfig):
    name = "services.documents"
    label = "documents"
    verbose_name = _("Document registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.constants import StaffRole
        from sites.roles import role_permissions

        from . import deadlines, delivery, signing  # noqa: F401  (register the plugins)

        role_permissions.grant(StaffRole.OFFICER, *OFFICER_PERMISSIONS)
        role_permissions.grant(StaffRole.SITE_ADMIN, *SITE_ADMIN_PERMISSIONS)
