"""The tax officers' workspace in the Wagtail admin ("Helyi adó"),
``/admin/helyi-ado/onkormanyzat/<id>/…``: the taxpayer search, the taxpayer card with the
account of each tax type, the rate decrees with the maxima check and the simulator, and
the receipts report.

Every view first finds the municipality among those where the user holds the tax officer's
role (sites.access), then every record through that municipality's scope: an officer of A
asking for a taxpayer or a decree of B gets a 404, as if it did not exist. Officers of the
other services hold no tax permission, so they see neither the menu nor the screens."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from sites.access import has_perm_in, officer_municipalities
from sites.actor import Actor, Channel
from sites.workspace import (
    ActionView,
    ChooseMunicipalityView,
    ListView,
    MunicipalWorkspaceMixin,
    ObjectView,
    WorkspaceMixin,
    csv_response,
)

from . import services
from .admin_forms import AdoptForm, DecreeForm, LineForm, ReceiptsForm, RuleForm, TaxpayerSearchForm
from .constants import RULE_PARAMETERS, EntryKind, RuleKind
from .models import Decree, DecreeLine, DecreeRule, LedgerEntry, Taxpayer

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
            can_record_requests=has_perm_in(
                self.request.user, "tax.add_overpaymentrequest", self.municipality
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


class DecreeListView(MunicipalMixin, ListView):
    template_name = "tax/admin/decrees.html"
    page_title = gettext_lazy("Rate decrees")

    def get_filter_form(self):
        return None

    def get_queryset(self):
        return self.decrees().order_by("-tax_year", "-created_at", "-pk")

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "decree_form", DecreeForm(initial={"tax_year": timezone.localdate().year + 1})
        )
        return super().get_context_data(**kwargs)


class DecreeCreateView(MunicipalMixin, ActionView):
    template_name = "tax/admin/decrees.html"
    page_title = gettext_lazy("Rate decrees")
    required_permission = DECREE_PERMISSION
    actions = {"create": "create"}
    default_action = "create"

    def create(self):
        form = DecreeForm(self.request.POST)
        if form.is_valid():
            try:
                decree = services.create_decree(
                    self.municipality,
                    tax_year=form.cleaned_data["tax_year"],
                    title=form.cleaned_data["title"],
                    actor=self.actor(),
                )
            except services.TaxError as error:
                form.add_error(None, str(error))
            else:
                messages.success(self.request, _("Draft decree created."))
                return redirect("tax_admin:decree", self.municipality.pk, decree.pk)
        return redirect_with_errors(self, form)


def redirect_with_errors(view, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(view.request, error)
    return redirect("tax_admin:decrees", view.municipality.pk)


class DecreeMixin(MunicipalMixin):
    pk_url_kwarg = "decree_id"
    context_object_name = "decree"

    def get_object_queryset(self):
        return self.decrees()

    def get_page_subtitle(self):
        return f"{self.object.title} ({self.object.tax_year})"

    def perform(self, handler):
        if not has_perm_in(self.request.user, DECREE_PERMISSION, self.municipality):
            raise PermissionDenied
        return handler(self.object)

    def adopt(self, decree):
        form = AdoptForm(self.request.POST)
        if form.is_valid():
            try:
                services.adopt(
                    decree,
                    number=form.cleaned_data["number"],
                    adopted_on=form.cleaned_data["adopted_on"],
                    actor=self.actor(),
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            except services.TaxError as error:
                form.add_error(None, str(error))
            else:
                messages.success(self.request, _("The decree is adopted."))
                return redirect("tax_admin:decree", self.municipality.pk, decree.pk)
        return self.render_to_response(self.get_context_data(adopt_form=form), status=400)


class DecreeView(DecreeMixin, ObjectView):
    template_name = "tax/admin/decree.html"
    page_title = gettext_lazy("Rate decree")
    actions = {
        "add_line": "add_line",
        "remove_line": "remove_line",
        "add_rule": "add_rule",
        "remove_rule": "remove_rule",
        "adopt": "adopt",
        "amend": "amend",
    }

    def get_context_data(self, **kwargs):
        decree = self.object
        rates = services.DecreeRates.of(decree)
        kwargs.setdefault("line_form", LineForm())
        kwargs.setdefault("rule_form", RuleForm())
        kwargs.setdefault("adopt_form", AdoptForm())
        return super().get_context_data(
            lines=rates.lines,
            rules=rates.rules,
            problems=services.check_decree(decree, rates) if not decree.is_adopted else [],
            # Which value each maximum is and where it comes from (published, derived from
            # the KSH indices, or the law's own figure when a year's index is missing).
            maximum_notes=services.maximum_notes(decree, rates) if not decree.is_adopted else [],
            amendments=self.decrees().filter(amends=decree),
            **kwargs,
        )

    def _done(self, message):
        messages.success(self.request, message)
        return redirect("tax_admin:decree", self.municipality.pk, self.object.pk)

    def add_line(self, decree):
        form = LineForm(self.request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_line(
                    decree,
                    tax_type=data["tax_type"],
                    category=data["category"],
                    unit=data["unit"],
                    amount=data["amount"],
                    zone=data["zone"],
                    area_from=data["area_from"] or None,
                    area_to=data["area_to"] or None,
                )
            except services.TaxError as error:
                form.add_error(None, str(error))
            else:
                return self._done(_("Rate line added."))
        return self.render_to_response(self.get_context_data(line_form=form), status=400)

    def add_rule(self, decree):
        form = RuleForm(self.request.POST)
        if form.is_valid():
            data = form.cleaned_data
            names = RULE_PARAMETERS[RuleKind(data["kind"])]
            parameters = {name: data[name] for name in names if data[name]}
            try:
                services.add_rule(
                    decree,
                    tax_type=data["tax_type"],
                    kind=data["kind"],
                    parameters=parameters,
                    category=data["category"],
                    zone=data["zone"],
                    description=data["description"],
                )
            except services.TaxError as error:
                form.add_error(None, str(error))
            else:
                return self._done(_("Exemption or allowance added."))
        return self.render_to_response(self.get_context_data(rule_form=form), status=400)

    def _remove(self, decree, model, message):
        try:
            services.remove_decree_part(decree, model, _posted_id(self.request.POST.get("id")))
        except services.TaxError as error:
            messages.error(self.request, str(error))
            return redirect("tax_admin:decree", self.municipality.pk, decree.pk)
        return self._done(message)

    def remove_line(self, decree):
        return self._remove(decree, DecreeLine, _("Rate line removed."))

    def remove_rule(self, decree):
        return self._remove(decree, DecreeRule, _("Exemption or allowance removed."))

    def amend(self, decree):
        try:
            amendment = services.draft_amendment(
                decree,
                title=_("Amendment of %(citation)s") % {"citation": decree.citation},
                actor=self.actor(),
            )
        except services.TaxError as error:
            messages.error(self.request, str(error))
            return redirect("tax_admin:decree", self.municipality.pk, decree.pk)
        messages.success(self.request, _("Draft amendment created."))
        return redirect("tax_admin:decree", self.municipality.pk, amendment.pk)


def _posted_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class SimulationView(DecreeMixin, ObjectView):
    """What the draft would bring against the decree in force, with the adoption next to it:
    the officer sees the figures and the maxima check before the council's vote is recorded."""

    template_name = "tax/admin/simulation.html"
    page_title = gettext_lazy("Simulation")
    actions = {"adopt": "adopt"}
    default_action = "adopt"

    def get_context_data(self, **kwargs):
        simulation = services.simulate(self.object, top=20)
        names = services.current_details(
            self.municipality, [row.taxpayer_id for row in simulation.largest]
        )
        revenue = [
            {
                "label": LedgerEntry(tax_type=tax_type).get_tax_type_display(),
                "old": old,
                "new": new,
                "change": new - old,
            }
            for tax_type, (old, new) in sorted(simulation.revenue.items())
        ]
        old, new = simulation.total
        kwargs.setdefault("adopt_form", AdoptForm())
        return super().get_context_data(
            simulation=simulation,
            revenue=revenue,
            total={"old": old, "new": new, "change": new - old},
            largest=[(row, names.get(row.taxpayer_id)) for row in simulation.largest],
            problems=services.check_decree(self.object) if not self.object.is_adopted else [],
            **kwargs,
        )


# -- the receipts report


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
