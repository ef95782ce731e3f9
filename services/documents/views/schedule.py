"""The municipality's retention schedule, case types and registry settings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sites.access import has_perm_in

from .. import access
from ..casetypes import case_types
from ..forms import CaseTypeForm, CaseTypeLocalSettingsForm, RegistrySettingsForm
from ..models import CaseType, RegistrySettings
from .base import MunicipalMixin


class CaseTypesView(MunicipalMixin, TemplateView):
    template_name = "documents/admin/case_types.html"
    page_title = gettext_lazy("Retention schedule and case types")

    def municipalities(self):
        return access.municipalities_for_schedule(self.request.user)

    def can_change(self):
        return has_perm_in(self.request.user, "documents.change_casetype", self.municipality)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CaseTypeForm())
        return super().get_context_data(
            case_types=case_types(self.municipality).select_related("schedule_item"),
            can_change=self.can_change(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.can_change():
            raise PermissionDenied
        types = case_types(self.municipality)
        if request.POST.get("case_type"):
            case_type = get_object_or_404(types, pk=request.POST["case_type"])
            form_class = CaseTypeForm if case_type.is_local else CaseTypeLocalSettingsForm
            form = form_class(request.POST, instance=case_type)
        else:
            form = CaseTypeForm(request.POST, instance=CaseType(municipality=self.municipality))
        if form.is_valid():
            code = form.cleaned_data.get("code")
            if code and types.filter(code=code).exclude(pk=form.instance.pk).exists():
                form.add_error("code", _("This code is already in the schedule."))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            form.save()
        except IntegrityError:
            messages.error(request, _("This code is already in the schedule."))
            return redirect(request.path)
        messages.success(request, _("Saved."))
        return redirect(request.path)


class RegistrySettingsView(MunicipalMixin, TemplateView):
    template_name = "documents/admin/settings.html"
    page_title = gettext_lazy("Registry settings")

    def municipalities(self):
        return access.municipalities_for_settings(self.request.user)

    def instance(self):
        return RegistrySettings.objects.for_municipality(
            self.municipality
        ).first() or RegistrySettings(municipality=self.municipality)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", RegistrySettingsForm(instance=self.instance()))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = RegistrySettingsForm(request.POST, instance=self.instance())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        messages.success(request, _("Saved. New registrations use the new prefix."))
        return redirect(request.path)
