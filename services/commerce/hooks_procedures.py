"""The admin wiring of the notary's trade procedures (licence cases, industrial
notifications, the zoning matrix): loaded by wagtail_hooks."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from sites.access import officer_municipalities

from . import admin_urls_procedures


@hooks.register("register_admin_urls")
def register_procedure_urls():
    return [
        path("ipari-eljarasok/", include(admin_urls_procedures, namespace="commerce_procedures"))
    ]


class ProcedureMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or officer_municipalities(user, "commerce.view_procedure").exists()


@hooks.register("register_admin_menu_item")
def register_procedure_menu_item():
    return ProcedureMenuItem(
        _("Trade procedures"),
        reverse("commerce_procedures:index"),
        icon_name="doc-full-inverse",
        order=341,
    )
