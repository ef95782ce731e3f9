"""The query log's report in the admin: a municipality's editors and site admins see what
their site's visitors search for and what they do not find — their own site only."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from sites.access import municipalities_with_pages
from sites.workspace import ChooseMunicipalityView, MunicipalWorkspaceMixin, WorkspaceMixin

from . import querylog


def can_see_report(user):
    return user.is_superuser or municipalities_with_pages(user).exists()


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


class PortalReportView(WagtailAdminTemplateMixin, TemplateView):
    """The central portal's searches over every municipality, for the operators: the
    searches scoped to one municipality are in that municipality's report."""

    template_name = "search/admin/report.html"
    page_title = gettext_lazy("Portal searches")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["report"] = querylog.report(list(Site.objects.filter(is_default_site=True)))
        return super().get_context_data(**kwargs)
