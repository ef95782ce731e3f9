"""What every registry view stands on: the municipality (sites.workspace) and the cases of it
the user may see (access.py)."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.access import has_perm_in
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

    # The navigation's buttons, asked of the role in this municipality (a template's
    # ``perms`` would answer for the user's roles anywhere).
    @cached_property
    def can_add_case(self):
        return has_perm_in(self.request.user, "documents.add_case", self.municipality)

    @cached_property
    def can_change_settings(self):
        return has_perm_in(
            self.request.user, "documents.change_registrysettings", self.municipality
        )

    def cases(self):
        return access.visible_cases(self.request.user, self.municipality)

    def case_queryset(self):
        return self.cases().select_related("case_type", "officer", "book")

    def get_case(self):
        return get_object_or_404(self.case_queryset(), pk=self.kwargs["case_id"])

    def case_url(self, case):
        return reverse("documents_admin:case", args=[self.municipality.pk, case.pk])


class CaseMixin(MunicipalMixin):
    """A view of one case (sites.workspace.ObjectView): among the cases the user may see."""

    pk_url_kwarg = "case_id"
    context_object_name = "case"

    def get_object_queryset(self):
        return self.case_queryset()


class IndexView(RegistryWorkspaceMixin, ChooseMunicipalityView):
    page_title = gettext_lazy("Cases")
    home_url_name = "documents_admin:cases"

    def no_municipality(self):
        # A site admin keeps the registry's settings without handling cases.
        administered = access.municipalities_for_settings(self.request.user).first()
        if administered is None:
            return super().no_municipality()
        return redirect("documents_admin:settings", administered.pk)
