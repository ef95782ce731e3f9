"""What citizens sent through the municipality's forms: the list, its CSV export and one
submission, all through the municipality's own records (sites.workspace)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from services.intake import services as intake
from sites.workspace import ListView, ObjectView

from ..application import KIND
from ..constants import SubmissionStatus
from ..forms import SubmissionFilterForm
from ..models import Submission, SubmissionFile
from ..render import answers_context
from .admin import MunicipalMixin

EXPORT_COLUMNS = [
    gettext_lazy("Reference"),
    gettext_lazy("Form"),
    gettext_lazy("Submitted at"),
    gettext_lazy("State"),
    gettext_lazy("Fee (Ft)"),
    gettext_lazy("Registry number"),
]


class SubmissionListView(MunicipalMixin, ListView):
    template_name = "forms/admin/submissions.html"
    page_title = gettext_lazy("Submissions")
    export_name = "beadvanyok"
    export_columns = EXPORT_COLUMNS
    export_url_name = "forms_admin:export_submissions"

    def get_filter_form(self):
        return SubmissionFilterForm(self.request.GET or None, customisations=self.forms_qs())

    def get_queryset(self):
        # A draft is the citizen's own until it is sent.
        return (
            Submission.objects.for_municipality(self.municipality)
            .exclude(status=SubmissionStatus.DRAFT)
            .select_related("revision__customisation")
            .order_by("-submitted_at", "-pk")
        )

    def filter_queryset(self, submissions, form):
        if not form.is_valid():
            return submissions
        data = form.cleaned_data
        if data["status"]:
            submissions = submissions.filter(status=data["status"])
        if data["form"]:
            submissions = submissions.filter(revision__customisation=data["form"])
        if data["q"]:
            submissions = submissions.filter(reference__icontains=data["q"].strip())
        return submissions

    def shown(self, page):
        records = super().shown(page)
        _attach_applications(self.municipality, records)
        return records

    def export_row(self, submission):
        if not hasattr(self, "_applications"):
            # One query for the whole export, not one per row.
            self._applications = intake.applications_of_subjects(self.municipality, KIND)
        customisation = submission.revision.customisation
        return [
            submission.reference,
            f"{customisation.code} {customisation.title}",
            (
                timezone.localtime(submission.submitted_at).strftime("%Y-%m-%d %H:%M")
                if submission.submitted_at
                else ""
            ),
            _state_label(self._applications.get(submission.pk), submission),
            submission.fee,
            submission.registry_number,
        ]


def _attach_applications(municipality, submissions):
    """Each submission with its application, whose state tells the officer whether the
    fee is paid and the submission registered (intake keeps that, not the submission)."""
    applications = intake.applications_of_subjects(municipality, KIND, [s.pk for s in submissions])
    for submission in submissions:
        submission.application = applications.get(submission.pk)


def _state_label(application, submission):
    return application.get_state_display() if application else submission.get_status_display()


class SubmissionDetailView(MunicipalMixin, ObjectView):
    template_name = "forms/admin/submission.html"
    page_title = gettext_lazy("Submission")
    pk_url_kwarg = "submission_id"
    context_object_name = "submission"

    def get_object_queryset(self):
        return Submission.objects.for_municipality(self.municipality).select_related(
            "revision__customisation", "revision__template_version"
        )

    def get_context_data(self, **kwargs):
        submission = self.object
        _attach_applications(self.municipality, [submission])
        return super().get_context_data(
            answers=answers_context(submission.revision.definition, submission.data),
            files=SubmissionFile.objects.for_municipality(self.municipality).filter(
                submission=submission
            ),
            **kwargs,
        )
