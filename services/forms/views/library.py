"""The provider's side of online forms, for operators only: the template library, its
designer and version publishing, and the figures across the fleet."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sites.hungarian import HungarianOrder

from .. import exchange, services
from ..constants import FormKind
from ..definition import validate_definition
from ..designer import DefinitionEditor
from ..forms import ImportForm, NewTemplateForm, PublishVersionForm
from ..models import FormCustomisation, FormTemplate
from ..render import form_context
from .admin import ProviderMixin
from .designing import DesignerMixin


class LibraryView(ProviderMixin, TemplateView):
    template_name = "forms/admin/library.html"
    page_title = gettext_lazy("Template library")

    def get_context_data(self, **kwargs):
        templates = FormTemplate.objects.select_related("current_version").annotate(
            users=Count("versions", distinct=True)
        )
        return super().get_context_data(
            templates=templates, new_form=NewTemplateForm(), import_form=ImportForm(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "file" in request.FILES:
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    template, added = exchange.import_template(
                        exchange.parse(form.cleaned_data["file"].read())
                    )
                    messages.success(
                        request,
                        _("%(code)s imported, %(count)d new version(s).")
                        % {"code": template.code, "count": added},
                    )
                except services.FormsError as error:
                    for problem in error.problems[:10]:
                        messages.error(request, str(problem))
            return redirect("forms_admin:library")
        form = NewTemplateForm(request.POST)
        if form.is_valid():
            if FormTemplate.objects.filter(code=form.cleaned_data["code"]).exists():
                messages.error(request, _("This form code is already taken."))
                return redirect("forms_admin:library")
            from ..definition import empty_definition

            definition = empty_definition(form.cleaned_data["title"])
            definition["steps"] = [{"key": "adatok", "title": _("Details"), "fields": []}]
            template = FormTemplate.objects.create(draft_definition=definition, **form.cleaned_data)
            return redirect("forms_admin:template", template.pk)
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("forms_admin:library")


class TemplateDesignerView(ProviderMixin, DesignerMixin, TemplateView):
    template_name = "forms/admin/designer.html"
    can_lock = True

    def get_page_title(self):
        return f"{self.template.code} {self.template.title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs(
            {"url": reverse("forms_admin:library"), "label": _("Template library")}
        )

    def get_editor(self):
        return DefinitionEditor(self.template.draft_definition or {"steps": []}, can_lock=True)

    def save_editor(self, editor):
        self.template.draft_definition = editor.result()
        self.template.save(update_fields=["draft_definition", "updated_at"])

    def dispatch(self, request, *args, **kwargs):
        self.template = get_object_or_404(FormTemplate, pk=kwargs["template_id"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "publish_version":
            form = PublishVersionForm(request.POST)
            if form.is_valid():
                problems = validate_definition(self.template.draft_definition)
                if problems:
                    for problem in problems[:10]:
                        messages.error(request, problem)
                    return redirect(request.path)
                try:
                    version, report = services.publish_template_version(
                        self.template,
                        self.template.draft_definition,
                        user=request.user,
                        **form.cleaned_data,
                    )
                except services.FormsError as error:
                    for problem in error.problems:
                        messages.error(request, str(problem))
                    return redirect(request.path)
                messages.success(
                    request,
                    _(
                        "Version %(n)d published. Moved: %(moved)d, drafts moved: %(draft)d, "
                        "conflicts: %(conflict)d."
                    )
                    % {
                        "n": version.number,
                        "moved": report["moved"],
                        "draft": report["draft_only"],
                        "conflict": report["conflict"],
                    },
                )
                return redirect(request.path)
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(request.path)
        outcome = self.handle_action(request, self.get_editor())
        if hasattr(outcome, "errors"):
            return self.render_to_response(self.get_context_data(field_form=outcome))
        return outcome

    def get_context_data(self, field_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.designer_context(self.get_editor(), field_form, self.request.GET.get("mezo"))
        )
        users = (
            FormCustomisation.objects.unscoped()
            .filter(template=self.template, kind=FormKind.OVERLAY)
            .select_related("municipality", "live_revision__template_version", "conflict_version")
            .order_by(HungarianOrder("municipality__name"))
        )
        context.update(
            template=self.template,
            versions=self.template.versions.all(),
            publish_form=PublishVersionForm(),
            users=users[:500],
            preview_url=reverse("forms_admin:template_preview", args=[self.template.pk]),
            unpublished=self.template.draft_definition
            != (
                self.template.current_version.definition if self.template.current_version else None
            ),
        )
        return context


class TemplatePreviewView(ProviderMixin, TemplateView):
    def get(self, request, template_id):
        template = get_object_or_404(FormTemplate, pk=template_id)
        return render(
            request,
            "forms/admin/preview.html",
            {
                **form_context(template.draft_definition or {"steps": []}),
                "preview": True,
                "code": template.code,
            },
        )


class TemplateExportView(ProviderMixin, TemplateView):
    def get(self, request, template_id):
        template = get_object_or_404(FormTemplate, pk=template_id)
        response = HttpResponse(
            exchange.dumps(exchange.export_template(template)),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{template.code}.json"'
        return response


class FleetView(ProviderMixin, TemplateView):
    template_name = "forms/admin/fleet.html"
    page_title = gettext_lazy("Forms across the fleet")

    def get_context_data(self, **kwargs):
        from ..fleet import fleet_figures

        return super().get_context_data(**fleet_figures(), **kwargs)
