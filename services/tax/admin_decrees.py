"""The officer's rate decrees: the list, a new draft, the decree editor with the check
against the statutory maxima, and the simulator before adoption."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.access import has_perm_in
from sites.workspace import (
    ActionView,
    ListView,
    ObjectView,
)

from . import services
from .admin_forms import AdoptForm, DecreeForm, LineForm, RuleForm
from .admin_views import DECREE_PERMISSION, MunicipalMixin
from .constants import RULE_PARAMETERS, RuleKind
from .models import DecreeLine, DecreeRule, LedgerEntry


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
