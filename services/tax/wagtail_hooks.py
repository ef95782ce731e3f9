"""All admin wiring of the local taxes: the tax officers' "Helyi adó"."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import can_see_taxes


@hooks.register("register_admin_urls")
def register_tax_urls():
    return [path("helyi-ado/", include(admin_urls, namespace="tax_admin"))]


class TaxOfficerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_taxes(request.user)


@hooks.register("register_admin_menu_item")
def register_tax_menu_item():
    return TaxOfficerMenuItem(
        _("Local tax"), reverse("tax_admin:index"), icon_name="folder-open-inverse", order=330
    )


class CardAccessMenuItem(MenuItem):
    """The site admin's list of who opened whose taxpayer card (tax secrecy)."""

    def is_shown(self, request):
        from sites.access import officer_municipalities

        user = request.user
        return user.is_superuser or officer_municipalities(user, "tax.view_cardaccess").exists()


@hooks.register("register_admin_menu_item")
def register_card_access_menu_item():
    return CardAccessMenuItem(
        _("Card openings"),
        reverse("tax_admin:card_access_index"),
        icon_name="view",
        order=331,
    )
