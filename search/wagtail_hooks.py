"""All admin wiring of the search: the query log's report under Reports."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import can_see_report


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [path("keresesek/", include(admin_urls, namespace="search_admin"))]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_report(request.user)


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        _("Site searches"), reverse("search_admin:index"), icon_name="search", order=900
    )


class PortalSearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_reports_menu_item")
def register_portal_search_report_menu_item():
    return PortalSearchReportMenuItem(
        _("Portal searches"), reverse("search_admin:portal"), icon_name="search", order=901
    )
