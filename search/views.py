"""The site search, ``/kereses/`` on every site: the search layer scoped to the site.

Without a kind filter each kind's first few hits are shown under its heading, with a link
to all of them; with one, that kind's hits are paged. Nothing the visitor sends is an
error page: an unknown kind is ignored, a date that is not a date is said so and left
out, a page number out of range shows the nearest page."""

import datetime
from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Site

from sites import normalise

from . import layer, querylog
from .layer import MAX_QUERY_LENGTH, Scope, registered_kinds

PER_PAGE = 10
PER_GROUP = 3


def _date(value, errors, message):
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors.append(message)
        return None


def _page_number(value):
    try:
        return max(1, int(str(value)))
    except (TypeError, ValueError):
        return 1


def search(request):
    """Search the public content of the site the request is for — never another
    municipality's, never a draft, a restricted page or a private document."""
    # Nothing is stored from the raw text, so a NUL or a lone surrogate just goes.
    query = normalise.strip_unstorable(request.GET.get("q", ""))[0].strip()[:MAX_QUERY_LENGTH]
    site = Site.find_for_request(request)
    known = {kind.name: kind for kind in registered_kinds()}
    kind = request.GET.get("tipus", "")
    kind = kind if kind in known else ""
    errors = []
    date_from = _date(
        request.GET.get("tol"), errors, _("The start date is not a date: use the calendar.")
    )
    date_to = _date(
        request.GET.get("ig"), errors, _("The end date is not a date: use the calendar.")
    )
    if date_from and date_to and date_from > date_to:
        errors.append(_("The start date is after the end date: the dates were swapped."))
        date_from, date_to = date_to, date_from
    page = _page_number(request.GET.get("page"))
    results = None
    if query and site is not None:
        results = layer.search(
            query,
            scope=Scope.for_site(site),
            kinds=[kind] if kind else None,
            date_from=date_from,
            date_to=date_to,
            page=page if kind else 1,
            per_page=PER_PAGE if kind else PER_GROUP,
        )
        if page == 1 and not kind and results.query:
            querylog.record(site, results.folded, results.total)
    filters = {
        "q": query,
        "tipus": kind,
        "tol": date_from.isoformat() if date_from else "",
        "ig": date_to.isoformat() if date_to else "",
    }

    def link(**changes):
        values = {**filters, **changes}
        return "?" + urlencode({key: value for key, value in values.items() if value})

    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results": results,
            "kind": kind,
            "kind_label": known[kind].label if kind else "",
            "kinds": [(name, k.label) for name, k in known.items()],
            "filters": filters,
            "errors": errors,
            "kind_links": _kind_links(results, link) if results else [],
            "group_links": {name: link(tipus=name, page="") for name in known},
            "all_kinds_link": link(tipus="", page=""),
            "page_query": link(page="")[1:] + "&",
            "suggestion_link": link(q=results.suggestion, page="")
            if results and results.suggestion
            else "",
        },
    )


def _kind_links(results, link):
    return [
        {
            "name": name,
            "label": label,
            "count": layer.count_label(count, name in results.capped_kinds),
            "url": link(tipus=name, page=""),
        }
        for name, label, count in results.counts
        if count
    ]
