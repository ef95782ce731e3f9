"""The trade officers' workspace in the Wagtail admin ("Kereskedelem és ipar"),
``/admin/kereskedelem/onkormanyzat/<id>/…``: the register search and the trader's card
here; the queue of notifications to check, the licence cases and the statistics in
``admin_desk``.

Every view first finds the municipality among those where the user holds the trade
officer's role (sites.access), then every record through that municipality's scope: an
officer of A asking for a trader of B gets a 404, as if it did not exist."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sites.access import has_perm_in, officer_municipalities
from sites.actor import Actor, Channel
from sites.workspace import (
    ChooseMunicipalityView,
    ListView,
    MunicipalWorkspaceMixin,
    ObjectView,
    WorkspaceMixin,
)

from .admin_forms import RegisterSearchForm
from .constants import Status
from .models import Trader
from .services import CommerceError, desk, tax_links

VIEW_PERMISSION = "commerce.view_trader"
DESK_PERMISSION = "commerce.change_notification"


def can_see_register(user):
    return user.is_superuser or officer_municipalities(user, VIEW_PERMISSION).exists()


class CommerceAdminMixin(WorkspaceMixin):
    header_icon = "clipboard-list"
    permission = VIEW_PERMISSION
    index_url_name = "commerce_admin:index"
    workspace_label = pgettext_lazy("workspace", "Trade and industry")


class MunicipalMixin(CommerceAdminMixin, MunicipalWorkspaceMixin):
    def traders(self):
        return Trader.objects.for_municipality(self.municipality)

    def actor(self):
        return Actor.from_request(
            self.request, channel=Channel.ADMIN, municipality=self.municipality
        )

    def can_work(self):
        return has_perm_in(self.request.user, DESK_PERMISSION, self.municipality)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("can_work", self.can_work())
        return super().get_context_data(**kwargs)


def link_taxes(view, trader, tax_kind, key=None):
    """The tax prompt's button: the trader's entries to the tax office (idempotent)."""
    if not view.can_work():
        messages.error(view.request, _("You may not change the register here."))
        return
    try:
        added = tax_links.link(trader, tax_kind, actor=view.actor(), key=key)
    except CommerceError as error:
        messages.error(view.request, str(error))
        return
    if tax_kind == "tourist":
        done = _("The operator is registered as the tourist-tax collector.")
    else:
        done = _("The trader is registered for local business tax.")
    if not added:
        done = _("The tax office already had these: nothing was added.")
    messages.success(view.request, done)


class IndexView(CommerceAdminMixin, ChooseMunicipalityView):
    page_title = pgettext_lazy("workspace", "Trade and industry")
    home_url_name = "commerce_admin:traders"


class TraderListView(MunicipalMixin, ListView):
    template_name = "commerce/admin/traders.html"
    page_title = gettext_lazy("Trade register")
    filter_form_class = RegisterSearchForm
    page_size = 25
    export_name = "kereskedok"
    export_columns = [
        gettext_lazy("Name"),
        gettext_lazy("Kind"),
        gettext_lazy("Seat"),
        gettext_lazy("Registration number"),
        gettext_lazy("Tax number"),
        gettext_lazy("Places"),
        gettext_lazy("Status"),
    ]
    export_url_name = "commerce_admin:traders_export"

    def get_queryset(self):
        return self.traders()

    def filter_queryset(self, traders, form):
        if not form.is_bound:
            return desk.search_traders(self.municipality)
        if not form.is_valid():
            return []
        data = form.cleaned_data
        return desk.search_traders(
            self.municipality,
            data["q"],
            search_in=data["search_in"] or "all",
            trading_form=data["trading_form"],
            status=data["status"],
        )

    def export_row(self, row):
        return [
            row.current.name,
            row.trader.get_kind_display(),
            row.current.address,
            row.current.registration_number,
            row.current.tax_number,
            row.places,
            Status(row.status).label,
        ]


class TraderView(MunicipalMixin, ObjectView):
    """The trader's card: every trading registration with its places, shops (hours,
    licences), sites and accommodations, closed ones too, each version with the
    notification that caused it; and the tax office's link state."""

    template_name = "commerce/admin/trader.html"
    page_title = gettext_lazy("Trader")
    pk_url_kwarg = "trader_id"
    context_object_name = "trader"
    actions = {"business_tax": "business_tax", "tourist_tax": "tourist_tax"}

    def get_object_queryset(self):
        return self.traders()

    def get_page_subtitle(self):
        current = desk.current_trader_version(self.object)
        return current.name if current else str(self.object)

    def get_context_data(self, **kwargs):
        targets, taxpayer = tax_links.targets(self.object)
        return super().get_context_data(
            card=desk.trader_card(self.object),
            tax_targets=targets,
            taxpayer=taxpayer,
            business_missing=any(t.tax == "business" and not t.linked for t in targets),
            tourist_missing=any(t.tax == "tourist" and not t.linked for t in targets),
            **kwargs,
        )

    def back(self):
        return redirect("commerce_admin:trader", self.municipality.pk, self.object.pk)

    def business_tax(self, trader):
        link_taxes(self, trader, "business")
        return self.back()

    def tourist_tax(self, trader):
        link_taxes(self, trader, "tourist")
        return self.back()
