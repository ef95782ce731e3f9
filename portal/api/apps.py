from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open API (/api/v1/): machine clients, their grants and tokens, the call log.
    It sits in the portal layer because its endpoints call every service's façade."""

    name = "portal.api"
    label = "api"
    verbose_name = _("Open API")
    default_auto_field = "django.db.models.BigAutoField"
