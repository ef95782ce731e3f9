"""All admin wiring of the publication list: its screen under Reports and a panel on the
dashboard that names the overdue items of the user's municipalities."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from sites.access import municipalities_with_pages

from . import admin_urls, services
from .admin_views import can_see_list


@hooks.register("register_admin_urls")
def register_publication_urls():
    return [path("kozzeteteli-lista/", include(admin_urls, namespace="publication_admin"))]


class PublicationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_list(request.user)


@hooks.register("register_reports_menu_item")
def register_publication_menu_item():
    return PublicationMenuItem(
        _("Publication list"), reverse("publication_admin:index"), icon_name="list-ul", order=920
    )


class OverduePanel(Component):
    """The dashboard's notice: per municipality of the user (at most a few; an operator
    sees the fleet's in the screen, not here), how many items of its list are overdue."""

    name = "publication_overdue"
    order = 50
    template_name = "publication/admin/dashboard_panel.html"
    LIMIT = 5

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        rows = []
        if not self.user.is_superuser:
            for municipality in municipalities_with_pages(self.user)[: self.LIMIT]:
                attention = services.needing_attention(municipality)
                if attention:
                    rows.append(
                        {
                            "municipality": municipality,
                            "overdue": sum(1 for a in attention if a.status == "overdue"),
                            "missing": sum(1 for a in attention if a.status == "missing"),
                            "url": reverse("publication_admin:overdue", args=[municipality.pk]),
                        }
                    )
        return {"rows": rows}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["rows"]:
            return ""
        return super().render_html(parent_context)


@hooks.register("construct_homepage_panels")
def add_overdue_panel(request, panels):
    panels.append(OverduePanel(request.user))
