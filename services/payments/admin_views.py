"""Officers' payments in the Wagtail admin, ``/admin/befizetesek/onkormanyzat/<id>/…``.

Every view first finds the municipality among those the user works for, then every record
through that municipality's scope: an officer of A asking for a payment of B gets a 404,
as if it did not exist."""

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.access import has_perm_in, officer_municipalities
from sites.actor import Actor, Channel
from sites.hungarian import format_number, user_name
from sites.models import Municipality
from sites.workspace import (
    ChooseMunicipalityView,
    ListView,
    MunicipalWorkspaceMixin,
    ObjectView,
    WorkspaceMixin,
    csv_response,
)

from . import services
from .forms import PaymentFilterForm, RefundForm, ReportForm, StripeAccountForm
from .models import MerchantAccount, MerchantAccountChange, Payment, PaymentEvent, Refund
from .purposes import purposes
from .receipts import receipt_response
from .reports import COLUMNS, daily_rows

VIEW_PERMISSION = "payments.view_payment"
REFUND_PERMISSION = "payments.add_refund"


def municipalities_for_officer(user):
    return officer_municipalities(user, VIEW_PERMISSION)


def can_see_payments(user):
    return user.is_superuser or municipalities_for_officer(user).exists()


class PaymentsAdminMixin(WorkspaceMixin):
    header_icon = "tag"
    permission = VIEW_PERMISSION
    index_url_name = "payments_admin:index"
    workspace_label = gettext_lazy("Payments")


class MunicipalMixin(PaymentsAdminMixin, MunicipalWorkspaceMixin):
    def payments(self):
        return Payment.objects.for_municipality(self.municipality)


class PaymentMixin(MunicipalMixin):
    """A view of one of the municipality's payments (sites.workspace.ObjectView)."""

    pk_url_kwarg = "payment_id"
    context_object_name = "payment"

    def get_object_queryset(self):
        return self.payments().select_related("payer")


class IndexView(PaymentsAdminMixin, ChooseMunicipalityView):
    page_title = gettext_lazy("Payments")
    home_url_name = "payments_admin:list"


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


EXPORT_COLUMNS = [
    gettext_lazy("Reference"),
    gettext_lazy("Purpose"),
    gettext_lazy("For"),
    gettext_lazy("Amount"),
    gettext_lazy("Refunded"),
    gettext_lazy("Status"),
    gettext_lazy("Started"),
    gettext_lazy("Paid at"),
    gettext_lazy("Provider"),
    gettext_lazy("Payer"),
]


class PaymentListView(MunicipalMixin, ListView):
    template_name = "payments/admin/list.html"
    page_title = gettext_lazy("Payments")
    filter_form_class = PaymentFilterForm
    page_size = 50
    export_name = "befizetesek-lista"
    export_columns = EXPORT_COLUMNS
    export_url_name = "payments_admin:export"

    def get_queryset(self):
        return self.payments().select_related("payer").order_by("-created_at")

    def filter_queryset(self, payments, form):
        if not form.is_valid():
            return payments
        data = form.cleaned_data
        if data["status"]:
            payments = payments.filter(status=data["status"])
        if data["purpose"]:
            payments = payments.filter(purpose=data["purpose"])
        if data["since"]:
            payments = payments.filter(created_at__gte=_start_of(data["since"]))
        if data["until"]:
            payments = payments.filter(created_at__lt=_start_of(data["until"] + timedelta(days=1)))
        if data["q"]:
            payments = payments.filter(reference__icontains=data["q"].strip())
        return payments

    def get_context_data(self, **kwargs):
        # The daily report sends a wrong day back here as ``?day=…`` so that the error is shown
        # next to its field rather than in a message at the top of the page.
        if "day" in self.request.GET:
            report_form = ReportForm({"day": self.request.GET["day"]})
            report_form.is_valid()
        else:
            report_form = ReportForm(initial={"day": timezone.localdate()})
        return super().get_context_data(report_form=report_form, **kwargs)

    def export_row(self, payment):
        return [
            payment.reference,
            payment.get_purpose_display(),
            payment.description,
            payment.amount,
            payment.refunded_amount,
            payment.get_status_display(),
            _moment(payment.created_at),
            _moment(payment.paid_at),
            payment.provider,
            user_name(payment.payer) if payment.payer else "",
        ]


class PaymentDetailView(PaymentMixin, ObjectView):
    template_name = "payments/admin/detail.html"
    page_title = gettext_lazy("Payment")
    actions = {"refund": "refund"}
    # The page's only form posts no action.
    default_action = "refund"

    def can_refund(self):
        return has_perm_in(self.request.user, REFUND_PERMISSION, self.municipality)

    def get_context_data(self, refund_form=None, **kwargs):
        payment = self.object
        can_refund = self.can_refund() and payment.refundable > 0
        target = payment.target
        return super().get_context_data(
            events=PaymentEvent.objects.for_municipality(self.municipality)
            .filter(payment=payment)
            .select_related("actor"),
            refunds=Refund.objects.for_municipality(self.municipality)
            .filter(payment=payment)
            .select_related("requested_by"),
            can_refund=can_refund,
            target=target,
            target_url=purposes[payment.purpose]().admin_url(target) if target else None,
            refund_form=refund_form
            or (RefundForm(refundable=payment.refundable) if can_refund else None),
            **kwargs,
        )

    def refund(self, payment):
        if not self.can_refund():
            raise PermissionDenied
        form = RefundForm(self.request.POST, refundable=payment.refundable)
        if form.is_valid():
            amount = form.cleaned_data["amount"]
            try:
                services.refund(
                    payment,
                    amount,
                    form.cleaned_data["reason"],
                    actor=Actor.from_request(
                        self.request, channel=Channel.ADMIN, municipality=self.municipality
                    ),
                )
            except services.PaymentError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    self.request, _("%(amount)s Ft refunded.") % {"amount": format_number(amount)}
                )
                return redirect("payments_admin:detail", self.municipality.pk, payment.pk)
        return self.render_to_response(self.get_context_data(refund_form=form), status=400)


class ReceiptView(PaymentMixin, ObjectView):
    def get(self, request, *args, **kwargs):
        if self.object.paid_at is None:
            raise PermissionDenied
        return receipt_response(self.object)


class DailyReportView(MunicipalMixin, View):
    def get(self, request, *args, **kwargs):
        form = ReportForm(request.GET)
        if not form.is_valid():
            url = reverse("payments_admin:list", args=[self.municipality.pk])
            return redirect(f"{url}?{urlencode({'day': request.GET.get('day', '')})}")
        day = form.cleaned_data["day"]
        return csv_response(
            f"befizetesek-{self.municipality.slug}-{day.isoformat()}.csv",
            COLUMNS,
            daily_rows(self.municipality, day),
        )


# -- the provider operators' Stripe accounts, ``/admin/befizetesek/stripe-fiokok/…``
#
# Which account a municipality's money goes to is the provider's business, never the
# municipality's own staff's: superusers only.


class OperatorsOnlyMixin(WagtailAdminTemplateMixin):
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": reverse("payments_admin:merchants"), "label": _("Stripe accounts")}]


class MerchantAccountListView(OperatorsOnlyMixin, TemplateView):
    template_name = "payments/admin/merchants.html"
    page_title = gettext_lazy("Stripe accounts")

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:100]
        municipalities = Municipality.objects.all()
        if query:
            municipalities = municipalities.search(query)
        page = Paginator(municipalities, 50).get_page(self.request.GET.get("p"))
        accounts = dict(
            MerchantAccount.objects.unscoped()
            .filter(municipality__in=[m.pk for m in page])
            .values_list("municipality_id", "stripe_account_id")
        )
        rows = [(m, accounts.get(m.pk, "")) for m in page]
        return super().get_context_data(query=query, page=page, rows=rows, **kwargs)


class MerchantAccountEditView(OperatorsOnlyMixin, TemplateView):
    template_name = "payments/admin/merchant_edit.html"
    page_title = gettext_lazy("Stripe account")

    def dispatch(self, request, *args, **kwargs):
        self.municipality = get_object_or_404(Municipality, pk=kwargs["municipality_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.municipality.name

    def get_context_data(self, form=None, **kwargs):
        record = services.merchant_account(self.municipality)
        if form is None:
            form = StripeAccountForm(
                municipality=self.municipality,
                initial={"stripe_account_id": record.stripe_account_id if record else ""},
            )
        history = MerchantAccountChange.objects.for_municipality(self.municipality).select_related(
            "actor"
        )
        return super().get_context_data(
            municipality=self.municipality, form=form, history=history, **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = StripeAccountForm(request.POST, municipality=self.municipality)
        if form.is_valid():
            try:
                services.set_stripe_account(
                    self.municipality,
                    form.cleaned_data["stripe_account_id"],
                    actor=Actor.from_request(
                        request, channel=Channel.ADMIN, municipality=self.municipality
                    ),
                )
            except services.PaymentError as error:
                form.add_error("stripe_account_id", error.message)
            else:
                messages.success(
                    request,
                    _("Stripe account of %(name)s saved.") % {"name": self.municipality.name},
                )
                return redirect("payments_admin:merchants")
        return self.render_to_response(self.get_context_data(form=form), status=400)
