"""The tax officers' workspace in the Wagtail admin ("Helyi adó"),
``/admin/helyi-ado/onkormanyzat/<id>/…``: the taxpayer search, the taxpayer card with the
account of each tax type and the receipts report, and the base the other screens build on
(admin_decrees, admin_statements, admin_interest, admin_assessment, admin_requests,
admin_imports, admin_links).

Every view first finds the municipality among those where the user holds the tax officer's
role (sites.access), then every record through that municipality's scope: an officer of A
asking for a taxpayer or a decree of B gets a 404, as if it did not exist. Officers of the
other services hold no tax permission, so they see neither the menu nor the screens."""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from sites.access import has_perm_in, officer_municipalities
from sites.actor import Actor, Channel
from sites.workspace import (
    ChooseMunicipalityView,
    ListView,
    MunicipalWorkspaceMixin,
    ObjectView,
    WorkspaceMixin,
    csv_response,
)

from . import services
from .admin_forms import ReceiptsForm, TaxpayerSearchForm
from .constants import EntryKind
from .models import Decree, LedgerEntry, Taxpayer

VIEW_PERMISSION = "tax.view_taxpayer"
DECREE_PERMISSION = "tax.change_decree"


def can_see_taxes(user):
    return user.is_superuser or officer_municipalities(user, VIEW_PERMISSION).exists()


class TaxAdminMixin(WorkspaceMixin):
    header_icon = "folder-open-inverse"
    permission = VIEW_PERMISSION
    index_url_name = "tax_admin:index"
    workspace_label = gettext_lazy("Local taxes")


class MunicipalMixin(TaxAdminMixin, MunicipalWorkspaceMixin):
    def taxpayers(self):
        return Taxpayer.objects.for_municipality(self.municipality)

    def decrees(self):
        return Decree.objects.for_municipality(self.municipality)

    def actor(self):
        return Actor.from_request(
            self.request, channel=Channel.ADMIN, municipality=self.municipality
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "can_edit_decrees",
            has_perm_in(self.request.user, DECREE_PERMISSION, self.municipality),
        )
        return super().get_context_data(**kwargs)


class IndexView(TaxAdminMixin, ChooseMunicipalityView):
    page_title = gettext_lazy("Local taxes")
    home_url_name = "tax_admin:taxpayers"


# -- taxpayers


class TaxpayerListView(MunicipalMixin, ListView):
    template_name = "tax/admin/taxpayers.html"
    page_title = gettext_lazy("Taxpayers")
    filter_form_class = TaxpayerSearchForm
    page_size = 25
    export_name = "adozok"
    export_columns = [
        gettext_lazy("Tax identification number or tax number"),
        gettext_lazy("Name"),
        gettext_lazy("Address"),
        gettext_lazy("Kind"),
    ]
    export_url_name = "tax_admin:taxpayers_export"

    def get_queryset(self):
        return self.taxpayers()

    def filter_queryset(self, taxpayers, form):
        if not form.is_bound:
            # The page as the menu opens it: every taxpayer, by name, before any search.
            return services.search_taxpayers(self.municipality)
        if not form.is_valid():
            return taxpayers.none()
        data = form.cleaned_data
        return services.search_taxpayers(
            self.municipality,
            data["q"],
            search_in=data["search_in"],
            kind=data["kind"],
            tax_type=data["tax_type"],
        )

    def shown(self, page):
        taxpayers = list(page.object_list)
        details = services.current_details(self.municipality, taxpayers)
        for taxpayer in taxpayers:
            taxpayer.current = details.get(taxpayer.pk)
        return taxpayers

    def exported(self, records):
        records = list(records[:10000])
        details = services.current_details(self.municipality, records)
        for taxpayer in records:
            taxpayer.current = details.get(taxpayer.pk)
        return records

    def export_row(self, taxpayer):
        current = taxpayer.current
        return [
            taxpayer.identifier,
            current.name if current else "",
            current.address if current else "",
            taxpayer.get_kind_display(),
        ]


class TaxpayerView(MunicipalMixin, ObjectView):
    template_name = "tax/admin/taxpayer.html"
    page_title = gettext_lazy("Taxpayer")
    pk_url_kwarg = "taxpayer_id"
    context_object_name = "taxpayer"

    def get_object_queryset(self):
        return self.taxpayers()

    def get_page_subtitle(self):
        return self.object.identifier

    def opened(self, taxpayer):
        # Tax secrecy (Art. 127. §): every look at a taxpayer is on record, for the site
        # admin's list of who opened whose card.
        services.record_card_access(taxpayer, self.actor())

    def get_context_data(self, **kwargs):
        decisions = list(services.taxpayer_decisions(self.object))
        return super().get_context_data(
            card=services.taxpayer_card(self.object, day=timezone.localdate()),
            decisions=decisions,
            documents=[d for d in decisions if d.registry_number],
            requests=list(services.requests_of(self.municipality, taxpayer=self.object)[:20]),
            declarations=list(
                services.declarations_of(self.municipality, taxpayer=self.object)[:20]
            ),
            can_record_requests=has_perm_in(
                self.request.user, "tax.add_overpaymentrequest", self.municipality
            ),
            certificates=list(
                services.certificates_of(self.municipality, taxpayer=self.object)[:10]
            ),
            can_issue_certificates=has_perm_in(
                self.request.user, "tax.add_taxcertificate", self.municipality
            ),
            **kwargs,
        )


class InterestView(MunicipalMixin, ObjectView):
    """The late-payment interest of one charge, line by line, to check by hand."""

    template_name = "tax/admin/interest.html"
    page_title = gettext_lazy("Late-payment interest")
    pk_url_kwarg = "entry_id"
    context_object_name = "charge"

    def get_object_queryset(self):
        taxpayer = get_object_or_404(self.taxpayers(), pk=self.kwargs["taxpayer_id"])
        return LedgerEntry.objects.for_municipality(self.municipality).filter(
            taxpayer=taxpayer, kind=EntryKind.CHARGE
        )

    def get_context_data(self, **kwargs):
        charge = self.object
        until = timezone.localdate()
        try:
            calculation, error = services.calculate_interest(charge, until), None
        except services.TaxError as problem:
            calculation, error = None, str(problem)
        return super().get_context_data(calculation=calculation, error=error, until=until, **kwargs)


# -- rate decrees


RECEIPT_COLUMNS = [
    gettext_lazy("Tax type"),
    gettext_lazy("Collection account"),
    gettext_lazy("Payments"),
    gettext_lazy("Amount (Ft)"),
]


class ReceiptsView(MunicipalMixin, TemplateView):
    """The money received in a period per tax type and collection account, on the page and
    as CSV for the bookkeeping."""

    template_name = "tax/admin/receipts.html"
    page_title = gettext_lazy("Receipts by tax type")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        if "since" in self.request.GET or "until" in self.request.GET:
            form = ReceiptsForm(self.request.GET)
        else:
            form = ReceiptsForm(initial={"since": today.replace(day=1), "until": today})
        rows = None
        if form.is_bound and form.is_valid():
            rows = services.receipts(
                self.municipality, form.cleaned_data["since"], form.cleaned_data["until"]
            )
        return super().get_context_data(
            form=form,
            rows=rows,
            total=sum(row[4] for row in rows or []),
            query_string=self.request.GET.urlencode(),
            **kwargs,
        )


class ReceiptsExportView(MunicipalMixin, View):
    def get(self, request, *args, **kwargs):
        form = ReceiptsForm(request.GET)
        if not form.is_valid():
            # Back to the report, where the form says what is wrong next to its field.
            url = reverse("tax_admin:receipts", args=[self.municipality.pk])
            query = urlencode({k: request.GET.get(k, "") for k in ("since", "until")})
            return redirect(f"{url}?{query}")
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
        return csv_response(
            f"bevetelek-{self.municipality.slug}-{since.isoformat()}-{until.isoformat()}.csv",
            [str(column) for column in RECEIPT_COLUMNS],
            (row[1:] for row in services.receipts(self.municipality, since, until)),
        )
