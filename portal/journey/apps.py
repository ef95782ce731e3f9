from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneyConfig(AppConfig):
    """The citizen's way through the portal: choose a municipality, choose in whose name to
    act, fill a form step by step (drafts), submit, get the receipt."""

    name = "portal.journey"
    label = "journey"
    verbose_name = _("Citizen journey")
    default_auto_field = "django.db.models.BigAutoField"
