"""The annual assessment (kivetés) in the tax officers' workspace: the runs of the
municipality with the form that starts one (a preview books nothing), a run's progress and
result, its decisions, and its print batch as the post room's list (CSV).

A run is the service's background task (services.start_assessment through
sites.background): in production the task worker carries it out and the run's page
refreshes itself while it goes; with the immediate backend (tests, ``make run``) it has
finished when the page opens. Repeating a year is safe: unchanged taxpayers get nothing
new, and the result says how many."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from sites.workspace import ActionView, ListView, ObjectView, csv_response

from . import services
from .admin_views import MunicipalMixin
from .models import LedgerEntry, RunState

RUN_PERMISSION = "tax.add_assessmentrun"


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Tax year"), min_value=2000, max_value=2100)
    mode = forms.ChoiceField(
        label=gettext_lazy("What to do"),
        choices=[
            ("preview", gettext_lazy("Preview: compute the decisions, book nothing")),
            ("book", gettext_lazy("Assessment: issue and book the decisions")),
        ],
        initial="preview",
        widget=forms.RadioSelect,
    )


def _tax_type_label(code):
    return LedgerEntry(tax_type=code).get_tax_type_display()


class AssessmentRunListView(MunicipalMixin, ListView):
    template_name = "tax/admin/assessment_runs.html"
    page_title = gettext_lazy("Annual assessment")
    page_size = 25

    def get_filter_form(self):
        return None

    def get_queryset(self):
        return services.assessment_runs(self.municipality)

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "assessment_form", AssessmentForm(initial={"year": timezone.localdate().year})
        )
        return super().get_context_data(**kwargs)


class AssessmentStartView(MunicipalMixin, ActionView):
    template_name = "tax/admin/assessment_runs.html"
    page_title = gettext_lazy("Annual assessment")
    required_permission = RUN_PERMISSION
    actions = {"start": "start"}
    default_action = "start"

    def start(self):
        form = AssessmentForm(self.request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(self.request, error)
            return redirect("tax_admin:assessment_runs", self.municipality.pk)
        try:
            run = services.start_assessment(
                self.municipality,
                form.cleaned_data["year"],
                preview=form.cleaned_data["mode"] == "preview",
                actor=self.actor(),
            )
        except services.TaxError as error:
            messages.error(self.request, str(error))
            return redirect("tax_admin:assessment_runs", self.municipality.pk)
        return redirect("tax_admin:assessment_run", self.municipality.pk, run.pk)


class RunMixin(MunicipalMixin):
    def runs(self):
        return services.assessment_runs(self.municipality)


class AssessmentRunView(RunMixin, ObjectView):
    template_name = "tax/admin/assessment_run.html"
    page_title = gettext_lazy("Assessment run")
    pk_url_kwarg = "run_id"
    context_object_name = "run"

    def get_object_queryset(self):
        return self.runs()

    def get_page_subtitle(self):
        return f"{self.object.year} – {self.municipality.name}"

    def get_context_data(self, **kwargs):
        run = self.object
        summary = run.summary or {}
        by_tax_type = [
            (_tax_type_label(code), amount)
            for code, amount in sorted((summary.get("by_tax_type") or {}).items())
        ]
        finished = run.state in (RunState.DONE, RunState.FAILED)
        sample = None
        if run.preview and run.state == RunState.DONE:
            sample = services.preview_sample(self.municipality, run.year, limit=25)
            sample = [
                {
                    "taxpayer_id": taxpayer_id,
                    "name": name,
                    "by_tax_type": [(_tax_type_label(k), v) for k, v in sorted(types.items())],
                    "total": total,
                    "objects": count,
                }
                for taxpayer_id, name, types, total, count in sample or []
            ]
        percent = 100 * run.taxpayers_done // run.taxpayers_total if run.taxpayers_total else 0
        return super().get_context_data(
            summary=summary,
            by_tax_type=by_tax_type,
            finished=finished,
            percent=100 if run.state == RunState.DONE else percent,
            sample=sample,
            print_batch=services.print_batch_of(run) if not run.preview else None,
            decision_count=services.run_decisions(run).count() if not run.preview else 0,
            **kwargs,
        )


class RunDecisionsView(RunMixin, ListView):
    template_name = "tax/admin/assessment_decisions.html"
    page_title = gettext_lazy("Decisions of the run")
    page_size = 50

    def get_filter_form(self):
        return None

    def get_run(self):
        if not hasattr(self, "_run"):
            self._run = get_object_or_404(self.runs(), pk=self.kwargs["run_id"])
        return self._run

    def get(self, request, *args, **kwargs):
        self.get_run()
        return super().get(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        # Anybody else's run is a 404 whatever the method (as sites.workspace.ObjectView).
        self.get_run()
        return super().http_method_not_allowed(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"{self.get_run().year} – {self.municipality.name}"

    def get_queryset(self):
        return services.run_decisions(self.get_run())

    def shown(self, page):
        return services.with_names(self.municipality, page.object_list)

    def get_context_data(self, **kwargs):
        return super().get_context_data(run=self.get_run(), **kwargs)


class PrintBatchExportView(RunMixin, View):
    """The run's print batch as the post room's list: whom to print and post what."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        get_object_or_404(self.runs(), pk=kwargs["run_id"])
        return super().http_method_not_allowed(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        run = get_object_or_404(self.runs(), pk=kwargs["run_id"])
        batch = services.print_batch_of(run)
        if batch is None:
            raise Http404
        header = [
            _("Registry number"),
            _("Name"),
            _("Postal code"),
            _("Settlement"),
            _("Street and number"),
            _("Tax identification number or tax number"),
            _("Total (Ft)"),
        ]
        return csv_response(
            f"nyomtatasi-csomag-{self.municipality.slug}-{run.year}-{batch.pk}.csv",
            header,
            services.print_batch_rows(batch),
        )
