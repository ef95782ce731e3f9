"""All admin wiring of the data export."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls, services


@hooks.register("register_admin_urls")
def register_export_urls():
    return [path("adatexport/", include(admin_urls, namespace="dataexport_admin"))]


class ExportMenuItem(MenuItem):
    def is_shown(self, request):
        return services.exportable_municipalities(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_export_menu_item():
    return ExportMenuItem(
        _("Data export"), reverse("dataexport_admin:index"), icon_name="download", order=960
    )
