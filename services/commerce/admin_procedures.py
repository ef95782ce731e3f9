"""The officer's screens of the notary's trade and industry procedures ("Ipari eljárások"):
the licence cases and industrial notifications of a municipality, one procedure with its
steps (specialist authorities asked and answered, the on-site inspection) and its
decision, and the zoning matrix the notifications are checked against.

Every view is a workspace view (sites.workspace): the municipality among the user's own,
every record through its scope, so anything of another municipality is a 404. Deciding
goes through the façade, which decides through the registry's casework."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from services.documents import services as registry
from sites.access import has_perm_in
from sites.actor import Actor, Channel
from sites.forms import DateField
from sites.workspace import (
    ActionTableMixin,
    ChooseMunicipalityView,
    ListView,
    MunicipalWorkspaceMixin,
    ObjectView,
    WorkspaceMixin,
)

from . import services as commerce
from .models import (
    AnswerOutcome,
    Inspection,
    InspectionOutcome,
    Procedure,
    ProcedureKind,
    ProcedureOutcome,
    SpecialistRequest,
)

VIEW_PERMISSION = "commerce.view_procedure"
CHANGE_PERMISSION = "commerce.change_procedure"
ZONING_PERMISSION = "commerce.change_zoningrule"


class ProcedureAdminMixin(WorkspaceMixin):
    header_icon = "doc-full-inverse"
    permission = VIEW_PERMISSION
    index_url_name = "commerce_procedures:index"
    workspace_label = gettext_lazy("Trade procedures")


class MunicipalMixin(ProcedureAdminMixin, MunicipalWorkspaceMixin):
    def actor(self):
        return Actor.from_request(
            self.request, channel=Channel.ADMIN, municipality=self.municipality
        )

    def procedures(self):
        return Procedure.objects.for_municipality(self.municipality).select_related("case")


class IndexView(ProcedureAdminMixin, ChooseMunicipalityView):
    page_title = gettext_lazy("Trade procedures")
    home_url_name = "commerce_procedures:list"


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=[("", "–"), *ProcedureKind.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[("", "–"), *ProcedureOutcome.choices],
        required=False,
    )


class ProcedureListView(MunicipalMixin, ListView):
    template_name = "commerce/admin/procedures.html"
    page_title = gettext_lazy("Licence cases and industrial notifications")
    filter_form_class = FilterForm
    page_size = 30

    def get_queryset(self):
        return self.procedures()

    def filter_queryset(self, queryset, form):
        if form.is_valid():
            for key in ("kind", "outcome"):
                if form.cleaned_data.get(key):
                    queryset = queryset.filter(**{key: form.cleaned_data[key]})
        return queryset

    def shown(self, page):
        rows = list(page.object_list)
        open_requests = {}
        for request in SpecialistRequest.objects.for_municipality(self.municipality).filter(
            procedure__in=rows, answered_on__isnull=True
        ):
            open_requests[request.procedure_id] = open_requests.get(request.procedure_id, 0) + 1
        for row in rows:
            row.open_requests = open_requests.get(row.pk, 0)
            row.late = registry.is_late(row.case)
        return rows


class RequestForm(forms.Form):
    authority_code = forms.ChoiceField(label=gettext_lazy("Specialist authority"), required=False)
    authority = forms.CharField(
        label=gettext_lazy("Or another authority"), max_length=200, required=False
    )
    sent_on = DateField(label=gettext_lazy("Sent on"))
    due_on = DateField(
        label=gettext_lazy("Answer due"),
        required=False,
        help_text=gettext_lazy("Empty: the days the data gives the authority."),
    )
    reference = forms.CharField(
        label=gettext_lazy("Registry number of the request"), max_length=60, required=False
    )

    def __init__(self, *args, procedure=None, **kwargs):
        super().__init__(*args, **kwargs)
        proposed = set(
            commerce.procedure_rules.authorities_for(
                products=procedure.products if procedure else (),
                activity=procedure.activity if procedure else "",
            )
        )
        self.fields["authority_code"].choices = [("", "–")] + [
            (code, f"{item['name']}{' ★' if code in proposed else ''}")
            for code, item in commerce.procedure_rules.authorities().items()
        ]


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Answer"), choices=AnswerOutcome.choices)
    answered_on = DateField(label=gettext_lazy("Answered on"))
    conditions = forms.CharField(
        label=gettext_lazy("Conditions or reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ScheduleForm(forms.Form):
    scheduled_on = DateField(label=gettext_lazy("Day of the on-site inspection"))


class InspectionForm(forms.Form):
    held_on = DateField(label=gettext_lazy("Held on"))
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=InspectionOutcome.choices)
    minutes = forms.CharField(
        label=gettext_lazy("Minutes"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RefuseForm(forms.Form):
    reasons = forms.CharField(
        label=gettext_lazy("Reasons of the refusal"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ProhibitionForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=255)
    text = forms.CharField(
        label=gettext_lazy("Text of the decision"), widget=forms.Textarea(attrs={"rows": 6})
    )


class ProcedureView(MunicipalMixin, ObjectView):
    template_name = "commerce/admin/procedure.html"
    page_title = gettext_lazy("Procedure")
    pk_url_kwarg = "procedure_id"
    context_object_name = "procedure"
    actions = {
        "add_request": "add_request",
        "answer": "answer",
        "schedule": "schedule",
        "inspection": "inspection",
        "grant": "grant",
        "refuse": "refuse",
        "prohibit": "prohibit",
    }

    def get_object_queryset(self):
        return self.procedures()

    def get_page_subtitle(self):
        return f"{self.object.case.registry_number} – {self.object.applicant}"

    def get_context_data(self, **kwargs):
        procedure = self.object
        today = timezone.localdate()
        requests = list(
            SpecialistRequest.objects.for_municipality(self.municipality).filter(
                procedure=procedure
            )
        )
        for request in requests:
            request.overdue = request.is_overdue(today)
        pending = procedure.decided_at is None
        kwargs.setdefault(
            "request_form", RequestForm(procedure=procedure, initial={"sent_on": today})
        )
        kwargs.setdefault("answer_form", AnswerForm(initial={"answered_on": today}))
        kwargs.setdefault("schedule_form", ScheduleForm())
        kwargs.setdefault("inspection_form", InspectionForm(initial={"held_on": today}))
        kwargs.setdefault("refuse_form", RefuseForm())
        kwargs.setdefault(
            "prohibition_form",
            ProhibitionForm(
                initial={"subject": procedure.draft_subject, "text": procedure.draft_text}
            ),
        )
        case = procedure.case
        return super().get_context_data(
            case=case,
            late=registry.is_late(case),
            requests=requests,
            inspections=list(
                Inspection.objects.for_municipality(self.municipality).filter(procedure=procedure)
            ),
            pending=pending,
            is_notification=procedure.kind == ProcedureKind.INDUSTRIAL_NOTIFICATION,
            grant_blockers=commerce.blockers(procedure, granting=True) if pending else [],
            can_change=has_perm_in(self.request.user, CHANGE_PERMISSION, self.municipality),
            products=[commerce.licence_products().get(code, code) for code in procedure.products],
            activity=commerce.industrial_activities().get(procedure.activity),
            sources=commerce.procedure_rules.sources(),
            **kwargs,
        )

    def perform(self, handler):
        if not has_perm_in(self.request.user, CHANGE_PERMISSION, self.municipality):
            raise PermissionDenied
        return handler(self.object)

    def _done(self, procedure, message):
        messages.success(self.request, message)
        return redirect("commerce_procedures:procedure", self.municipality.pk, procedure.pk)

    def _invalid(self, name, form):
        messages.error(self.request, _("Check the data of the form below."))
        return self.render_to_response(self.get_context_data(**{name: form}), status=400)

    def _run(self, name, form, call, message):
        """Validate ``form``, run the façade's ``call`` with its data; a refusal of the
        façade shows on the form, nothing is lost."""
        if not form.is_valid():
            return self._invalid(name, form)
        try:
            call(form.cleaned_data)
        except commerce.CommerceError as error:
            form.add_error(None, str(error))
            return self._invalid(name, form)
        except registry.DocumentsError as error:
            form.add_error(None, str(error))
            return self._invalid(name, form)
        return self._done(self.object, message)

    def _own(self, model, key):
        value = str(self.request.POST.get(key, ""))
        if not value.isdigit():
            raise Http404
        return get_object_or_404(
            model.objects.for_municipality(self.municipality), pk=value, procedure=self.object
        )

    def add_request(self, procedure):
        form = RequestForm(self.request.POST, procedure=procedure)
        return self._run(
            "request_form",
            form,
            lambda data: commerce.add_request(procedure, actor=self.actor(), **data),
            _("The request to the specialist authority is recorded."),
        )

    def answer(self, procedure):
        request = self._own(SpecialistRequest, "request_id")
        return self._run(
            "answer_form",
            AnswerForm(self.request.POST),
            lambda data: commerce.record_answer(request, actor=self.actor(), **data),
            _("The authority's answer is recorded."),
        )

    def schedule(self, procedure):
        return self._run(
            "schedule_form",
            ScheduleForm(self.request.POST),
            lambda data: commerce.schedule_inspection(procedure, actor=self.actor(), **data),
            _("The on-site inspection is scheduled."),
        )

    def inspection(self, procedure):
        inspection = self._own(Inspection, "inspection_id")
        return self._run(
            "inspection_form",
            InspectionForm(self.request.POST),
            lambda data: commerce.record_inspection(inspection, actor=self.actor(), **data),
            _("The minutes of the inspection are recorded."),
        )

    def grant(self, procedure):
        try:
            commerce.grant(procedure, actor=self.actor())
        except (commerce.CommerceError, registry.DocumentsError) as error:
            messages.error(self.request, str(error))
            return redirect("commerce_procedures:procedure", self.municipality.pk, procedure.pk)
        return self._done(procedure, _("The licence is granted and entered in the register."))

    def refuse(self, procedure):
        return self._run(
            "refuse_form",
            RefuseForm(self.request.POST),
            lambda data: commerce.refuse(procedure, actor=self.actor(), **data),
            _("The application is refused."),
        )

    def prohibit(self, procedure):
        return self._run(
            "prohibition_form",
            ProhibitionForm(self.request.POST),
            lambda data: commerce.send_prohibition(procedure, actor=self.actor(), **data),
            _("The prohibition is registered and sent."),
        )


class ZoneForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=20)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    industrial = forms.BooleanField(label=gettext_lazy("Industrial area"), required=False)


class ZoningView(ActionTableMixin, MunicipalMixin, TemplateView):
    """The zoning matrix: a checkbox per zone and activity, and a new zone."""

    template_name = "commerce/admin/zoning.html"
    page_title = gettext_lazy("Zoning matrix")
    actions = {"save": "save", "add_zone": "add_zone"}
    default_action = "save"

    def get_context_data(self, **kwargs):
        zones, activities, cells = commerce.zoning.matrix(self.municipality)
        rows = [
            {
                "code": code,
                "activity": activity,
                "cells": [
                    {
                        "name": f"z{zone.pk}-{code}",
                        "zone": zone,
                        "allowed": cells.get((zone.pk, code)),
                    }
                    for zone in zones
                ],
            }
            for code, activity in activities.items()
        ]
        kwargs.setdefault("zone_form", ZoneForm())
        return super().get_context_data(
            zones=zones,
            rows=rows,
            can_change=has_perm_in(self.request.user, ZONING_PERMISSION, self.municipality),
            source=commerce.procedure_rules.sources()["zoning_default"],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not has_perm_in(request.user, ZONING_PERMISSION, self.municipality):
            raise PermissionDenied
        return self.get_handler(self.action_name())()

    def save(self):
        zones, activities, _cells = commerce.zoning.matrix(self.municipality)
        allowed = {
            (zone.pk, code)
            for zone in zones
            for code in activities
            if self.request.POST.get(f"z{zone.pk}-{code}")
        }
        commerce.zoning.save_matrix(self.municipality, allowed)
        messages.success(self.request, _("The zoning matrix is saved."))
        return redirect("commerce_procedures:zoning", self.municipality.pk)

    def add_zone(self):
        form = ZoneForm(self.request.POST)
        if form.is_valid():
            try:
                commerce.zoning.add_zone(self.municipality, **form.cleaned_data)
            except commerce.CommerceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(self.request, _("The zone is added; allow its activities below."))
                return redirect("commerce_procedures:zoning", self.municipality.pk)
        return self.render_to_response(self.get_context_data(zone_form=form), status=400)
