"""The officer workspace every service's admin is built on: the municipality switcher, the
per-municipality views, the filtered and paginated list, the CSV export and POSTed actions
dispatched through a table of small handlers.

Who reaches a municipality is decided once, by the access rule of ``sites.access``: a view
names the permission it needs (``permission = "documents.view_case"``) and finds the
municipality among ``officer_municipalities(user, permission)``, so an officer of A who
edits B's website gets a 404 for anything of B, as if it did not exist.

A service subclasses these (``documents``, ``forms``, ``payments``; tax and trade next);
this module knows no service, so the layering stays one-way."""

import csv
from functools import partial

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .access import has_perm_in, officer_municipalities

SEARCH_LIMIT = 50


class WorkspaceMixin(WagtailAdminTemplateMixin):
    """A page of one service's officer admin.

    Set ``permission`` (the "app_label.codename" that opens the workspace in a
    municipality), ``index_url_name`` (the switcher) and ``workspace_label`` (its crumb)."""

    permission = None
    index_url_name = None
    workspace_label = None

    def municipalities(self):
        """The municipalities this user may open here. Override this to widen or narrow the
        workspace for one view (e.g. settings that site admins keep)."""
        return officer_municipalities(self.request.user, self.permission)

    def get_breadcrumbs_items(self):
        return [{"url": reverse(self.index_url_name), "label": self.workspace_label}]


class MunicipalWorkspaceMixin(WorkspaceMixin):
    """A view inside one municipality's workspace, ``…/onkormanyzat/<municipality_id>/…``."""

    # A permission the view needs beyond reaching the municipality, held through a role in
    # this municipality (e.g. "documents.add_case"): lacking it is a 403, not a 404, since
    # the user does see the municipality.
    required_permission = None

    def dispatch(self, request, *args, **kwargs):
        self.municipality = get_object_or_404(self.municipalities(), pk=kwargs["municipality_id"])
        if self.required_permission and not has_perm_in(
            request.user, self.required_permission, self.municipality
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.municipality.name

    def get_context_data(self, **kwargs):
        kwargs.setdefault("municipality", self.municipality)
        return super().get_context_data(**kwargs)


class ChooseMunicipalityView(WorkspaceMixin, TemplateView):
    """The switcher: straight into the only municipality, a searchable list for people who
    work for several and for operators, 403 for people who work for none."""

    # Where a chosen municipality's workspace opens, e.g. "documents_admin:cases".
    home_url_name = None

    def get(self, request, *args, **kwargs):
        municipalities = self.municipalities()
        if not request.user.is_superuser:
            only = list(municipalities[:2])
            if not only:
                return self.no_municipality()
            if len(only) == 1:
                return redirect(self.home_url_name, only[0].pk)
        query = request.GET.get("q", "").strip()[:100]
        if query:
            municipalities = municipalities.search(query)
        self.extra_context = {
            "municipalities": municipalities[:SEARCH_LIMIT],
            "query": query,
            "home_url_name": self.home_url_name,
        }
        return super().get(request, *args, **kwargs)

    def no_municipality(self):
        """The answer to somebody who reaches no municipality here. Override this to send
        them where they do have work (e.g. settings they keep)."""
        raise PermissionDenied


class FilteredListMixin:
    """A list narrowed by a GET filter form and cut into pages.

    Override ``get_queryset()`` and ``filter_queryset(queryset, form)``; set
    ``filter_form_class`` (or override ``get_filter_form()``) and ``page_size``."""

    filter_form_class = None
    page_size = 50
    page_param = "p"

    def get_queryset(self):
        raise NotImplementedError

    def get_filter_form(self):
        return self.filter_form_class(self.request.GET or None)

    def filter_queryset(self, queryset, form):
        return queryset

    def filtered(self):
        """The filter form and what it lets through, before paging (exports use this)."""
        form = self.get_filter_form()
        return form, self.filter_queryset(self.get_queryset(), form)

    def paginate(self, queryset):
        return Paginator(queryset, self.page_size).get_page(self.request.GET.get(self.page_param))


def spreadsheet_safe(value):
    # A cell starting with = + - @ is a formula to a spreadsheet: never let a citizen's
    # text run as one (numbers stay numbers).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_response(filename, header, rows):
    """A CSV download as Hungarian Excel opens it: UTF-8 with a byte-order mark, semicolons."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    if header:
        writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response


class ActionTableMixin:
    """POSTed actions dispatched through ``actions``, a table of small handlers instead of
    an ``if/elif`` chain: ``actions = {"assign": "assign", "take": take}`` maps an action
    name to a method name or to a function taking the view first."""

    actions = {}

    def get_handler(self, name):
        handler = self.actions.get(name)
        if handler is None:
            return self.unknown_action(name)
        if isinstance(handler, str):
            return getattr(self, handler)
        return partial(handler, self)

    def unknown_action(self, name):
        """Override this to answer an unknown action otherwise than with a 404."""
        raise Http404


class ActionView(ActionTableMixin, MunicipalWorkspaceMixin, TemplateView):
    """One POST endpoint for a municipality's object; the action comes from the URL
    (``<slug:action>`` or a fixed ``{"action": …}``) or from the posted ``action`` field."""

    http_method_names = ["post"]

    def action_name(self):
        return self.kwargs.get("action") or self.request.POST.get("action", "")

    def post(self, request, *args, **kwargs):
        handler = self.get_handler(self.action_name())
        return self.perform(handler)

    def perform(self, handler):
        """Run the handler. Override this to wrap every action (permission, errors)."""
        return handler()
