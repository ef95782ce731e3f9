"""All admin wiring of the open API: the site admins' "API-alkalmazások"."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import can_manage


@hooks.register("register_admin_urls")
def register_api_admin_urls():
    return [path("api-alkalmazasok/", include(admin_urls, namespace="api_admin"))]


class ApiMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage(request.user)


@hooks.register("register_admin_menu_item")
def register_api_menu_item():
    return ApiMenuItem(
        _("API applications"), reverse("api_admin:index"), icon_name="code", order=900
    )
