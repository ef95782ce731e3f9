from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = _("Citizen accounts and login")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import identity  # noqa: F401  (registers the identity sources)
        from .sms import backends  # noqa: F401  (registers the SMS backends)
