"""The admin's export screen: start an export, watch it, download the zip. An operator
chooses any municipality; a site admin sees and exports only their own, and another
municipality's export is a 404 to them."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites import downloads

from . import services
from .models import ExportState

REFRESH_SECONDS = 3


class StartForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Municipality"),
        queryset=None,
        error_messages={
            "required": gettext_lazy("Choose a municipality from the list."),
            "invalid_choice": gettext_lazy("Choose a municipality from the list."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = services.exportable_municipalities(user).order_by("name")
        self.fields["municipality"].queryset = choices
        if len(choices[:2]) == 1:
            # A site admin of one municipality has nothing to choose.
            self.fields["municipality"].initial = choices[0].pk
            self.fields["municipality"].empty_label = None


class ExportMixin(WagtailAdminTemplateMixin):
    page_title = gettext_lazy("Data export")

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not services.exportable_municipalities(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class IndexView(ExportMixin, TemplateView):
    template_name = "dataexport/admin/index.html"
    header_icon = "download"

    def get_context_data(self, **kwargs):
        jobs = list(
            services.jobs_for(self.request.user).select_related("municipality", "requested_by")[:50]
        )
        for job in jobs:
            job.done, job.total = services.progress_of(job)
        return super().get_context_data(
            **{"form": StartForm(user=self.request.user), **kwargs},
            jobs=jobs,
            running=any(not job.is_finished for job in jobs),
            refresh_seconds=REFRESH_SECONDS,
        )


class StartView(ExportMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = StartForm(request.POST, user=request.user)
        if not form.is_valid():
            view = IndexView()
            view.setup(request)
            return view.render_to_response(view.get_context_data(form=form), status=400)
        municipality = form.cleaned_data["municipality"]
        try:
            services.start_export(municipality, user=request.user)
        except services.ExportRunning:
            messages.warning(
                request,
                _("An export of %(name)s is already running: wait for it to finish.")
                % {"name": municipality.name},
            )
            return redirect("dataexport_admin:index")
        messages.success(
            request,
            _("The export of %(name)s has started; it is listed below when it is ready.")
            % {"name": municipality.name},
        )
        return redirect("dataexport_admin:index")


class DownloadView(ExportMixin, View):
    def get(self, request, export_id):
        job = get_object_or_404(services.jobs_for(request.user), pk=export_id)
        if job.state != ExportState.DONE or not job.file:
            raise Http404
        services.record_download(job, request.user)
        # The hardened download of sites.downloads: attachment, nosniff, sandbox, no-store.
        return downloads.file_download(
            job.file.storage.open(job.file.name, "rb"),
            job.file.name.rsplit("/", 1)[-1],
            "application/zip",
        )
