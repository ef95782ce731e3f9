"""The publication list's screen in the admin: a municipality's overdue and missing items,
for the people who edit its site (editors, moderators, site admins)."""

from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sites.access import municipalities_with_pages
from sites.workspace import ChooseMunicipalityView, MunicipalWorkspaceMixin, WorkspaceMixin

from . import services, structure


def can_see_list(user):
    return municipalities_with_pages(user).exists()


class ListMixin(WorkspaceMixin):
    index_url_name = "publication_admin:index"
    workspace_label = gettext_lazy("Publication list")

    def municipalities(self):
        return municipalities_with_pages(self.request.user)


class IndexView(ListMixin, ChooseMunicipalityView):
    page_title = gettext_lazy("Publication list")
    home_url_name = "publication_admin:overdue"


class OverdueView(ListMixin, MunicipalWorkspaceMixin, TemplateView):
    template_name = "publication/admin/overdue.html"
    page_title = gettext_lazy("Publication list: items to update")

    def get_context_data(self, **kwargs):
        kwargs.update(
            pages=list(services.list_pages(self.municipality)),
            attention=services.needing_attention(self.municipality),
            OVERDUE=structure.OVERDUE,
        )
        return super().get_context_data(**kwargs)
