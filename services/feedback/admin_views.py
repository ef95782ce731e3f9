"""The page feedback in the admin: a municipality's editors, moderators and site admins see
their own site's results (per page, the comments, a weekly chart); the provider's operators
see the fleet's least useful pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from sites.access import municipalities_with_pages
from sites.workspace import ChooseMunicipalityView, MunicipalWorkspaceMixin, WorkspaceMixin

from . import charts, services


def can_see_report(user):
    return municipalities_with_pages(user).exists()


class ReportMixin(WorkspaceMixin):
    index_url_name = "feedback_admin:index"
    workspace_label = gettext_lazy("Page feedback")

    def municipalities(self):
        # The people who write the site's pages, not the office's officers.
        return municipalities_with_pages(self.request.user)


class IndexView(ReportMixin, ChooseMunicipalityView):
    page_title = gettext_lazy("Page feedback")
    home_url_name = "feedback_admin:report"

    def get_tools(self):
        if self.request.user.is_superuser:
            return [(reverse("feedback_admin:fleet"), gettext_lazy("The fleet's worst pages"))]
        return []


def _page_filter(request):
    value = request.GET.get("oldal", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


class ReportView(ReportMixin, MunicipalWorkspaceMixin, TemplateView):
    template_name = "feedback/admin/report.html"
    page_title = gettext_lazy("Page feedback")

    def get_context_data(self, **kwargs):
        page_id = _page_filter(self.request)
        report = services.report(self.municipality, page_id=page_id)
        chosen = None
        if page_id is not None:
            # Only a page of this municipality's own tree; another's id shows nothing.
            chosen = services.municipality_page(self.municipality, page_id)
            if chosen is None:
                report = services.report(self.municipality, page_id=-1)
        kwargs.update(
            report=report,
            chosen=chosen,
            chart=charts.week_columns(report["weeks"]),
        )
        return super().get_context_data(**kwargs)


class HideCommentView(ReportMixin, MunicipalWorkspaceMixin, View):
    """POST only: hide a comment from the report ("rejtes") or show it again ("mutatas").
    The same people who see the report moderate it; another municipality's comment is a
    404, as is its report."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = request.POST.get("muvelet")
        if action not in ("rejtes", "mutatas"):
            messages.error(request, gettext("Choose whether to hide the comment or show it."))
            return self._back(request)
        if services.comment_of(self.municipality, kwargs["vote_id"]) is None:
            raise Http404
        if action == "rejtes":
            services.hide_comment(self.municipality, kwargs["vote_id"], request.user)
            messages.success(
                request,
                gettext("The comment is hidden from the report; the answer still counts."),
            )
        else:
            services.show_comment(self.municipality, kwargs["vote_id"], request.user)
            messages.success(request, gettext("The comment is shown in the report again."))
        return self._back(request)

    def _back(self, request):
        target = request.POST.get("vissza", "")
        report = reverse("feedback_admin:report", args=[self.municipality.pk])
        if not target.startswith(report) or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}
        ):
            target = report
        return redirect(target)


class FleetView(WorkspaceMixin, TemplateView):
    """The provider's view: the least useful pages of every municipality."""

    template_name = "feedback/admin/fleet.html"
    page_title = gettext_lazy("The fleet's worst pages")
    index_url_name = "feedback_admin:index"
    workspace_label = gettext_lazy("Page feedback")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["pages"] = services.worst_pages(50)
        kwargs["min_votes"] = services.WORST_MIN_VOTES
        kwargs["days"] = services.REPORT_DAYS
        return super().get_context_data(**kwargs)
