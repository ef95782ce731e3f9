"""The trade officers' queue of notifications to check, the licence cases (read from the
registry's façade) and the register's statistics with their charts."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sites.access import has_perm_in
from sites.workspace import ActionTableMixin

from . import charts
from .admin_forms import CheckForm
from .admin_views import DESK_PERMISSION, MunicipalMixin, link_taxes
from .models import Notification, TraderVersion
from .services import CommerceError, desk, tax_links

# The central templates of the licence procedures: an operating licence (210/2009) and a
# site licence (57/2013); their cases live in the registry.
LICENCE_FORM_CODES = ("IPAR-005", "IPAR-007")


class QueueView(ActionTableMixin, MunicipalMixin, TemplateView):
    """The notifications registered on receipt and not checked yet, oldest first, each
    with its trader and, for a new shop, site or accommodation, the tax office's prompt."""

    template_name = "commerce/admin/queue.html"
    page_title = gettext_lazy("Notifications to check")
    actions = {"check": "check", "business_tax": "business_tax", "tourist_tax": "tourist_tax"}
    limit = 100

    def get_context_data(self, **kwargs):
        queue = list(desk.unchecked(self.municipality)[: self.limit])
        traders = desk.traders_of(self.municipality, queue)
        new = desk.new_entries_of(self.municipality, queue)
        names = dict(
            TraderVersion.objects.filter(
                municipality=self.municipality,
                valid_to__isnull=True,
                trader_id__in=set(traders.values()),
            ).values_list("trader_id", "name")
        )
        states = {}
        for trader in self.traders().filter(pk__in=set(traders.values())):
            targets, _taxpayer = tax_links.targets(trader)
            states[trader.pk] = {t.key: t.linked for t in targets}
        rows = []
        for notification in queue:
            trader_id = traders.get(notification.pk)
            entries = new.get(notification.pk, {})
            keys = {
                "business": [tax_links.shop_key(pk) for pk in entries.get("shops", [])]
                + [tax_links.site_key(pk) for pk in entries.get("sites", [])],
                "tourist": [
                    tax_links.accommodation_key(pk) for pk in entries.get("accommodations", [])
                ],
            }
            state = states.get(trader_id, {})
            prompts = {
                tax: [state[key] for key in found if key in state] for tax, found in keys.items()
            }
            rows.append(
                {
                    "notification": notification,
                    "trader_id": trader_id,
                    "trader_name": names.get(trader_id, ""),
                    "business": prompts["business"],
                    "business_missing": not all(prompts["business"]),
                    "tourist": prompts["tourist"],
                    "tourist_missing": not all(prompts["tourist"]),
                }
            )
        kwargs.setdefault("rows", rows)
        kwargs.setdefault("total", desk.unchecked(self.municipality).count())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if not has_perm_in(request.user, DESK_PERMISSION, self.municipality):
            messages.error(request, _("You may not change the register here."))
            return self.back()
        return self.get_handler(self.action_name())()

    def back(self):
        return redirect("commerce_admin:queue", self.municipality.pk)

    def check(self):
        form = CheckForm(self.request.POST)
        notification = None
        if form.is_valid():
            notification = (
                Notification.objects.for_municipality(self.municipality)
                .filter(pk=form.cleaned_data["notification"])
                .first()
            )
        if notification is None:
            messages.error(self.request, _("This notification is not in the register."))
            return self.back()
        try:
            desk.check_notification(
                notification, actor=self.actor(), note=form.cleaned_data["note"]
            )
        except CommerceError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(
                self.request,
                _("The notification of %(day)s is checked.")
                % {"day": formats.date_format(notification.received_on, "DATE_FORMAT")},
            )
        return self.back()

    def _trader(self):
        try:
            pk = int(self.request.POST.get("trader", ""))
        except ValueError:
            pk = None
        return self.traders().filter(pk=pk).first() if pk else None

    def business_tax(self):
        return self._link("business")

    def tourist_tax(self):
        return self._link("tourist")

    def _link(self, tax_kind):
        trader = self._trader()
        if trader is None:
            messages.error(self.request, _("This trader is not in the register."))
        else:
            link_taxes(self, trader, tax_kind)
        return self.back()


class LicenceCasesView(MunicipalMixin, TemplateView):
    """The licence applications as the registry holds them, each linking to its case."""

    template_name = "commerce/admin/cases.html"
    page_title = gettext_lazy("Licence cases")

    def get_context_data(self, **kwargs):
        from services.documents import services as registry

        user = self.request.user
        can_open = has_perm_in(user, "documents.view_case", self.municipality)
        cases = []
        if can_open:
            cases = list(
                registry.cases_of_forms(self.municipality, LICENCE_FORM_CODES, user=user)[:200]
            )
        case_types = list(registry.case_types_of_forms(self.municipality, LICENCE_FORM_CODES))
        return super().get_context_data(
            cases=cases,
            case_types=case_types,
            can_open=can_open,
            form_codes=LICENCE_FORM_CODES,
            **kwargs,
        )


class StatisticsView(MunicipalMixin, TemplateView):
    template_name = "commerce/admin/statistics.html"
    page_title = gettext_lazy("Statistics")

    def get_context_data(self, **kwargs):
        stats = desk.statistics(self.municipality)
        months = [
            (formats.date_format(month, "YEAR_MONTH_FORMAT"), count)
            for month, count in stats.per_month
        ]
        return super().get_context_data(
            stats=stats,
            by_form_chart=charts.bars(stats.by_form),
            by_group_chart=charts.bars(stats.by_group),
            months=months,
            months_chart=charts.columns(
                [(formats.date_format(month, "M"), count) for month, count in stats.per_month]
            ),
            **kwargs,
        )
