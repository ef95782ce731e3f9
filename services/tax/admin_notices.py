"""The notices in the tax officers' workspace: the runs of the municipality (balance
notices in September and before March, payment reminders, the enforcement list) with the
form that starts one, a run's progress, counts and notices, one notice's PDF, the print
files for the post and the enforcement list as CSV.

A run is the service's background task (services.start_notice_run): in production the
task worker makes it and the page shows how far it is; with the immediate backend (tests,
``make run``) it has finished when the page opens. A re-run notices nobody twice, and the
page says how many were noticed before. Only tax officers reach these screens
(``tax.view_noticerun``); starting a run or a print needs ``tax.add_noticerun``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from sites.access import has_perm_in
from sites.downloads import content_download, file_download
from sites.forms import DateField
from sites.workspace import ActionView, ListView, ObjectView, csv_response

from . import services
from .admin_views import MunicipalMixin
from .models import Notice, NoticeChannel, NoticeKind, NoticePrintFile, NoticeRun, RunState

VIEW_PERMISSION = "tax.view_noticerun"
RUN_PERMISSION = "tax.add_noticerun"
SHOWN_NOTICES = 50


class NoticeRunForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=NoticeKind.choices)
    as_of = DateField(
        label=gettext_lazy("Balance on"),
        required=False,
        help_text=gettext_lazy(
            "Empty: the configured day of the balance notice, or today for reminders and "
            "the enforcement list."
        ),
    )

    def clean_as_of(self):
        as_of = self.cleaned_data.get("as_of")
        if as_of and as_of > timezone.localdate():
            raise forms.ValidationError(
                _("A notice states the account on a day that has come, not later.")
            )
        return as_of


class NoticeMixin(MunicipalMixin):
    required_permission = VIEW_PERMISSION

    def runs(self):
        return NoticeRun.objects.for_municipality(self.municipality).select_related("started_by")

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "can_run", has_perm_in(self.request.user, RUN_PERMISSION, self.municipality)
        )
        return super().get_context_data(**kwargs)


class NoticeRunListView(NoticeMixin, ListView):
    template_name = "tax/admin/notice_runs.html"
    page_title = gettext_lazy("Notices and reminders")
    page_size = 25

    def get_filter_form(self):
        return None

    def get_queryset(self):
        return self.runs().order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("run_form", NoticeRunForm())
        return super().get_context_data(**kwargs)


class NoticeRunStartView(NoticeMixin, ActionView):
    template_name = "tax/admin/notice_runs.html"
    page_title = gettext_lazy("Notices and reminders")
    required_permission = RUN_PERMISSION
    actions = {"start": "start"}
    default_action = "start"

    def start(self):
        form = NoticeRunForm(self.request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(self.request, error)
            return redirect("tax_admin:notice_runs", self.municipality.pk)
        try:
            run = services.start_notice_run(
                self.municipality,
                form.cleaned_data["kind"],
                as_of=form.cleaned_data["as_of"],
                actor=self.actor(),
            )
        except services.TaxError as error:
            messages.error(self.request, str(error))
            return redirect("tax_admin:notice_runs", self.municipality.pk)
        return redirect("tax_admin:notice_run", self.municipality.pk, run.pk)


class NoticeRunView(NoticeMixin, ObjectView):
    template_name = "tax/admin/notice_run.html"
    page_title = gettext_lazy("Notice run")
    pk_url_kwarg = "notice_run_id"
    context_object_name = "run"
    actions = {"print": "make_print"}

    def get_object_queryset(self):
        return self.runs()

    def get_page_subtitle(self):
        return f"{self.object.get_kind_display()}, {self.object.as_of:%Y.%m.%d.}"

    def make_print(self, run):
        if not has_perm_in(self.request.user, RUN_PERMISSION, self.municipality):
            raise PermissionDenied
        try:
            services.start_print_files(run, actor=self.actor())
        except services.TaxError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(self.request, _("The print files are being made."))
        return redirect("tax_admin:notice_run", self.municipality.pk, run.pk)

    def get_context_data(self, **kwargs):
        run = self.object
        notices = Notice.objects.for_municipality(self.municipality).filter(run=run)
        files = NoticePrintFile.objects.for_municipality(self.municipality).filter(run=run)
        return super().get_context_data(
            finished=run.state in (RunState.DONE, RunState.FAILED),
            notices=notices.order_by("-balance", "pk")[:SHOWN_NOTICES],
            shown=SHOWN_NOTICES,
            waiting_for_print=notices.filter(
                channel=NoticeChannel.PRINT, print_file__isnull=True
            ).count(),
            print_files=files.order_by("sequence"),
            is_list=run.kind == NoticeKind.ENFORCEMENT,
            **kwargs,
        )


class _RunPart(NoticeMixin, View):
    def run(self):
        return get_object_or_404(self.runs(), pk=self.kwargs["notice_run_id"])

    def http_method_not_allowed(self, request, *args, **kwargs):
        self.run()
        return super().http_method_not_allowed(request, *args, **kwargs)


class NoticePdfView(_RunPart):
    """One notice's PDF, drawn from its snapshot on demand."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        # Another municipality's notice is a 404 whatever the method.
        get_object_or_404(
            Notice.objects.for_municipality(self.municipality).filter(run=self.run()),
            pk=kwargs["notice_id"],
        )
        return super().http_method_not_allowed(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        run = self.run()
        notice = get_object_or_404(
            Notice.objects.for_municipality(self.municipality).filter(run=run),
            pk=kwargs["notice_id"],
        )
        return content_download(
            services.notice_pdf(notice, run),
            f"ertesito-{notice.identifier}-{run.as_of:%Y%m%d}.pdf",
            "application/pdf",
        )


class NoticePrintFileView(_RunPart):
    def http_method_not_allowed(self, request, *args, **kwargs):
        get_object_or_404(
            NoticePrintFile.objects.for_municipality(self.municipality).filter(run=self.run()),
            pk=kwargs["notice_print_file_id"],
        )
        return super().http_method_not_allowed(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        run = self.run()
        part = get_object_or_404(
            NoticePrintFile.objects.for_municipality(self.municipality).filter(
                run=run, state=RunState.DONE
            ),
            pk=kwargs["notice_print_file_id"],
        )
        return file_download(
            part.file.open("rb"),
            f"ertesitok-{self.municipality.slug}-{run.pk}-{part.sequence:03d}.pdf",
            "application/pdf",
        )


class EnforcementCsvView(_RunPart):
    def get(self, request, *args, **kwargs):
        run = self.run()
        if run.kind != NoticeKind.ENFORCEMENT:
            raise Http404
        return csv_response(
            f"vegrehajtasra-{self.municipality.slug}-{run.as_of:%Y%m%d}.csv",
            services.enforcement_header(),
            services.enforcement_rows(run),
        )
