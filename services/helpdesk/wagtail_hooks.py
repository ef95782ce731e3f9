"""All admin wiring of the helpdesk: the tickets, the operators' queue, the knowledge base
in the admin's help menu, and the operators' editors of articles and canned answers."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls
from .models import Article, CannedAnswer
from .views import can_use_helpdesk


@hooks.register("register_admin_urls")
def register_helpdesk_urls():
    return [path("ugyfelszolgalat/", include(admin_urls, namespace="helpdesk_admin"))]


class HelpdeskMenuItem(MenuItem):
    def is_shown(self, request):
        # Three items ask on every admin page: one query per request.
        if not hasattr(request, "_helpdesk_menu_shown"):
            request._helpdesk_menu_shown = can_use_helpdesk(request.user)
        return request._helpdesk_menu_shown


@hooks.register("register_admin_menu_item")
def register_helpdesk_menu_item():
    return HelpdeskMenuItem(
        _("Helpdesk tickets"), reverse("helpdesk_admin:index"), icon_name="mail", order=960
    )


@hooks.register("register_help_menu_item")
def register_knowledge_base_menu_item():
    return HelpdeskMenuItem(
        _("Knowledge base"),
        reverse("helpdesk_admin:knowledge_base"),
        icon_name="doc-full",
        order=10,
        name="knowledge-base",
    )


@hooks.register("register_help_menu_item")
def register_report_problem_menu_item():
    # The form reads the page the person was on from this link's Referer.
    return HelpdeskMenuItem(
        _("Report a problem"),
        reverse("helpdesk_admin:new"),
        icon_name="warning",
        order=20,
        name="report-problem",
    )


class ArticleViewSet(SnippetViewSet):
    model = Article
    icon = "doc-full"
    menu_label = _("Knowledge base (editing)")
    menu_order = 965
    add_to_admin_menu = True
    list_display = ["title", "category", "published", "updated_at"]


class CannedAnswerViewSet(SnippetViewSet):
    model = CannedAnswer
    icon = "openquote"
    menu_label = _("Canned answers")
    menu_order = 966
    add_to_admin_menu = True
    list_display = ["title", "category", "active"]


register_snippet(ArticleViewSet)
register_snippet(CannedAnswerViewSet)
