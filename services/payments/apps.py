from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# An officer (ügyintéző) sees the municipality's payments and may refund them; every view
# also scopes each record to the officer's own municipalities.
OFFICER_PERMISSIONS = (
    "payments.view_payment",
    "payments.view_refund",
    "payments.add_refund",
)


class PaymentsConfig(AppConfig):
    name = "services.payments"
    label = "payments"
    verbose_name = _("Payments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.constants import StaffRole
        from sites.roles import role_permissions

        from . import purposes  # noqa: F401  (registers what can be paid)
        from .providers import simulated, stripe  # noqa: F401  (registers the providers)

        role_permissions.grant(StaffRole.OFFICER, *OFFICER_PERMISSIONS)
