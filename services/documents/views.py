"""The officers' workspace in the Wagtail admin: inbox, case, documents, audit history.

URLs are ``/admin/ugyiratok/onkormanyzat/<id>/…``; see access.py for who sees what. Every
opening of a case or a file, and every change, is written to the audit trail."""

import csv
import datetime
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.access import has_perm_in

from . import access, auditing, services
from .casetypes import case_types
from .constants import OPEN_STATUSES, TIMELINE_ACTIONS, AuditAction, CaseStatus, Direction
from .deadlines import get_rule
from .files import ChecksumMismatch, verified_copy
from .forms import (
    CaseFilterForm,
    CaseTypeForm,
    CaseTypeLocalSettingsForm,
    CloseForm,
    CorrectionForm,
    NewCaseForm,
    OutgoingForm,
    RegisterDocumentForm,
    RegistrySettingsForm,
    RequestInformationForm,
    ResumeForm,
)
from .models import CasePause, CaseType, DeliveryAttempt, Document, DocumentFile, RegistrySettings

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 3
PAGE_SIZE = 100


class RegistryAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "folder-open-inverse"

    def get_breadcrumbs_items(self):
        return [{"url": reverse("documents_admin:index"), "label": _("Cases")}]


class MunicipalMixin(RegistryAdminMixin):
    # A permission the view needs beyond reaching the municipality, held through a role in
    # this municipality (sites.access), e.g. "documents.add_case".
    required_permission = None

    def municipalities(self):
        return access.municipalities_for(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        self.municipality = get_object_or_404(self.municipalities(), pk=kwargs["municipality_id"])
        if self.required_permission and not has_perm_in(
            request.user, self.required_permission, self.municipality
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.municipality.name

    def home_url(self):
        return reverse("documents_admin:cases", args=[self.municipality.pk])

    def get_breadcrumbs_items(self):
        return [{"url": self.home_url(), "label": _("Cases")}]

    def cases(self):
        return access.visible_cases(self.request.user, self.municipality)

    def get_case(self, for_update=False):
        return get_object_or_404(
            self.cases().select_related("case_type", "officer", "book"),
            pk=self.kwargs["case_id"],
        )

    def case_url(self, case):
        return reverse("documents_admin:case", args=[self.municipality.pk, case.pk])


class IndexView(RegistryAdminMixin, TemplateView):
    template_name = "documents/admin/index.html"
    page_title = gettext_lazy("Cases")

    def get(self, request, *args, **kwargs):
        municipalities = access.municipalities_for(request.user)
        if not request.user.is_superuser:
            only = list(municipalities[:2])
            if not only:
                administered = access.municipalities_for_settings(request.user).first()
                if administered is None:
                    raise PermissionDenied
                return redirect("documents_admin:settings", administered.pk)
            if len(only) == 1:
                return redirect("documents_admin:cases", only[0].pk)
        query = request.GET.get("q", "").strip()[:100]
        if query:
            municipalities = municipalities.filter(name__icontains=query)
        self.extra_context = {"municipalities": municipalities[:50], "query": query}
        return super().get(request, *args, **kwargs)


# -- the list


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
    now = timezone.now()
    if data.get("deadline") == "late":
        cases = cases.filter(status__in=OPEN_STATUSES, deadline_at__lt=now)
    elif data.get("deadline") == "due3":
        cases = cases.filter(
            status__in=OPEN_STATUSES,
            deadline_at__gte=now,
            deadline_at__lte=now + datetime.timedelta(days=DUE_SOON_DAYS),
        )
    query = data.get("q")
    if query:
        cases = cases.filter(
            Q(registry_number__icontains=query)
            | Q(subject__icontains=query)
            | Q(client_name__icontains=query)
            | Q(submission_reference__iexact=query)
        )
    return cases


class CaseListView(MunicipalMixin, TemplateView):
    template_name = "documents/admin/case_list.html"
    page_title = gettext_lazy("Cases")

    def filter_form(self):
        return CaseFilterForm(
            self.request.GET or None,
            case_types=case_types(self.municipality),
            officers=access.officers_of(self.municipality),
        )

    def get_context_data(self, **kwargs):
        form = self.filter_form()
        cases = filter_cases(self.cases(), form, self.request.user)
        cases = cases.select_related("case_type", "officer", "book").order_by(
            "deadline_at", "received_at"
        )
        visible = self.cases()
        now = timezone.now()
        counts = {
            "inbox": visible.filter(status=CaseStatus.RECEIVED).count(),
            "mine": visible.filter(status__in=OPEN_STATUSES, officer=self.request.user).count(),
            "due3": visible.filter(
                status__in=OPEN_STATUSES,
                deadline_at__gte=now,
                deadline_at__lte=now + datetime.timedelta(days=DUE_SOON_DAYS),
            ).count(),
            "late": visible.filter(status__in=OPEN_STATUSES, deadline_at__lt=now).count(),
        }
        shown = list(cases[:PAGE_SIZE])
        # Every case whose subject and client an officer sees is a view of that case.
        auditing.record_many(
            AuditAction.VIEW_LIST,
            shown,
            municipality_id=self.municipality.pk,
            request=self.request,
            detail=self.request.GET.urlencode(),
        )
        return super().get_context_data(
            municipality=self.municipality,
            cases=shown,
            total=cases.count(),
            page_size=PAGE_SIZE,
            form=form,
            counts=counts,
            now=now,
            soon=now + datetime.timedelta(days=DUE_SOON_DAYS),
            query_string=self.request.GET.urlencode(),
            **kwargs,
        )


class CaseExportView(CaseListView):
    """The filtered list as CSV (UTF-8 with BOM, so Excel opens it in Hungarian)."""

    def get(self, request, *args, **kwargs):
        form = self.filter_form()
        cases = filter_cases(self.cases(), form, request.user).select_related(
            "case_type", "officer"
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="ugyiratok-{self.municipality.slug}-{stamp}.csv"'
        )
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [
                _("Registry number"),
                _("Subject"),
                _("Case type"),
                _("Client"),
                _("Status"),
                _("Officer"),
                _("Received at"),
                _("Deadline"),
            ]
        )
        exported = list(cases)
        auditing.record_many(
            AuditAction.EXPORT,
            exported,
            municipality_id=self.municipality.pk,
            request=request,
            detail=request.GET.urlencode(),
        )
        for case in exported:
            writer.writerow(
                [
                    case.registry_number,
                    case.subject,
                    case.case_type.code,
                    case.client_name,
                    case.get_status_display(),
                    case.officer.get_full_name() if case.officer else "",
                    timezone.localtime(case.received_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(case.deadline_at).strftime("%Y-%m-%d")
                    if case.deadline_at
                    else "",
                ]
            )
        return response


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
        return super().get_context_data(municipality=self.municipality, **kwargs)

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
            with transaction.atomic():
                case = services.open_case(
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
                    request=request,
                )
                document = services.register_document(
                    case,
                    direction=Direction.INCOMING,
                    subject=data["document_subject"],
                    correspondent=data["client_name"],
                    files=data["files"],
                    user=request.user,
                    request=request,
                )
        except services.DocumentsError as error:
            form.add_error("files", str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request, _("Registered under %(number)s.") % {"number": document.registry_number}
        )
        return redirect(self.case_url(case))


# -- one case


class CaseDetailView(MunicipalMixin, TemplateView):
    template_name = "documents/admin/case_detail.html"

    def get_page_title(self):
        return f"{self.case.registry_number} {self.case.subject}"

    def get(self, request, *args, **kwargs):
        self.case = self.get_case()
        auditing.record(
            AuditAction.VIEW_CASE,
            municipality_id=self.municipality.pk,
            request=request,
            case=self.case,
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        case = self.case
        user = self.request.user
        documents = list(services.documents_of(case).select_related("registered_by", "corrects"))
        files = services.files_of(documents)
        attempts = {}
        for attempt in DeliveryAttempt.objects.for_municipality(self.municipality).filter(
            document__case=case
        ):
            attempts.setdefault(attempt.document_id, []).append(attempt)
        for document in documents:
            document.stored_files = files.get(document.pk, [])
            document.attempts = attempts.get(document.pk, [])
        timeline = auditing.history(case).filter(action__in=TIMELINE_ACTIONS)
        rule = get_rule(case.procedure_rule)
        can_handle = access.can_handle(user, case)
        return super().get_context_data(
            municipality=self.municipality,
            case=case,
            documents=documents,
            timeline=timeline,
            pauses=CasePause.objects.for_municipality(self.municipality).filter(case=case),
            related=access.visible_cases(user, self.municipality).filter(
                pk__in=case.related.through.objects.filter(from_case_id=case.pk).values(
                    "to_case_id"
                )
            ),
            rule=rule,
            risk=services.late_refund(case) if case.is_late else None,
            officers=access.officers_of(self.municipality),
            can_handle=can_handle,
            can_assign=access.can_assign(user, case),
            can_see_audit=access.can_see_audit(user, case),
            is_open=case.is_open,
            outgoing_form=OutgoingForm(),
            decide_form=OutgoingForm(prefix="decide"),
            request_form=RequestInformationForm(),
            resume_form=ResumeForm(),
            register_form=RegisterDocumentForm(),
            close_form=CloseForm(),
            correction_form=CorrectionForm(),
            statuses=CaseStatus,
            **kwargs,
        )


class CaseActionView(MunicipalMixin, TemplateView):
    """Every change of a case: one POST endpoint per action, each through services."""

    http_method_names = ["post"]
    FORMS = {
        "reply": OutgoingForm,
        "decide": OutgoingForm,
        "request_info": RequestInformationForm,
        "resume": ResumeForm,
        "register": RegisterDocumentForm,
        "close": CloseForm,
        "correct": CorrectionForm,
    }

    def post(self, request, municipality_id, case_id, action, document_id=None):
        case = self.get_case()
        allowed = (
            access.can_assign(request.user, case)
            if action in ("assign", "restrict", "relate")
            else access.can_handle(request.user, case)
        )
        if not allowed:
            auditing.record(
                AuditAction.DENIED,
                municipality_id=self.municipality.pk,
                request=request,
                case=case,
                detail=action,
            )
            messages.error(request, _("Only the handling officer can do this."))
            return redirect(self.case_url(case))
        try:
            self.act(request, case, action, document_id)
        except services.DocumentsError as error:
            messages.error(request, str(error))
        except _Invalid as invalid:
            for field, errors in invalid.form.errors.items():
                label = invalid.form.fields[field].label if field in invalid.form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
        return redirect(self.case_url(case))

    def form(self, action, request):
        prefix = "decide" if action == "decide" else None
        form = self.FORMS[action](request.POST, request.FILES, prefix=prefix)
        if not form.is_valid():
            raise _Invalid(form)
        return form.cleaned_data

    def act(self, request, case, action, document_id):
        who = {"user": request.user, "request": request}
        if action == "assign":
            officer = (
                access.officers_of(self.municipality)
                .filter(pk=request.POST.get("officer") or 0)
                .first()
            )
            if officer is None:
                raise services.DocumentsError(_("Choose an officer of this municipality."))
            services.assign(case, officer, **who)
            messages.success(
                request,
                _("Assigned to %(name)s.")
                % {"name": officer.get_full_name() or officer.get_username()},
            )
        elif action == "take":
            services.assign(case, request.user, **who)
            messages.success(request, _("The case is yours now."))
        elif action == "start":
            services.start(case, **who)
        elif action == "reply":
            data = self.form(action, request)
            document = services.reply(
                case, subject=data["subject"], text=data["text"], files=data["files"], **who
            )
            messages.success(
                request,
                _("Reply registered under %(number)s.") % {"number": document.registry_number},
            )
        elif action == "decide":
            data = self.form(action, request)
            document = services.decide(
                case, subject=data["subject"], text=data["text"], files=data["files"], **who
            )
            messages.success(
                request,
                _("Decision registered under %(number)s.") % {"number": document.registry_number},
            )
            if case.decided_late:
                messages.warning(
                    request,
                    _("The decision is late: %(amount)s Ft is owed to the client.")
                    % {"amount": case.late_refund or 0},
                )
        elif action == "request_info":
            data = self.form(action, request)
            services.request_information(
                case,
                text=data["text"],
                client_deadline=data["client_deadline"],
                files=data["files"],
                **who,
            )
            messages.success(request, _("The request was registered; the deadline is paused."))
        elif action == "resume":
            data = self.form(action, request)
            services.resume(case, text=data["text"], files=data["files"], **who)
            messages.success(request, _("The deadline runs again."))
        elif action == "register":
            data = self.form(action, request)
            if not case.is_open:
                raise services.DocumentsError(_("Documents are registered in open cases only."))
            document = services.register_document(
                case,
                direction=data["direction"],
                subject=data["subject"],
                correspondent=data["correspondent"],
                text=data["text"],
                files=data["files"],
                **who,
            )
            messages.success(
                request, _("Registered under %(number)s.") % {"number": document.registry_number}
            )
        elif action == "correct":
            data = self.form(action, request)
            original = get_object_or_404(
                Document.objects.for_municipality(self.municipality).filter(case=case),
                pk=document_id,
            )
            document = services.correct(
                original, subject=data["subject"], text=data["text"], files=data["files"], **who
            )
            messages.success(
                request,
                _("Correction registered under %(number)s.") % {"number": document.registry_number},
            )
        elif action == "close":
            data = self.form(action, request)
            services.close(case, note=data["note"], **who)
            messages.success(request, _("The case is closed."))
        elif action == "restrict":
            services.set_restricted(case, request.POST.get("restricted") == "1", **who)
        elif action == "relate":
            number = request.POST.get("number", "").strip()[:40]
            other = self.cases().filter(registry_number=number).first()
            if other is None:
                raise services.DocumentsError(
                    _("There is no case with this number: %(number)s.") % {"number": number or "—"}
                )
            services.relate(case, other, **who)
        else:
            raise Http404


class _Invalid(Exception):
    def __init__(self, form):
        self.form = form


class AuditView(MunicipalMixin, TemplateView):
    template_name = "documents/admin/audit.html"

    def get_page_title(self):
        return _("Audit history of %(number)s") % {"number": self.case.registry_number}

    def get(self, request, *args, **kwargs):
        self.case = self.get_case()
        if not access.can_see_audit(request.user, self.case):
            raise PermissionDenied
        auditing.record(
            AuditAction.VIEW_AUDIT,
            municipality_id=self.municipality.pk,
            request=request,
            case=self.case,
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            municipality=self.municipality,
            case=self.case,
            events=auditing.history(self.case).order_by("-at", "-pk")[:1000],
            **kwargs,
        )


class FileDownloadView(MunicipalMixin, TemplateView):
    """Serve a registered file only if it still matches the SHA-256 taken at registration."""

    def get(self, request, municipality_id, case_id, file_id):
        case = self.get_case()
        stored = get_object_or_404(
            DocumentFile.objects.for_municipality(self.municipality)
            .filter(document__case=case)
            .select_related("document"),
            pk=file_id,
        )
        try:
            content = verified_copy(stored)
        except (ChecksumMismatch, FileNotFoundError, OSError) as error:
            mismatch = isinstance(error, ChecksumMismatch)
            logger.error(
                "Registered file %s of %s (%s) %s: %s",
                stored.pk,
                stored.document.registry_number,
                self.municipality.slug,
                "does not match its SHA-256" if mismatch else "cannot be read",
                error,
            )
            auditing.record(
                AuditAction.CHECKSUM_MISMATCH,
                municipality_id=self.municipality.pk,
                request=request,
                case=case,
                document=stored.document,
                detail=f"{stored.original_name}: {error}"[:500],
            )
            return render(
                request,
                "documents/admin/file_error.html",
                {
                    "case": case,
                    "stored": stored,
                    "mismatch": mismatch,
                    "municipality": self.municipality,
                },
                status=503,
            )
        auditing.record(
            AuditAction.DOWNLOAD,
            municipality_id=self.municipality.pk,
            request=request,
            case=case,
            document=stored.document,
            detail=stored.original_name,
        )
        response = FileResponse(
            content,
            as_attachment=True,
            filename=stored.original_name,
            content_type=stored.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# -- the municipality's schedule and settings


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
            municipality=self.municipality,
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
        return super().get_context_data(municipality=self.municipality, **kwargs)

    def post(self, request, *args, **kwargs):
        form = RegistrySettingsForm(request.POST, instance=self.instance())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        messages.success(request, _("Saved. New registrations use the new prefix."))
        return redirect(request.path)
