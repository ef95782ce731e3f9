"""Admin views of online forms.

Officers work in ``/admin/urlapok/onkormanyzat/<id>/…``: every view first finds the
municipality among those the user works for (sites.workspace), and every record through that
municipality's scope, so an officer of A asking for anything of B gets a 404 as if it did
not exist. Submissions are in submissions.py; the provider's library, version publishing and
fleet figures in library.py."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView

from sites.access import officer_municipalities
from sites.downloads import content_download
from sites.workspace import (
    ActionView,
    ChooseMunicipalityView,
    MunicipalWorkspaceMixin,
    ObjectView,
    WorkspaceMixin,
)

from .. import exchange, services
from ..constants import Category, FormKind
from ..designer import DefinitionEditor, OverlayEditor
from ..forms import ImportForm
from ..models import (
    FormCustomisation,
    FormEvent,
    FormNotification,
    FormRevision,
    FormTemplate,
)
from ..render import form_context
from .designing import DesignerMixin

OFFICER_PERMISSION = "forms.change_formcustomisation"


def municipalities_for_officer(user):
    return officer_municipalities(user, OFFICER_PERMISSION)


def can_use_forms(user):
    return user.is_superuser or municipalities_for_officer(user).exists()


class FormsAdminMixin(WorkspaceMixin):
    header_icon = "form"
    permission = OFFICER_PERMISSION
    index_url_name = "forms_admin:index"
    workspace_label = gettext_lazy("Online forms")

    def breadcrumbs(self, *items):
        return [*super().get_breadcrumbs_items(), *items]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs()


class ProviderMixin(FormsAdminMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MunicipalMixin(FormsAdminMixin, MunicipalWorkspaceMixin):
    def forms_qs(self):
        return FormCustomisation.objects.for_municipality(self.municipality)

    def home_url(self):
        return reverse("forms_admin:municipality", args=[self.municipality.pk])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs({"url": self.home_url(), "label": self.municipality.name})

    def designer_url(self, customisation):
        return reverse("forms_admin:designer", args=[self.municipality.pk, customisation.pk])


class CustomisationMixin(MunicipalMixin):
    """A view of one of the municipality's forms (sites.workspace.ObjectView)."""

    pk_url_kwarg = "form_id"
    context_object_name = "customisation"

    def get_object_queryset(self):
        return self.forms_qs().select_related(
            "base_version", "template", "live_revision", "conflict_version"
        )


class IndexView(FormsAdminMixin, ChooseMunicipalityView):
    page_title = gettext_lazy("Online forms")
    home_url_name = "forms_admin:municipality"

    def get_tools(self):
        if not self.request.user.is_superuser:
            return []
        return [
            (reverse("forms_admin:library"), _("Template library")),
            (reverse("forms_admin:fleet"), _("Forms across the fleet")),
        ]


class SchemaView(FormsAdminMixin, TemplateView):
    def get(self, request):
        if not can_use_forms(request.user):
            raise PermissionDenied
        return HttpResponse(
            json.dumps(exchange.schema(), ensure_ascii=False, indent=2),
            content_type="application/schema+json; charset=utf-8",
        )


# -- a municipality's forms


class MunicipalityFormsView(MunicipalMixin, TemplateView):
    template_name = "forms/admin/municipality.html"
    page_title = gettext_lazy("Online forms")

    def get_context_data(self, **kwargs):
        customisations = list(
            self.forms_qs().select_related(
                "template", "live_revision__template_version", "base_version"
            )
        )
        adopted = {c.template_id for c in customisations if c.template_id}
        library = FormTemplate.objects.filter(is_active=True, current_version__isnull=False)
        by_category = []
        for value, label in Category.choices:
            templates = [t for t in library if t.category == value]
            if templates:
                by_category.append((label, templates))
        notices = (
            FormNotification.objects.for_municipality(self.municipality)
            .filter(read_at__isnull=True)
            .select_related("customisation", "template_version")[:20]
        )
        return super().get_context_data(
            municipality=self.municipality,
            deadlines=services.open_deadlines(self.municipality),
            customisations=customisations,
            adopted=adopted,
            library=by_category,
            notices=notices,
            import_form=ImportForm(),
            portal_url=f"{self.municipality.url}/urlapok/" if self.municipality.url else "",
            **kwargs,
        )


class AdoptView(MunicipalMixin, ActionView):
    """A library template into the municipality's forms: adopted (it follows the central
    versions) or copied as a local form; the action is fixed by the URL."""

    actions = {"adopt": "adopt", "copy": "copy_as_local"}

    def perform(self, handler):
        template = get_object_or_404(
            FormTemplate.objects.filter(is_active=True), pk=self.kwargs["template_id"]
        )
        try:
            customisation = handler(template)
        except services.FormsError as error:
            messages.error(self.request, "; ".join(map(str, error.problems)))
            return redirect(self.home_url())
        return redirect(self.designer_url(customisation))

    def adopt(self, template):
        customisation = services.adopt(self.municipality, template, self.request.user)
        messages.success(
            self.request, _("The template was adopted. Customise it, then publish it.")
        )
        return customisation

    def copy_as_local(self, template):
        customisation = services.copy_as_local(self.municipality, template, self.request.user)
        messages.success(
            self.request, _("A local copy was made: it no longer follows the central versions.")
        )
        return customisation


class CustomisationDesignerView(CustomisationMixin, DesignerMixin, ObjectView):
    template_name = "forms/admin/designer.html"

    def get_page_title(self):
        return f"{self.object.code} {self.object.title}"

    def get_editor(self):
        c = self.object
        if c.kind == FormKind.LOCAL:
            return DefinitionEditor(c.local_definition)
        return OverlayEditor(c.base_version.definition, c.overlay)

    def save_editor(self, editor):
        if editor.is_overlay:
            services.save_customisation(
                self.object, overlay=editor.result(), user=self.request.user
            )
        else:
            services.save_customisation(
                self.object, definition=editor.result(), user=self.request.user
            )

    def get_context_data(self, field_form=None, **kwargs):
        c = self.object
        context = super().get_context_data(**kwargs)
        context.update(
            self.designer_context(self.get_editor(), field_form, self.request.GET.get("mezo"))
        )
        staged = services.preview_staged(c) if c.template_id else None
        context.update(
            preview_url=reverse("forms_admin:preview", args=[self.municipality.pk, c.pk]),
            latest_version=c.template.current_version if c.template_id else None,
            conflict_texts=[services.describe_conflict(x) for x in c.conflicts],
            to_drop=services.resolution_preview(c),
            staged=staged,
            staged_future=staged is not None and not staged[0].in_force(),
            events=FormEvent.objects.for_municipality(self.municipality)
            .filter(customisation=c)
            .select_related("template_version")[:20],
            revisions=FormRevision.objects.for_municipality(self.municipality)
            .filter(customisation=c)
            .select_related("template_version")[:10],
        )
        return context


class PreviewView(CustomisationMixin, ObjectView):
    """The draft exactly as a citizen would see it (nothing can be submitted)."""

    template_name = "forms/admin/preview.html"

    # The designer shows this page in a frame beside the editor; only our own pages may
    # frame it (the rest of the admin stays DENY).
    @method_decorator(xframe_options_sameorigin)
    def get(self, request, *args, **kwargs):
        definition, _conflicts = services.resolve(self.object)
        # ?valtozat=uj: the form as it will be served once the staged version is in force.
        staged = services.preview_staged(self.object) if request.GET.get("valtozat") else None
        if staged is not None:
            definition = staged[1]
        return render(
            request,
            self.template_name,
            {
                **form_context(definition),
                "preview": True,
                "municipality": self.municipality,
                "code": self.object.code,
            },
        )


class CustomisationActionView(CustomisationMixin, ObjectView):
    http_method_names = ["post"]
    actions = {"publish": "publish", "withdraw": "withdraw", "resolve": "resolve_conflicts"}

    def perform(self, handler):
        customisation = self.object
        try:
            handler(customisation)
        except services.FormsError as error:
            for problem in error.problems:
                messages.error(self.request, str(problem))
        return redirect(self.designer_url(customisation))

    def publish(self, customisation):
        services.publish(customisation, self.request.user)
        messages.success(self.request, _("Published: citizens see it on the portal now."))

    def withdraw(self, customisation):
        services.withdraw(customisation, self.request.user)
        messages.success(self.request, _("Withdrawn from the portal."))

    def resolve_conflicts(self, customisation):
        services.resolve_conflicts(customisation, self.request.user)
        messages.success(
            self.request,
            _("The form moved to the new version; your other customisations were kept."),
        )


class OverlayExportView(CustomisationMixin, ObjectView):
    def get(self, request, *args, **kwargs):
        customisation = self.object
        try:
            document = exchange.export_overlay(customisation)
        except services.FormsError:
            document = {"definition": customisation.local_definition}
        return content_download(
            exchange.dumps(document),
            f"{customisation.code}-{self.municipality.slug}.json",
            "application/json; charset=utf-8",
        )


class OverlayImportView(MunicipalMixin, ActionView):
    actions = {"import": "import_overlay"}
    default_action = "import"

    def import_overlay(self):
        request = self.request
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a JSON file of at most 2 MB."))
            return redirect(self.home_url())
        try:
            customisation = exchange.import_overlay(
                self.municipality, exchange.parse(form.cleaned_data["file"].read()), request.user
            )
        except services.FormsError as error:
            for problem in error.problems[:10]:
                messages.error(request, str(problem))
            return redirect(self.home_url())
        messages.success(request, _("The customisation was imported; check it and publish it."))
        return redirect(self.designer_url(customisation))


class NoticeView(MunicipalMixin, ObjectView):
    """A notice of a template's new version; the officer marks it read."""

    http_method_names = ["post"]
    pk_url_kwarg = "notice_id"
    actions = {"read": "mark_read", "keep": "keep", "take": "take"}
    default_action = "read"

    def get_object_queryset(self):
        return FormNotification.objects.for_municipality(self.municipality).select_related(
            "customisation__live_revision", "template_version"
        )

    def _decide(self, notice, take):
        try:
            services.decide(notice, self.request.POST.get("key", "")[:60], take, self.request.user)
        except services.FormsError as error:
            for problem in error.problems:
                messages.error(self.request, str(problem))
        else:
            messages.success(
                self.request,
                _("The template's version was taken.") if take else _("Your version was kept."),
            )
        return redirect(self.home_url())

    def keep(self, notice):
        return self._decide(notice, take=False)

    def take(self, notice):
        return self._decide(notice, take=True)

    def mark_read(self, notice):
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
        return redirect(self.home_url())
