from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    """The provider's helpdesk for municipal staff: tickets with screenshots and the page
    they came from, the operators' queue with SLA clocks on working days and canned
    answers, and the knowledge base of the admin's help menu."""

    name = "services.helpdesk"
    label = "helpdesk"
    verbose_name = _("Helpdesk")
    default_auto_field = "django.db.models.BigAutoField"
