"""What every registry view stands on: the municipality (sites.workspace) and the cases of it
the user may see (access.py)."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.actor import Actor, Channel
from sites.workspace import ChooseMunicipalityView, MunicipalWorkspaceMixin, WorkspaceMixin

from .. import access


class RegistryWorkspaceMixin(WorkspaceMixin):
    header_icon = "folder-open-inverse"
    permission = access.OFFICER_PERMISSION
    index_url_name = "documents_admin:index"
    workspace_label = gettext_lazy("Cases")


class MunicipalMixin(RegistryWorkspaceMixin, MunicipalWorkspaceMixin):
    def home_url(self):
        return reverse("documents_admin:cases", args=[self.municipality.pk])

    def get_breadcrumbs_items(self):
        return [{"url": self.home_url(), "label": _("Cases")}]

    @cached_property
    def actor(self):
        return Actor.from_request(
            self.request, channel=Channel.ADMIN, municipality=self.municipality
        )

    def cases(self):
        return access.visible_cases(self.request.user, self.municipality)

    def get_case(self):
        return get_object_or_404(
            self.cases().select_related("case_type", "officer", "book"),
            pk=self.kwargs["case_id"],
        )

    def case_url(self, case):
        return reverse("documents_admin:case", args=[self.municipality.pk, case.pk])


class IndexView(RegistryWorkspaceMixin, ChooseMunicipalityView):
    template_name = "documents/admin/index.html"
    page_title = gettext_lazy("Cases")
    home_url_name = "documents_admin:cases"

    def no_municipality(self):
        # A site admin keeps the registry's settings without handling cases.
        administered = access.municipalities_for_settings(self.request.user).first()
        if administered is None:
            return super().no_municipality()
        return redirect("documents_admin:settings", administered.pk)
