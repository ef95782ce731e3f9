"""The tax officers' import of registers and opening balances from another system's CSV
files (``/admin/helyi-ado/onkormanyzat/<id>/import/…``): the upload with the file checks,
the job's page with its progress bar and outcome, the wrong lines as a CSV, and the list
of past imports with who started them and when.

The work is a background job (services.tax.services.start_import, sites.background); the
job's page reloads itself (a small script under the page's CSP nonce) until it is done.
Like every tax screen, each record is looked up in the officer's own municipality only."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.filetypes import extension_of
from sites.workspace import ActionView, ListView, ObjectView, csv_response

from . import services
from .admin_views import MunicipalMixin
from .models import ImportKind

IMPORT_PERMISSION = "tax.add_importjob"
# The largest file taken: a city's taxpayer register is a few megabytes.
MAX_IMPORT_MB = 20
EXTENSIONS = ("csv", "txt")
# The wrong lines shown on the page; the CSV download has all of them.
ERRORS_SHOWN = 200
# How often (seconds) the page of a running import reloads itself.
REFRESH_SECONDS = 2
# What a spreadsheet or an archive starts with: a file saved as XLSX/ODS, not as CSV.
BINARY_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF-")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8 CSV separated by semicolons or commas, with a header line, at most 20 MB. "
            "The columns of each kind are described in the README; examples are in "
            "data/tax/samples."
        ),
    )
    partial = forms.BooleanField(
        label=gettext_lazy("Import the good lines even if some lines are wrong"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > MAX_IMPORT_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is too large: at most %(max)d MB is accepted.") % {"max": MAX_IMPORT_MB}
            )
        if extension_of(upload.name) not in EXTENSIONS:
            raise forms.ValidationError(
                _("Upload a file of one of these types: %(types)s.")
                % {"types": ", ".join(EXTENSIONS)}
            )
        content = upload.read()
        if content.startswith(BINARY_SIGNATURES) or b"\x00" in content:
            raise forms.ValidationError(
                _(
                    "This is not a CSV file. In Excel choose File → Save as → "
                    "CSV UTF-8 (comma delimited), and upload that file."
                )
            )
        return upload.name, content

    def clean(self):
        data = super().clean()
        if "file" in data and "kind" in data:
            # What keeps the whole file from being read (the encoding, a missing column) is
            # said at once, on this page; the lines are checked by the job.
            try:
                services.read_import_rows(data["file"][1], data["kind"])
            except services.ImportFileError as error:
                self.add_error("file", str(error))
        return data


class ImportMixin(MunicipalMixin):
    template_name = "tax/admin/imports.html"
    page_title = gettext_lazy("Import")

    def get_context_data(self, **kwargs):
        from sites.access import has_perm_in

        kwargs.setdefault(
            "can_import", has_perm_in(self.request.user, IMPORT_PERMISSION, self.municipality)
        )
        kwargs.setdefault("max_mb", MAX_IMPORT_MB)
        return super().get_context_data(**kwargs)


class ImportListView(ImportMixin, ListView):
    """The upload form and the municipality's past imports, the latest first."""

    page_size = 25

    def get_filter_form(self):
        return None

    def get_queryset(self):
        return services.import_jobs(self.municipality)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("upload_form", ImportForm())
        return super().get_context_data(**kwargs)


class ImportUploadView(ImportMixin, ActionView):
    required_permission = IMPORT_PERMISSION
    actions = {"upload": "upload"}
    default_action = "upload"

    def upload(self):
        form = ImportForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            page = Paginator(services.import_jobs(self.municipality), 25).get_page(1)
            context = self.get_context_data(
                upload_form=form, page=page, records=list(page.object_list)
            )
            return self.render_to_response(context, status=400)
        name, content = form.cleaned_data["file"]
        job = services.start_import(
            self.municipality,
            form.cleaned_data["kind"],
            content,
            file_name=name,
            partial=form.cleaned_data["partial"],
            actor=self.actor(),
        )
        messages.success(self.request, _("The file is uploaded."))
        return redirect("tax_admin:import_job", self.municipality.pk, job.pk)


class ImportJobMixin(MunicipalMixin):
    pk_url_kwarg = "import_job_id"
    context_object_name = "job"

    def get_object_queryset(self):
        return services.import_jobs(self.municipality)


class ImportJobView(ImportJobMixin, ObjectView):
    """One import: its progress while it runs (the page reloads itself), then its outcome."""

    template_name = "tax/admin/import_job.html"
    page_title = gettext_lazy("Import")

    def get_page_subtitle(self):
        return self.object.file_name

    def get_context_data(self, **kwargs):
        job = self.object
        done, total = services.import_progress(job)
        return super().get_context_data(
            done=done,
            total=total,
            percent=round(100 * done / total) if total else 0,
            refresh_seconds=REFRESH_SECONDS,
            # The same file imported before: a re-import is harmless, but worth saying.
            earlier=self.get_object_queryset()
            .filter(sha256=job.sha256, kind=job.kind, pk__lt=job.pk)
            .order_by("-pk")
            .first(),
            line_errors=job.line_errors[:ERRORS_SHOWN],
            more_errors=max(0, len(job.line_errors) - ERRORS_SHOWN),
            **kwargs,
        )


class ImportErrorsView(ImportJobMixin, ObjectView):
    """The wrong lines of an import as CSV, to correct the file beside it."""

    def get(self, request, *args, **kwargs):
        job = self.object
        return csv_response(
            f"import-hibak-{self.municipality.slug}-{job.pk}.csv",
            [_("Line"), _("Error")],
            job.line_errors,
        )
