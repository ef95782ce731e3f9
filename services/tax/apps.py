from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxConfig(AppConfig):
    """Local taxes (ASP ADÓ): the registers, the tax types and their collection accounts,
    the taxpayer account, allocation, due dates and late-payment interest. No officer
    screens yet, and nothing registered with the admin: every query goes through the
    façade, scoped to one municipality."""

    name = "services.tax"
    label = "tax"
    verbose_name = _("Local taxes")
    default_auto_field = "django.db.models.BigAutoField"
