"""Tax certificates in the tax officers' workspace: the queue of requests that were not
issued at once (with the reason and the deadline of ``data/tax/certificate.json``), one
certificate with its history where the officer names the taxpayer, issues or refuses it,
and "Issue a tax certificate" on the taxpayer card (a request made at the desk)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.access import has_perm_in
from sites.workspace import ListView, ObjectView

from . import services
from .admin_requests import RefuseForm
from .admin_views import MunicipalMixin
from .constants import TaxType
from .models import CertificateState

ISSUE_PERMISSION = "tax.add_taxcertificate"


class TaxpayerChoiceForm(forms.Form):
    identifier = forms.CharField(
        label=gettext_lazy("Tax identification number or tax number"), max_length=20
    )


class CertificateListView(MunicipalMixin, ListView):
    template_name = "tax/admin/certificates.html"
    page_title = gettext_lazy("Tax certificates")
    page_size = 50

    def get_filter_form(self):
        return None

    def state(self):
        state = self.request.GET.get("state", CertificateState.REQUESTED)
        return state if state in CertificateState.values or state == "" else ""

    def get_queryset(self):
        return services.certificates_of(self.municipality, state=self.state())

    def shown(self, page):
        rows = list(page.object_list)
        today = timezone.localdate()
        for row in rows:
            row.deadline = services.deadline(row)
            row.late = (
                row.state == CertificateState.REQUESTED
                and row.deadline is not None
                and row.deadline < today
            )
        return rows

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            states=CertificateState.choices, state=self.state(), **kwargs
        )


class CertificateView(MunicipalMixin, ObjectView):
    template_name = "tax/admin/certificate.html"
    page_title = gettext_lazy("Tax certificate")
    pk_url_kwarg = "certificate_id"
    context_object_name = "certificate"
    actions = {"issue": "issue", "refuse": "refuse", "taxpayer": "choose_taxpayer"}

    def get_object_queryset(self):
        return services.certificates_of(self.municipality)

    def get_page_subtitle(self):
        return self.object.reference

    def get_context_data(self, **kwargs):
        kwargs.setdefault("refuse_form", RefuseForm())
        kwargs.setdefault("taxpayer_form", TaxpayerChoiceForm())
        return super().get_context_data(
            deadline=services.deadline(self.object),
            events=list(services.certificate_history(self.object)),
            can_issue=has_perm_in(self.request.user, ISSUE_PERMISSION, self.municipality),
            waiting=self.object.state == CertificateState.REQUESTED,
            **kwargs,
        )

    def perform(self, handler):
        if not has_perm_in(self.request.user, ISSUE_PERMISSION, self.municipality):
            raise PermissionDenied
        return handler(self.object)

    def _back(self, certificate):
        return redirect("tax_admin:certificate", self.municipality.pk, certificate.pk)

    def issue(self, certificate):
        try:
            code = services.issue_certificate(certificate, actor=self.actor())
        except services.TaxError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(
                self.request,
                _("The certificate is issued and registered. Its verification code: %(code)s")
                % {"code": code},
            )
        return self._back(certificate)

    def refuse(self, certificate):
        form = RefuseForm(self.request.POST)
        if form.is_valid():
            try:
                services.refuse_certificate(
                    certificate, reason=form.cleaned_data["reason"], actor=self.actor()
                )
            except services.TaxError as error:
                messages.error(self.request, str(error))
            else:
                messages.success(self.request, _("The request is refused."))
            return self._back(certificate)
        return self.render_to_response(self.get_context_data(refuse_form=form), status=400)

    def choose_taxpayer(self, certificate):
        form = TaxpayerChoiceForm(self.request.POST)
        if form.is_valid():
            taxpayer = services.find_taxpayer(self.municipality, form.cleaned_data["identifier"])
            if taxpayer is None:
                form.add_error(
                    "identifier", _("No taxpayer of this municipality has this identifier.")
                )
            else:
                try:
                    services.assign_taxpayer(certificate, taxpayer, actor=self.actor())
                except services.TaxError as error:
                    messages.error(self.request, str(error))
                return self._back(certificate)
        return self.render_to_response(self.get_context_data(taxpayer_form=form), status=400)


class IssueFromCardView(MunicipalMixin, ObjectView):
    """The taxpayer card's button: a certificate issued now, at the desk."""

    template_name = "tax/admin/certificate_issue.html"
    page_title = gettext_lazy("Issue a tax certificate")
    pk_url_kwarg = "taxpayer_id"
    context_object_name = "taxpayer"
    actions = {"issue": "issue"}
    default_action = "issue"

    def get_object_queryset(self):
        return self.taxpayers()

    def get_page_subtitle(self):
        return self.object.identifier

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        details = services.current_details(self.municipality, [self.object]).get(self.object.pk)
        lines = services.debt_lines(self.object, today)
        return super().get_context_data(
            details=details,
            lines=[(TaxType(code).label, amount) for code, amount in lines],
            total=sum(amount for _code, amount in lines),
            today=today,
            **kwargs,
        )

    def perform(self, handler):
        if not has_perm_in(self.request.user, ISSUE_PERMISSION, self.municipality):
            raise PermissionDenied
        return handler(self.object)

    def issue(self, taxpayer):
        purpose = (self.request.POST.get("purpose") or "").strip()[:200]
        try:
            certificate, code = services.issue_at_desk(
                taxpayer, actor=self.actor(), purpose=purpose
            )
        except services.TaxError as error:
            messages.error(self.request, str(error))
            return redirect("tax_admin:taxpayer", self.municipality.pk, taxpayer.pk)
        messages.success(
            self.request,
            _("The certificate is issued and registered. Its verification code: %(code)s")
            % {"code": code},
        )
        return redirect("tax_admin:certificate", self.municipality.pk, certificate.pk)
