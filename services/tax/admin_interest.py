"""The late-interest run in the tax officers' workspace: the runs of the municipality with
the form that starts one up to a day, and a run's progress and result.

A run is the service's background task (services.start_interest_run through
sites.background): in production the task worker books it and the run's page shows how far
it is; with the immediate backend (tests, ``make run``) it has finished when the page
opens. Re-running is safe: the service books only the difference between the interest due
to the day and what was booked before, so a second run to the same day books nothing, and
the page says so. One charge's calculation, line by line, is on the taxpayer's card."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.access import has_perm_in
from sites.forms import DateField
from sites.workspace import ActionView, ListView, ObjectView

from . import services
from .admin_views import MunicipalMixin
from .models import InterestRun, RunState

RUN_PERMISSION = "tax.add_interestrun"


class InterestRunForm(forms.Form):
    until = DateField(
        label=gettext_lazy("Interest up to and including"),
        error_messages={"required": gettext_lazy("Give the last day of interest.")},
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until > timezone.localdate():
            # Interest runs for days that have passed: a payment may still come today.
            raise forms.ValidationError(_("Interest can be booked up to today, not for later."))
        return until


class RunMixin(MunicipalMixin):
    def runs(self):
        return InterestRun.objects.for_municipality(self.municipality).select_related("started_by")

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "can_run", has_perm_in(self.request.user, RUN_PERMISSION, self.municipality)
        )
        return super().get_context_data(**kwargs)


class InterestRunListView(RunMixin, ListView):
    template_name = "tax/admin/interest_runs.html"
    page_title = gettext_lazy("Late-interest runs")
    page_size = 25

    def get_filter_form(self):
        return None

    def get_queryset(self):
        return self.runs().order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("run_form", InterestRunForm(initial={"until": timezone.localdate()}))
        return super().get_context_data(**kwargs)


class InterestRunStartView(RunMixin, ActionView):
    template_name = "tax/admin/interest_runs.html"
    page_title = gettext_lazy("Late-interest runs")
    required_permission = RUN_PERMISSION
    actions = {"start": "start"}
    default_action = "start"

    def start(self):
        form = InterestRunForm(self.request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(self.request, error)
            return redirect("tax_admin:interest_runs", self.municipality.pk)
        try:
            run = services.start_interest_run(
                self.municipality, until=form.cleaned_data["until"], actor=self.actor()
            )
        except services.TaxError as error:
            messages.error(self.request, str(error))
            return redirect("tax_admin:interest_runs", self.municipality.pk)
        return redirect("tax_admin:interest_run", self.municipality.pk, run.pk)


class InterestRunView(RunMixin, ObjectView):
    template_name = "tax/admin/interest_run.html"
    page_title = gettext_lazy("Late-interest run")
    pk_url_kwarg = "interest_run_id"
    context_object_name = "run"

    def get_object_queryset(self):
        return self.runs()

    def get_page_subtitle(self):
        return f"{self.object.until:%Y.%m.%d.} – {self.municipality.name}"

    def get_context_data(self, **kwargs):
        run = self.object
        earlier = (
            self.runs()
            .filter(until=run.until, state=RunState.DONE, created_at__lt=run.created_at)
            .exists()
        )
        return super().get_context_data(
            finished=run.state in (RunState.DONE, RunState.FAILED),
            repeated=earlier,
            **kwargs,
        )
