"""Admin views of online forms.

Officers work in ``/admin/urlapok/onkormanyzat/<id>/…``: every view first finds the
municipality among those the user works for (sites.workspace), and every record through that
municipality's scope, so an officer of A asking for anything of B gets a 404 as if it did
not exist. The provider's library, version publishing and fleet figures are in library.py."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sites.access import officer_municipalities
from sites.workspace import (
    ActionView,
    ChooseMunicipalityView,
    MunicipalWorkspaceMixin,
    WorkspaceMixin,
)

from .. import exchange, services
from ..constants import Category, FormKind
from ..designer import DefinitionEditor, OverlayEditor
from ..forms import ImportForm
from ..models import (
    FormCustomisation,
    FormNotification,
    FormRevision,
    FormTemplate,
    Submission,
    SubmissionFile,
)
from ..render import answers_context, form_context
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

    def get_customisation(self):
        return get_object_or_404(
            self.forms_qs().select_related(
                "base_version", "template", "live_revision", "conflict_version"
            ),
            pk=self.kwargs["form_id"],
        )

    def home_url(self):
        return reverse("forms_admin:municipality", args=[self.municipality.pk])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs({"url": self.home_url(), "label": self.municipality.name})


class IndexView(FormsAdminMixin, ChooseMunicipalityView):
    template_name = "forms/admin/index.html"
    page_title = gettext_lazy("Online forms")
    home_url_name = "forms_admin:municipality"


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
            customisations=customisations,
            adopted=adopted,
            library=by_category,
            notices=notices,
            import_form=ImportForm(),
            portal_url=f"{self.municipality.url}/urlapok/" if self.municipality.url else "",
            **kwargs,
        )


class AdoptView(MunicipalMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, municipality_id, template_id, copy=False):
        template = (
            get_object_or_404(FormTemplate.objects.filter(is_active=True), pk=template_id)
            if template_id
            else None
        )
        try:
            if copy:
                customisation = services.copy_as_local(self.municipality, template, request.user)
                messages.success(
                    request, _("A local copy was made: it no longer follows the central versions.")
                )
            else:
                customisation = services.adopt(self.municipality, template, request.user)
                messages.success(
                    request, _("The template was adopted. Customise it, then publish it.")
                )
        except services.FormsError as error:
            messages.error(request, "; ".join(map(str, error.problems)))
            return redirect(self.home_url())
        return redirect("forms_admin:designer", self.municipality.pk, customisation.pk)


class CustomisationDesignerView(MunicipalMixin, DesignerMixin, TemplateView):
    template_name = "forms/admin/designer.html"

    def get_page_title(self):
        return f"{self.customisation.code} {self.customisation.title}"

    def get_editor(self):
        c = self.customisation
        if c.kind == FormKind.LOCAL:
            return DefinitionEditor(c.local_definition)
        return OverlayEditor(c.base_version.definition, c.overlay)

    def save_editor(self, editor):
        if editor.is_overlay:
            services.save_customisation(
                self.customisation, overlay=editor.result(), user=self.request.user
            )
        else:
            services.save_customisation(
                self.customisation, definition=editor.result(), user=self.request.user
            )

    def get(self, request, *args, **kwargs):
        self.customisation = self.get_customisation()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.customisation = self.get_customisation()
        outcome = self.handle_action(request, self.get_editor())
        if hasattr(outcome, "errors"):  # an invalid field form: show it again
            return self.render_to_response(self.get_context_data(field_form=outcome))
        return outcome

    def get_context_data(self, field_form=None, **kwargs):
        c = self.customisation
        editor = self.get_editor()
        context = super().get_context_data(**kwargs)
        context.update(self.designer_context(editor, field_form, self.request.GET.get("mezo")))
        context.update(
            municipality=self.municipality,
            customisation=c,
            preview_url=reverse("forms_admin:preview", args=[self.municipality.pk, c.pk]),
            latest_version=c.template.current_version if c.template_id else None,
            conflict_texts=[services.describe_conflict(x) for x in c.conflicts],
            revisions=FormRevision.objects.for_municipality(self.municipality)
            .filter(customisation=c)
            .select_related("template_version")[:10],
        )
        return context


class PreviewView(MunicipalMixin, TemplateView):
    """The draft exactly as a citizen would see it (nothing can be submitted)."""

    template_name = "forms/admin/preview.html"

    def get(self, request, *args, **kwargs):
        customisation = self.get_customisation()
        definition, _conflicts = services.resolve(customisation)
        return render(
            request,
            self.template_name,
            {
                **form_context(definition),
                "preview": True,
                "municipality": self.municipality,
                "code": customisation.code,
            },
        )


class CustomisationActionView(MunicipalMixin, ActionView):
    actions = {"publish": "publish", "withdraw": "withdraw", "resolve": "resolve_conflicts"}

    def perform(self, handler):
        customisation = self.get_customisation()
        try:
            handler(customisation)
        except services.FormsError as error:
            for problem in error.problems:
                messages.error(self.request, str(problem))
        return redirect("forms_admin:designer", self.municipality.pk, customisation.pk)

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


class OverlayExportView(MunicipalMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        customisation = self.get_customisation()
        try:
            document = exchange.export_overlay(customisation)
        except services.FormsError:
            document = {"definition": customisation.local_definition}
        response = HttpResponse(
            exchange.dumps(document), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{customisation.code}-{self.municipality.slug}.json"'
        )
        return response


class OverlayImportView(MunicipalMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
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
        return redirect("forms_admin:designer", self.municipality.pk, customisation.pk)


class NoticeReadView(MunicipalMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, municipality_id, notice_id):
        notice = get_object_or_404(
            FormNotification.objects.for_municipality(self.municipality), pk=notice_id
        )
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
        return redirect(self.home_url())


class SubmissionListView(MunicipalMixin, TemplateView):
    template_name = "forms/admin/submissions.html"
    page_title = gettext_lazy("Submissions")

    def get_context_data(self, **kwargs):
        submissions = (
            Submission.objects.for_municipality(self.municipality)
            .exclude(status="draft")
            .select_related("revision__customisation")[:200]
        )
        return super().get_context_data(
            municipality=self.municipality, submissions=submissions, **kwargs
        )


class SubmissionDetailView(MunicipalMixin, TemplateView):
    template_name = "forms/admin/submission.html"
    page_title = gettext_lazy("Submission")

    def get_context_data(self, **kwargs):
        submission = get_object_or_404(
            Submission.objects.for_municipality(self.municipality).select_related(
                "revision__customisation", "revision__template_version"
            ),
            pk=self.kwargs["submission_id"],
        )
        return super().get_context_data(
            municipality=self.municipality,
            submission=submission,
            answers=answers_context(submission.revision.definition, submission.data),
            files=SubmissionFile.objects.for_municipality(self.municipality).filter(
                submission=submission
            ),
            **kwargs,
        )
