"""Overpayment requests in the tax officers' workspace: recording a taxpayer's request
from the card (a credit to another tax type, a transfer to another authority, a refund to a
bank account), the municipality's list of requests by state, one request with its
preconditions and history, where the officer approves (booked through the ledger) or
refuses it with a reason. And the record of who opened whose card, for the municipality's
site administrator (tax secrecy)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.access import has_perm_in
from sites.forms import DateField
from sites.workspace import ChooseMunicipalityView, ListView, ObjectView

from . import services
from .admin_views import MunicipalMixin, TaxAdminMixin
from .constants import TaxType
from .models import RequestKind, RequestState

RECORD_PERMISSION = "tax.add_overpaymentrequest"
DECIDE_PERMISSION = "tax.change_overpaymentrequest"
AUDIT_PERMISSION = "tax.view_cardaccess"


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Request"), choices=RequestKind.choices)
    from_tax_type = forms.ChoiceField(
        label=gettext_lazy("From the account of"), choices=TaxType.choices
    )
    amount = forms.IntegerField(label=gettext_lazy("Amount (Ft)"), min_value=1)
    to_tax_type = forms.ChoiceField(
        label=gettext_lazy("To tax type (credit)"),
        choices=[("", "–"), *TaxType.choices],
        required=False,
    )
    authority = forms.CharField(
        label=gettext_lazy("Receiving authority (transfer)"), max_length=200, required=False
    )
    bank_account = forms.CharField(
        label=gettext_lazy("Bank account number or IBAN (transfer, refund)"),
        max_length=50,
        required=False,
    )
    account_holder = forms.CharField(
        label=gettext_lazy("Account holder"), max_length=200, required=False
    )
    received_on = DateField(label=gettext_lazy("Received on"))
    returns_filed = forms.BooleanField(
        label=gettext_lazy("I have checked that every return and declaration is filed"),
        required=False,
    )
    no_debt_elsewhere = forms.BooleanField(
        label=gettext_lazy("The taxpayer states no public debt at other authorities"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == RequestKind.CREDIT:
            if not data.get("to_tax_type"):
                self.add_error("to_tax_type", _("A credit goes to another tax type: choose it."))
            elif data.get("to_tax_type") == data.get("from_tax_type"):
                self.add_error("to_tax_type", _("A credit goes to another tax type: choose it."))
        elif kind in (RequestKind.TRANSFER, RequestKind.REFUND):
            if kind == RequestKind.TRANSFER and not data.get("authority", "").strip():
                self.add_error(
                    "authority", _("Name the authority the overpayment is transferred to.")
                )
            account = data.get("bank_account", "")
            if not account.strip():
                self.add_error("bank_account", _("Give the bank account the money is paid to."))
            else:
                try:
                    data["bank_account"] = services.normalise_bank_account(account)
                except forms.ValidationError as error:
                    self.add_error("bank_account", error)
        return data


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason of the refusal"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestListView(MunicipalMixin, ListView):
    template_name = "tax/admin/requests.html"
    page_title = gettext_lazy("Overpayment requests")
    page_size = 50

    def get_filter_form(self):
        return None

    def get_queryset(self):
        return services.requests_of(self.municipality, state=self.request.GET.get("state", ""))

    def shown(self, page):
        requests = list(page.object_list)
        names = services.current_details(self.municipality, [r.taxpayer_id for r in requests])
        for row in requests:
            details = names.get(row.taxpayer_id)
            row.name = details.name if details else ""
        return requests

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            states=RequestState.choices, state=self.request.GET.get("state", ""), **kwargs
        )


class RequestCreateView(MunicipalMixin, ObjectView):
    """The form that records a taxpayer's request, opened from the card."""

    template_name = "tax/admin/request_form.html"
    page_title = gettext_lazy("Record an overpayment request")
    pk_url_kwarg = "taxpayer_id"
    context_object_name = "taxpayer"
    actions = {"record": "record"}
    default_action = "record"

    def get_object_queryset(self):
        return self.taxpayers()

    def get_page_subtitle(self):
        return self.object.identifier

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("form", RequestForm(initial={"received_on": today}))
        details = services.current_details(self.municipality, [self.object]).get(self.object.pk)
        kept = [
            (label, services.available(self.object, code, today)) for code, label in TaxType.choices
        ]
        return super().get_context_data(
            details=details,
            kept=[(label, amount) for label, amount in kept if amount],
            debt=services.debt(self.object, today),
            rules=services.request_rules(),
            **kwargs,
        )

    def perform(self, handler):
        if not has_perm_in(self.request.user, RECORD_PERMISSION, self.municipality):
            raise PermissionDenied
        return handler(self.object)

    def record(self, taxpayer):
        form = RequestForm(self.request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                request = services.record_request(taxpayer, actor=self.actor(), **data)
            except services.TaxError as error:
                form.add_error(None, str(error))
            else:
                failed = [c for c in services.check_request(request) if not c.ok]
                if failed:
                    messages.warning(
                        self.request,
                        _("The request is recorded, but it cannot be approved yet: %(names)s.")
                        % {"names": "; ".join(str(c.label) for c in failed)},
                    )
                else:
                    messages.success(self.request, _("The request is recorded."))
                return redirect("tax_admin:request", self.municipality.pk, request.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RequestView(MunicipalMixin, ObjectView):
    template_name = "tax/admin/request.html"
    page_title = gettext_lazy("Overpayment request")
    pk_url_kwarg = "request_id"
    context_object_name = "tax_request"
    actions = {"approve": "approve", "refuse": "refuse"}

    def get_object_queryset(self):
        return services.requests_of(self.municipality)

    def get_page_subtitle(self):
        return self.object.reference

    def get_context_data(self, **kwargs):
        tax_request = self.object
        kwargs.setdefault("refuse_form", RefuseForm())
        details = services.current_details(self.municipality, [tax_request.taxpayer_id])
        row = details.get(tax_request.taxpayer_id)
        return super().get_context_data(
            name=row.name if row else "",
            checks=services.check_request(tax_request)
            if tax_request.state == RequestState.RECORDED
            else [],
            events=list(services.request_history(tax_request)),
            can_decide=has_perm_in(self.request.user, DECIDE_PERMISSION, self.municipality),
            rules=services.request_rules(),
            **kwargs,
        )

    def perform(self, handler):
        if not has_perm_in(self.request.user, DECIDE_PERMISSION, self.municipality):
            raise PermissionDenied
        return handler(self.object)

    def approve(self, tax_request):
        try:
            services.approve_request(tax_request, actor=self.actor())
        except services.TaxError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(self.request, _("The request is approved and booked."))
        return redirect("tax_admin:request", self.municipality.pk, tax_request.pk)

    def refuse(self, tax_request):
        form = RefuseForm(self.request.POST)
        if form.is_valid():
            try:
                services.refuse_request(
                    tax_request, reason=form.cleaned_data["reason"], actor=self.actor()
                )
            except services.TaxError as error:
                messages.error(self.request, str(error))
            else:
                messages.success(self.request, _("The request is refused."))
            return redirect("tax_admin:request", self.municipality.pk, tax_request.pk)
        return self.render_to_response(self.get_context_data(refuse_form=form), status=400)


# -- tax secrecy: who opened whose card


class AuditMixin(TaxAdminMixin):
    permission = AUDIT_PERMISSION
    index_url_name = "tax_admin:card_access_index"
    workspace_label = gettext_lazy("Taxpayer cards opened")


class CardAccessIndexView(AuditMixin, ChooseMunicipalityView):
    page_title = gettext_lazy("Taxpayer cards opened")
    home_url_name = "tax_admin:card_accesses"


class CardAccessFilter(forms.Form):
    since = DateField(label=gettext_lazy("From day"), required=False)
    until = DateField(label=gettext_lazy("Until day"), required=False)
    who = forms.CharField(label=gettext_lazy("Officer"), max_length=150, required=False)


class CardAccessListView(AuditMixin, MunicipalMixin, ListView):
    """Who opened which taxpayer's card, when and from where; newest first."""

    template_name = "tax/admin/card_accesses.html"
    page_title = gettext_lazy("Taxpayer cards opened")
    filter_form_class = CardAccessFilter
    page_size = 50

    def get_queryset(self):
        return services.card_accesses(self.municipality)

    def filter_queryset(self, accesses, form):
        if not form.is_bound:
            return accesses
        if not form.is_valid():
            return accesses.none()
        return services.card_accesses(self.municipality, **form.cleaned_data)

    def shown(self, page):
        rows = list(page.object_list)
        names = services.current_details(self.municipality, [r.taxpayer_id for r in rows])
        for row in rows:
            details = names.get(row.taxpayer_id)
            row.name = details.name if details else ""
        return rows
