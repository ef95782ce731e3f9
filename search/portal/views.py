"""The portal search's results page and the suggestions its combobox asks for."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from sites import normalise

from .. import querylog
from . import query as portal_query


def _param(request, name, limit):
    # Nothing is stored, so a NUL or a lone surrogate (PostgreSQL refuses both) just goes.
    return normalise.strip_unstorable(request.GET.get(name, "")[:limit])[0].strip()


def _page_number(value):
    try:
        return max(1, min(int(value), 1000))
    except (TypeError, ValueError):
        return 1


@require_GET
def results(request):
    text = portal_query.clean(_param(request, "q", portal_query.MAX_QUERY_LENGTH * 2))
    municipality = portal_query.chosen_municipality(_param(request, "telepules", 100))
    kind = _param(request, "tipus", 40) or None
    page = _page_number(request.GET.get("oldal"))
    municipalities, results, prefix = portal_query.portal_search(
        text, municipality, kind=kind, page=page
    )
    if text and page == 1 and not kind:
        # Scoped to a municipality: its site's log, which its editors read; every
        # municipality: the portal's own site's, which the operators read.
        site = municipality.site if municipality and municipality.site_id else None
        querylog.record(site or Site.find_for_request(request), results.folded, results.total)
    for group in results.groups:
        for hit in group.hits:
            hit.portal_url = portal_query.portal_url(hit)
    base = {"q": text, "telepules": municipality.slug if municipality else ""}
    base = {key: value for key, value in base.items() if value}
    shown_kind = kind if kind and any(g.kind == kind for g in results.groups) else None
    return TemplateResponse(
        request,
        "search/portal_results.html",
        {
            "query": text,
            "municipality": municipality,
            "municipality_choices": portal_query.municipality_choices(),
            "municipalities": municipalities,
            "results": results,
            "prefix": prefix,
            "kind": shown_kind,
            "base_query": urlencode(base),
            "page_query": urlencode({**base, "tipus": shown_kind or ""}),
            "min_length": portal_query.MIN_SUGGEST_LENGTH,
        },
    )


@require_GET
def suggest(request):
    """JSON for the combobox. Cheap by construction: a bounded query, at least two
    letters, at most eight suggestions, each answer cached a minute; any input gets an
    answer (an empty list at worst), never an error."""
    text = portal_query.clean(_param(request, "q", portal_query.MAX_QUERY_LENGTH * 2))
    municipality = portal_query.chosen_municipality(_param(request, "telepules", 100))
    found = portal_query.suggestions(text, municipality)
    response = JsonResponse({"query": text, "results": found})
    response["Cache-Control"] = "private, max-age=60"
    return response
