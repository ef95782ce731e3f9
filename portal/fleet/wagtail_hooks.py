"""All admin wiring of the fleet console, the legal-change notices and their inbox."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls, notices
from .views import is_operator


@hooks.register("register_admin_urls")
def register_fleet_urls():
    return [path("flottakonzol/", include(admin_urls, namespace="fleet_admin"))]


class OperatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_operator(request.user)


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return notices.receiving_municipalities(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_console_menu_item():
    return OperatorMenuItem(
        _("Fleet console"), reverse("fleet_admin:console"), icon_name="table", order=950
    )


@hooks.register("register_admin_menu_item")
def register_notices_menu_item():
    return OperatorMenuItem(
        _("Legal-change notices"), reverse("fleet_admin:notices"), icon_name="mail", order=955
    )


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(
        _("Notices from the provider"),
        reverse("fleet_admin:inbox"),
        icon_name="info-circle",
        order=958,
    )


class UnreadNoticesPanel(Component):
    """On the admin's home page of an officer or site admin, the provider's notices they
    have not opened yet; it disappears once they have read them all."""

    name = "fleet_unread_notices"
    template_name = "fleet/admin/unread_panel.html"
    order = 10

    def __init__(self, unread):
        self.unread = unread

    def get_context_data(self, parent_context):
        return {"unread": self.unread}


@hooks.register("construct_homepage_panels")
def add_unread_notices_panel(request, panels):
    unread = notices.unread_for(request.user)
    if unread:
        panels.insert(0, UnreadNoticesPanel(unread))
