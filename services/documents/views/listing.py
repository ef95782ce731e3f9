"""The case list, its CSV export and the registration of a new incoming document."""

import datetime

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sites.hungarian import user_name
from sites.workspace import ListView

from .. import access, auditing, services
from ..casetypes import case_types
from ..constants import OPEN_STATUSES, AuditAction, CaseStatus, Direction
from ..forms import CaseFilterForm, NewCaseForm
from .base import MunicipalMixin

DUE_SOON_DAYS = 3
PAGE_SIZE = 100


def filter_cases(cases, form, user):
    if not form.is_valid():
        return cases.filter(status__in=OPEN_STATUSES)
    data = form.cleaned_data
    status = data.get("status")
    if not status:
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status != "all":
        cases = cases.filter(status=status)
    if data.get("case_type"):
        cases = cases.filter(case_type=data["case_type"])
    officer = data.get("officer")
    if officer == "me":
        cases = cases.filter(officer=user)
    elif officer == "none":
        cases = cases.filter(officer__isnull=True)
    elif officer:
        cases = cases.filter(officer_id=officer)
    if data.get("handling_group"):
        cases = cases.filter(handling_group__icontains=data["handling_group"])
    if data.get("deadline") == "late":
        cases = cases.filter(services.late_filter())
    elif data.get("deadline") == "due3":
        cases = cases.filter(services.due_soon_filter(DUE_SOON_DAYS))
    query = data.get("q")
    if query:
        cases = cases.filter(
            Q(registry_number__icontains=query)
            | Q(subject__icontains=query)
            | Q(client_name__icontains=query)
            | Q(submission_reference__iexact=query)
        )
    return cases


EXPORT_COLUMNS = [
    gettext_lazy("Registry number"),
    gettext_lazy("Subject"),
    gettext_lazy("Case type"),
    gettext_lazy("Client"),
    gettext_lazy("Status"),
    gettext_lazy("Officer"),
    gettext_lazy("Received at"),
    gettext_lazy("Deadline"),
]


class CaseListView(MunicipalMixin, ListView):
    """The cases, and as CSV the filtered cases; every case an officer is shown or takes
    away is written to the audit trail."""

    template_name = "documents/admin/case_list.html"
    page_title = gettext_lazy("Cases")
    page_size = PAGE_SIZE
    export_name = "ugyiratok"
    export_columns = EXPORT_COLUMNS
    export_url_name = "documents_admin:export"

    def get_filter_form(self):
        return CaseFilterForm(
            self.request.GET or None,
            case_types=case_types(self.municipality),
            officers=access.officers_of(self.municipality),
        )

    def get_queryset(self):
        return self.case_queryset().order_by("deadline_at", "received_at")

    def filter_queryset(self, queryset, form):
        return filter_cases(queryset, form, self.request.user)

    def shown(self, page):
        shown = super().shown(page)
        # Every case whose subject and client an officer sees is a view of that case.
        auditing.record_many(
            AuditAction.VIEW_LIST,
            shown,
            municipality_id=self.municipality.pk,
            actor=self.actor,
            detail=self.request.GET.urlencode(),
        )
        return shown

    def exported(self, records):
        exported = list(records)
        auditing.record_many(
            AuditAction.EXPORT,
            exported,
            municipality_id=self.municipality.pk,
            actor=self.actor,
            detail=self.request.GET.urlencode(),
        )
        return exported

    def export_row(self, case):
        return _export_row(case)

    def get_context_data(self, **kwargs):
        visible = self.cases()
        now = timezone.now()
        counts = {
            "inbox": visible.filter(status=CaseStatus.RECEIVED).count(),
            "mine": visible.filter(status__in=OPEN_STATUSES, officer=self.request.user).count(),
            "due3": visible.filter(services.due_soon_filter(DUE_SOON_DAYS, now)).count(),
            "late": visible.filter(services.late_filter(now)).count(),
        }
        return super().get_context_data(
            counts=counts, now=now, soon=services.due_soon_end(DUE_SOON_DAYS, now), **kwargs
        )


def _export_row(case):
    return [
        case.registry_number,
        case.subject,
        case.case_type.code,
        case.client_name,
        case.get_status_display(),
        user_name(case.officer) if case.officer else "",
        timezone.localtime(case.received_at).strftime("%Y-%m-%d %H:%M"),
        _deadline_cell(case),
    ]


def _deadline_cell(case):
    if case.deadline_paused:
        return _("paused")
    return timezone.localtime(case.deadline_at).strftime("%Y-%m-%d") if case.deadline_at else ""


class NewCaseView(MunicipalMixin, TemplateView):
    template_name = "documents/admin/new_case.html"
    page_title = gettext_lazy("Register an incoming document")

    required_permission = "documents.add_case"

    def form(self, data=None, files=None):
        return NewCaseForm(
            data,
            files,
            case_types=case_types(self.municipality),
            initial={"received_on": timezone.localdate()},
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        received_on = data["received_on"]
        received_at = (
            timezone.now()
            if received_on == timezone.localdate()
            else timezone.make_aware(
                datetime.datetime.combine(received_on, datetime.time(12)),
                timezone.get_current_timezone(),
            )
        )
        try:
            case, document = services.register_case(
                self.municipality,
                case_type=data["case_type"],
                subject=data["subject"],
                client_kind=data["client_kind"],
                client_name=data["client_name"],
                client_email=data["client_email"],
                client_address=data["client_address"],
                received_at=received_at,
                handling_group=data["handling_group"],
                fee=data["fee"] or 0,
                initiated_by_request=data["initiated_by_request"],
                restricted=data["restricted"],
                user=request.user,
                actor=self.actor,
                document=services.NewDocument(
                    subject=data["document_subject"],
                    direction=Direction.INCOMING,
                    correspondent=data["client_name"],
                    files=data["files"],
                ),
            )
        except services.DocumentsError as error:
            form.add_error("files", str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request, _("Registered under %(number)s.") % {"number": document.registry_number}
        )
        return redirect(self.case_url(case))
