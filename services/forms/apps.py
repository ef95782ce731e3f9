from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What an officer (ügyintéző) may do with forms; the views also scope every record to the
# officer's own municipalities.
OFFICER_PERMISSIONS = (
    "forms.view_formtemplate",
    "forms.view_formcustomisation",
    "forms.add_formcustomisation",
    "forms.change_formcustomisation",
    "forms.view_submission",
)


class FormsConfig(AppConfig):
    name = "services.forms"
    label = "forms"
    verbose_name = _("Online forms")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.constants import StaffRole
        from sites.roles import role_permissions

        from . import (  # noqa: F401
            application,  # registers the form's kind of application (services.intake)
            fieldtypes,  # registers the field types
            online,  # the published forms as the site's online services
        )
        from .searchable import register_search_kinds

        # The published forms and the central templates, for the search layer (issue 18).
        register_search_kinds()

        role_permissions.grant(StaffRole.OFFICER, *OFFICER_PERMISSIONS)
