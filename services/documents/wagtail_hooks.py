"""All admin wiring of the document registry: the officers' "Ügyiratok" menu."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .access import can_use_registry


@hooks.register("register_admin_urls")
def register_documents_urls():
    return [path("ugyiratok/", include(admin_urls, namespace="documents_admin"))]


class OfficerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_registry(request.user)


@hooks.register("register_admin_menu_item")
def register_documents_menu_item():
    return OfficerMenuItem(
        _("Cases"), reverse("documents_admin:index"), icon_name="folder-open-inverse", order=290
    )
