from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FleetConfig(AppConfig):
    """The provider's side of the fleet: the operators' console (the seed's figures live,
    service health) and the legal-change notices sent to municipalities with their read
    receipts. It sits in the portal layer because it reads every service's façade."""

    name = "portal.fleet"
    label = "fleet"
    verbose_name = _("Fleet console")
    default_auto_field = "django.db.models.BigAutoField"
