"""All admin wiring of the trade and industry register: the trade officers'
"Kereskedelem és ipar"."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import can_see_register


@hooks.register("register_admin_urls")
def register_commerce_urls():
    return [path("kereskedelem/", include(admin_urls, namespace="commerce_admin"))]


class TradeOfficerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_register(request.user)


@hooks.register("register_admin_menu_item")
def register_commerce_menu_item():
    return TradeOfficerMenuItem(
        pgettext_lazy("workspace", "Trade and industry"),
        reverse("commerce_admin:index"),
        icon_name="clipboard-list",
        order=340,
    )


@hooks.register("register_log_actions")
def register_commerce_log_actions(actions):
    # The officer's check of a notification, on Wagtail's audit log.
    actions.register_action("commerce.check", _("Check notification"), _("Notification checked"))


# The licence procedures, industrial notifications and the zoning matrix.
from . import hooks_procedures  # noqa: E402,F401
