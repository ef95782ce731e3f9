"""All admin wiring of payments: the officers' "Befizetések"."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import can_see_payments


@hooks.register("register_admin_urls")
def register_payments_urls():
    return [path("befizetesek/", include(admin_urls, namespace="payments_admin"))]


class OfficerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_payments(request.user)


@hooks.register("register_admin_menu_item")
def register_payments_menu_item():
    return OfficerMenuItem(
        _("Payments"), reverse("payments_admin:index"), icon_name="tag", order=320
    )


class OperatorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def register_stripe_accounts_menu_item():
    return OperatorMenuItem(
        _("Stripe accounts"), reverse("payments_admin:merchants"), icon_name="tag", order=960
    )
