from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "services.appointments"
    label = "appointments"
    verbose_name = _("Appointments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.constants import StaffRole
        from sites.roles import role_permissions

        # Officers receive clients: the day's list, arrival, no-show, blocks (sites.access
        # decides in which municipality). Site admins set up offices, hours and matters.
        role_permissions.grant(
            StaffRole.OFFICER, "appointments.view_booking", "appointments.add_slotblock"
        )
        role_permissions.grant(StaffRole.SITE_ADMIN, "appointments.change_office")
