"""The provider's side of online forms, for operators only: the template library, its
designer and version publishing, and the figures across the fleet."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sites.downloads import content_download
from sites.hungarian import HungarianOrder
from sites.workspace import ActionTableMixin

from .. import exchange, services
from ..constants import FormKind
from ..definition import empty_definition, validate_definition
from ..designer import DefinitionEditor
from ..forms import ImportForm, NewTemplateForm, PublishVersionForm
from ..models import FormCustomisation, FormTemplate
from ..render import form_context
from .admin import ProviderMixin
from .designing import DesignerMixin


class LibraryView(ProviderMixin, ActionTableMixin, TemplateView):
    template_name = "forms/admin/library.html"
    page_title = gettext_lazy("Template library")
    actions = {"create": "create_template", "import": "import_template"}

    def get_context_data(self, **kwargs):
        templates = FormTemplate.objects.select_related("current_version").annotate(
            users=Count("versions", distinct=True)
        )
        return super().get_context_data(
            templates=templates, new_form=NewTemplateForm(), import_form=ImportForm(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        return self.get_handler(self.action_name())()

    def import_template(self):
        request = self.request
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a JSON file of at most 2 MB."))
            return redirect("forms_admin:library")
        try:
            template, added = exchange.import_template(
                exchange.parse(form.cleaned_data["file"].read())
            )
        except services.FormsError as error:
            for problem in error.problems[:10]:
                messages.error(request, str(problem))
        else:
            messages.success(
                request,
                _("%(code)s imported, %(count)d new version(s).")
                % {"code": template.code, "count": added},
            )
        return redirect("forms_admin:library")

    def create_template(self):
        request = self.request
        form = NewTemplateForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("forms_admin:library")
        if FormTemplate.objects.filter(code=form.cleaned_data["code"]).exists():
            messages.error(request, _("This form code is already taken."))
            return redirect("forms_admin:library")
        definition = empty_definition(form.cleaned_data["title"])
        definition["steps"] = [{"key": "adatok", "title": _("Details"), "fields": []}]
        template = FormTemplate.objects.create(draft_definition=definition, **form.cleaned_data)
        return redirect("forms_admin:template", template.pk)


class TemplateDesignerView(ProviderMixin, DesignerMixin, TemplateView):
    template_name = "forms/admin/designer.html"
    can_lock = True
    actions = {**DesignerMixin.actions, "publish_version": "publish_version"}

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
        return self.get_handler(self.action_name())(self.template)

    def publish_version(self, template):
        """The draft as the library's next version, carried to every municipality that
        adopted the template (sites that customised the same fields get a conflict)."""
        request = self.request
        form = PublishVersionForm(request.POST)
        if not form.is_valid():
            return self.refuse([error for errors in form.errors.values() for error in errors])
        problems = validate_definition(template.draft_definition)
        if problems:
            return self.refuse(problems[:10])
        try:
            version, report = services.publish_template_version(
                template, template.draft_definition, user=request.user, **form.cleaned_data
            )
        except services.FormsError as error:
            return self.refuse(error.problems)
        if not version.in_force():
            messages.success(
                request,
                _(
                    "Version %(n)d staged until it comes into force. Ready: %(staged)d, "
                    "conflicts to resolve in advance: %(conflict)d."
                )
                % {"n": version.number, "staged": report["staged"], "conflict": report["conflict"]},
            )
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
        return content_download(
            exchange.dumps(exchange.export_template(template)),
            f"{template.code}.json",
            "application/json; charset=utf-8",
        )


class FleetView(ProviderMixin, TemplateView):
    template_name = "forms/admin/fleet.html"
    page_title = gettext_lazy("Forms across the fleet")

    def get_context_data(self, **kwargs):
        from ..fleet import fleet_figures

        return super().get_context_data(**fleet_figures(), **kwargs)
