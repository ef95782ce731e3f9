from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """ "Was this page useful?" on every page of a municipality's website: the visitors'
    yes/no votes with an optional comment (no personal data), each municipality's report
    in its admin and the provider's list of the fleet's worst pages."""

    name = "services.feedback"
    label = "feedback"
    verbose_name = _("Page feedback")
    default_auto_field = "django.db.models.BigAutoField"
