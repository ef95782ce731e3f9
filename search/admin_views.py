"""The query log's report in the admin: a municipality's editors and site admins see what
their site's visitors search for and what they do not find — their own site only."""

from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sites.access import municipalities_with_pages
from sites.workspace import ChooseMunicipalityView, MunicipalWorkspaceMixin, WorkspaceMixin

from . import querylog


def can_see_report(user):
    return municipalities_with_pages(user).exists()


class ReportMixin(WorkspaceMixin):
    index_url_name = "search_admin:index"
    workspace_label = gettext_lazy("Site searches")

    def municipalities(self):
        # The people who edit the site (editors, moderators, site admins), not officers.
        return municipalities_with_pages(self.request.user)


class IndexView(ReportMixin, ChooseMunicipalityView):
    page_title = gettext_lazy("Site searches")
    home_url_name = "search_admin:report"


class ReportView(ReportMixin, MunicipalWorkspaceMixin, TemplateView):
    template_name = "search/admin/report.html"
    page_title = gettext_lazy("Site searches")

    def get_context_data(self, **kwargs):
        site = self.municipality.site
        kwargs["report"] = querylog.report([site] if site else [])
        return super().get_context_data(**kwargs)
