"""All admin wiring of online forms: the officers' forms, the provider's library and fleet."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_urls
from .views.admin import can_use_forms


@hooks.register("register_admin_urls")
def register_forms_urls():
    return [path("urlapok/", include(admin_urls, namespace="forms_admin"))]


class OfficerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_forms(request.user)


class ProviderMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def register_forms_menu_item():
    return OfficerMenuItem(
        _("Online forms"), reverse("forms_admin:index"), icon_name="form", order=300
    )


@hooks.register("register_admin_menu_item")
def register_library_menu_item():
    return ProviderMenuItem(
        _("Form templates"), reverse("forms_admin:library"), icon_name="doc-full", order=960
    )


@hooks.register("register_admin_menu_item")
def register_fleet_menu_item():
    return ProviderMenuItem(
        _("Forms across the fleet"), reverse("forms_admin:fleet"), icon_name="table", order=970
    )


class LegalDeadlinesPanel(Component):
    """On an officer's dashboard: their forms that a legal change must reach by a date."""

    name = "forms_legal_deadlines"
    order = 90
    template_name = "forms/admin/deadlines_panel.html"

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        return {"rows": self.rows}


@hooks.register("construct_homepage_panels")
def add_legal_deadlines_panel(request, panels):
    if request.user.is_superuser:
        return  # operators follow deadlines on the fleet page
    from .services import open_deadlines
    from .views.admin import municipalities_for_officer

    rows = [
        (municipality, version, form)
        for municipality in municipalities_for_officer(request.user)[:50]
        for version, form in open_deadlines(municipality)
    ]
    if rows:
        panels.append(LegalDeadlinesPanel(rows))
