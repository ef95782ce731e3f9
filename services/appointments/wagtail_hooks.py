"""All admin wiring of appointments: the officers' "Időpontok" and the site admins' set-up."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import can_see_desk, can_set_up


@hooks.register("register_admin_urls")
def register_appointments_urls():
    return [path("idopontok/", include(admin_urls, namespace="appointments_admin"))]


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_desk(request.user)


class SetupMenuItem(MenuItem):
    def is_shown(self, request):
        return can_set_up(request.user)


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return DeskMenuItem(
        _("Appointments"), reverse("appointments_admin:index"), icon_name="date", order=330
    )


@hooks.register("register_admin_menu_item")
def register_setup_menu_item():
    return SetupMenuItem(
        _("Appointment set-up"),
        reverse("appointments_admin:setup_index"),
        icon_name="cog",
        order=335,
    )
