from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "services.intake"
    label = "intake"
    verbose_name = _("Applications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.constants import StaffRole
        from sites.roles import role_permissions

        from . import payment  # noqa: F401  (registers the application fee as a payment purpose)

        # Officers read the submitted applications of their own municipalities (sites.access).
        role_permissions.grant(StaffRole.OFFICER, "intake.view_application")
