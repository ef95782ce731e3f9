"""The officer workspace every service's admin is built on: the municipality switcher, the
per-municipality views, the filtered and paginated list with its CSV export, the view of one
record, and POSTed actions dispatched through a table of small handlers.

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
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .access import has_perm_in, officer_municipalities
from .downloads import harden

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
    work for several and for operators, 403 for people who work for none. Every service
    shows it with the same template; ``get_tools()`` adds the service's own buttons."""

    template_name = "sites/workspace/choose_municipality.html"
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
            "tools": self.get_tools(),
        }
        return super().get(request, *args, **kwargs)

    def get_tools(self):
        """Links shown above the list, as (url, label) pairs. Override this to offer the
        service's own screens (e.g. the operators' template library)."""
        return []

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
    response = harden(HttpResponse(content_type="text/csv; charset=utf-8"), filename)
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    if header:
        writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response


class ListView(FilteredListMixin, MunicipalWorkspaceMixin, TemplateView):
    """A municipality's records: filtered, cut into pages, and the same filtered records as
    a CSV download where the URLconf says ``as_view(as_csv=True)``.

    Override ``get_queryset()`` (from the municipality's scope, never wider),
    ``filter_queryset()``, and for the export ``export_columns``, ``export_row(record)``
    and ``export_name`` (the file name's first word)."""

    as_csv = False
    export_name = None
    export_columns = ()
    # The URL name of the export, for the list's "Export (CSV)" link.
    export_url_name = None

    def get(self, request, *args, **kwargs):
        if self.as_csv:
            return self.export()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form, records = self.filtered()
        page = self.paginate(records)
        query = self.request.GET.copy()
        query.pop(self.page_param, None)
        kwargs.setdefault("form", form)
        kwargs.setdefault("page", page)
        kwargs.setdefault("records", self.shown(page))
        kwargs.setdefault("query_string", query.urlencode())
        if self.export_url_name:
            kwargs.setdefault(
                "export_url", reverse(self.export_url_name, args=[self.municipality.pk])
            )
        return super().get_context_data(**kwargs)

    def shown(self, page):
        """The records of the page in the list. Override this to note that the user saw
        them (an audit trail)."""
        return list(page.object_list)

    def export(self):
        if not self.export_columns:
            raise Http404
        _form, records = self.filtered()
        return csv_response(
            f"{self.export_name}-{self.municipality.slug}-{timezone.localdate().isoformat()}.csv",
            [str(column) for column in self.export_columns],
            (self.export_row(record) for record in self.exported(records)),
        )

    def exported(self, records):
        """The records that go into the CSV. Override this to note that the user took them
        away (an audit trail)."""
        return records

    def export_row(self, record):
        raise NotImplementedError


class ActionTableMixin:
    """POSTed actions dispatched through ``actions``, a table of small handlers instead of
    an ``if/elif`` chain: ``actions = {"assign": "assign", "take": take}`` maps an action
    name to a method name or to a function taking the view first."""

    actions = {}
    # The action of a form that posts none (e.g. the only one of its page).
    default_action = ""

    def action_name(self):
        return self.kwargs.get("action") or self.request.POST.get("action") or self.default_action

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
    """One POST endpoint for a municipality; the action comes from the URL
    (``<slug:action>`` or a fixed ``{"action": …}``) or from the posted ``action`` field."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        handler = self.get_handler(self.action_name())
        return self.perform(handler)

    def perform(self, handler):
        """Run the handler. Override this to wrap every action (permission, errors)."""
        return handler()


class ObjectView(ActionView):
    """One record of a municipality: shown on GET, changed by POSTed actions (``actions``;
    a handler takes the record). The record is looked up only among the municipality's own
    (``get_object_queryset()``), so anybody else's is a 404, as if it did not exist.

    Set ``pk_url_kwarg`` (e.g. ``"case_id"``) and override ``get_object_queryset()``;
    ``opened()`` is the place to note that somebody saw it."""

    http_method_names = View.http_method_names
    pk_url_kwarg = None
    # The record's name in the template, besides ``object``.
    context_object_name = None

    def get_object_queryset(self):
        raise NotImplementedError

    def get_object(self):
        return get_object_or_404(self.get_object_queryset(), pk=self.kwargs[self.pk_url_kwarg])

    @cached_property
    def object(self):
        return self.get_object()

    def get(self, request, *args, **kwargs):
        self.opened(self.object)
        return super().get(request, *args, **kwargs)

    def opened(self, record):
        """Called before the record is shown. Override this to refuse (raise
        PermissionDenied) or to write an audit trail."""

    def post(self, request, *args, **kwargs):
        if not self.actions:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        # Anybody else's record is a 404 whatever the method, like everything else of
        # another municipality: the answer never depends on what the URL names.
        self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)

    def perform(self, handler):
        return handler(self.object)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.object)
        if self.context_object_name:
            kwargs.setdefault(self.context_object_name, self.object)
        return super().get_context_data(**kwargs)
