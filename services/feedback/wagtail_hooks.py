"""All admin wiring of the page feedback: its report under Reports."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import can_see_report


@hooks.register("register_admin_urls")
def register_feedback_urls():
    return [path("visszajelzesek/", include(admin_urls, namespace="feedback_admin"))]


class FeedbackReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_report(request.user)


@hooks.register("register_reports_menu_item")
def register_feedback_menu_item():
    return FeedbackReportMenuItem(
        _("Page feedback"), reverse("feedback_admin:index"), icon_name="comment", order=910
    )


@hooks.register("register_log_actions")
def register_feedback_log_actions(actions):
    # The staff's moderation of a visitor's comment, on Wagtail's audit log.
    actions.register_action("feedback.hide_comment", _("Hide comment"), _("Comment hidden"))
    actions.register_action(
        "feedback.show_comment", _("Show comment again"), _("Comment shown again")
    )
