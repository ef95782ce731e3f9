"""What the portal's box finds: municipalities by name, and through the search layer the
forms, templates, pages and records of the chosen municipality or of every one.

Two ways of matching, for two moments:

* the results page asks the layer (``search.layer.search``): whole words, Hungarian
  stemming, the folded copy for a query typed without accents;
* the suggestions match the beginning of words (``autocomplete``), because the citizen
  is still typing: "parkol" is not a word the stemmer knows, but it begins "parkolási".
  The results page falls back to the same when the layer finds nothing, so pressing
  Enter on "parkol" shows what the suggestions showed."""

import hashlib
from urllib.parse import urlencode, urlsplit

from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from sites.models import Municipality
from sites.searchables import Scope, one_reading, searchables

from .. import ranked
from ..highlight import highlight, query_terms
from ..layer import Group, Results, clean_query, hits_of, queryset_of, registered_kinds, search
from ..text import fold

# A citizen's query is a few words; what is longer is pasted text, cut rather than refused.
MAX_QUERY_LENGTH = 100
# One letter matches half the country: suggestions start at the second.
MIN_SUGGEST_LENGTH = 2
MAX_SUGGESTIONS = 8
MUNICIPALITIES_SHOWN = 10
PER_GROUP = 5
PER_PAGE = 20
# Where suggestions come from, in the order they are listed, and how many of each: the
# forms first (what the portal is for), then the sites' pages.
SUGGESTED_KINDS = (("forms", 4), ("form_templates", 1), ("pages", 2), ("news", 1))
MUNICIPALITY_SUGGESTIONS = 3
# Word-beginning matches ranked per kind, whatever their number ("pa" begins a word of
# most pages): the suggestions show the best few of these.
PREFIX_CANDIDATES = 50
MUNICIPALITY_LIST_TTL = 600
SUGGESTION_TTL = 60


def clean(query):
    """The query's words, at most ``MAX_QUERY_LENGTH`` characters (the layer's rule)."""
    return clean_query(str(query or "")[: MAX_QUERY_LENGTH * 2])[:MAX_QUERY_LENGTH].strip()


def municipality_choices():
    """(slug, name) of every active municipality, for the filter: cached, as the list of
    3,200 names changes only when one joins or leaves."""
    choices = cache.get("portal-search:municipalities")
    if choices is None:
        choices = list(Municipality.objects.active().values_list("slug", "name"))
        cache.set("portal-search:municipalities", choices, MUNICIPALITY_LIST_TTL)
    return choices


def chosen_municipality(slug):
    """The active municipality of ``slug``; None for "every municipality" or a forged one."""
    slug = str(slug or "")[:63]
    if not slug:
        return None
    return Municipality.objects.active().select_related("site").filter(slug=slug).first()


def scope_of(municipality):
    return Scope.for_municipality(municipality) if municipality else Scope.fleet()


def find_municipalities(text, limit):
    if not text:
        return []
    return list(Municipality.objects.active().search(text).select_related("site")[:limit])


def portal_search(query, municipality=None, *, kind=None, page=1):
    """The results page: ``(municipalities, results, prefix)``. ``kind`` narrows the page
    to one group, paged; otherwise every group shows its first few hits. ``prefix`` is
    True when the hits are the word-beginning matches of :func:`prefix_results`."""
    text = clean(query)
    municipalities = [] if municipality else find_municipalities(text, MUNICIPALITIES_SHOWN)
    if kind is not None and kind not in searchables:
        kind = None
    scope = scope_of(municipality)
    results = search(
        text,
        scope=scope,
        kinds=[kind] if kind else None,
        page=page,
        per_page=PER_PAGE if kind else PER_GROUP,
    )
    if results or not text:
        return municipalities, results, False
    return municipalities, prefix_results(text, scope, kind=kind), True


def _prefix_objects(backend, queryset, text, limit):
    """Objects of ``queryset`` with words that begin as the query's words do, the query
    as typed first and then folded ("parkolas" finds the folded copy of "parkolás")."""
    found = list(backend.autocomplete(text, queryset)[:limit])
    folded = fold(text)
    if len(found) < limit and folded != text.casefold():
        seen = {item.pk for item in found}
        for item in backend.autocomplete(folded, queryset)[:limit]:
            if item.pk not in seen and len(found) < limit:
                found.append(item)
    return found


def _prefix_pages(backend, kinds, scope, text):
    """{kind name: objects} of word-beginning matches, ``kinds`` being (kind, limit)
    pairs. On PostgreSQL one bounded statement for every kind (``search.ranked``, the
    autocomplete vector): at most ``PREFIX_CANDIDATES`` candidates a kind are ranked,
    however many entries begin so; elsewhere the backend's autocomplete, a kind at a time."""
    querysets = []
    for kind, _limit in kinds:
        queryset = queryset_of(kind, scope)
        if queryset is not None and not queryset.model.get_autocomplete_search_fields():
            queryset = None
        querysets.append(queryset)
    if not ranked.applies(backend):
        return {
            kind.name: _prefix_objects(backend, queryset, text, limit)
            for (kind, limit), queryset in zip(kinds, querysets, strict=True)
            if queryset is not None
        }
    models = [getattr(kind, "model", None) for kind, _limit in kinds]
    queries = []
    for (kind, limit), queryset in zip(kinds, querysets, strict=True):
        if queryset is None:
            queries.append(ranked.KindQuery(Municipality.objects.none(), []))
            continue
        claimed = [m for m in models if m and m is not getattr(kind, "model", None)]
        types = ranked.content_types_of(queryset.model, claimed)
        queries.append(ranked.KindQuery(queryset, types, 0, limit, PREFIX_CANDIDATES))
    forms = [text] if fold(text) == text.casefold() else [text, fold(text)]
    found = ranked.ranked_many(
        queries, forms, backend.config, scope_first=not scope.is_fleet, prefix=True
    )
    return {
        kind.name: ranked.objects_in_order(query.queryset, each.ids)
        for (kind, _limit), query, each in zip(kinds, queries, found, strict=True)
        if each.ids
    }


def prefix_results(text, scope, *, kind=None, limit=PER_GROUP):
    """The layer's :class:`Results` shape, from word-beginning matches of each kind."""
    results = Results(query=text, folded=fold(text))
    backend = get_search_backend()
    terms = query_terms(text)
    kinds = [(each, limit) for each in registered_kinds() if kind in (None, each.name)]
    with one_reading():
        found = _prefix_pages(backend, kinds, scope, text)
    for each, _limit in kinds:
        objects = found.get(each.name)
        hits = hits_of(each, objects, scope) if objects else []
        if not hits:
            continue
        for hit in hits:
            hit.snippet = highlight(hit.text, terms, excerpt=True)
            hit.extra.setdefault("title_html", highlight(hit.title, terms))
        results.groups.append(Group(each.name, each.label, len(hits), hits))
        results.counts.append((each.name, each.label, len(hits)))
        results.total += len(hits)
    return results


def suggestions(query, municipality=None):
    """At most ``MAX_SUGGESTIONS`` dicts (label, kind, kind_label, municipality, url) for
    the combobox; cached for a minute per query and municipality, as many citizens type
    the same beginnings ("ado", "parkol")."""
    text = clean(query)
    if len(text) < MIN_SUGGEST_LENGTH:
        return []
    # Hashed: a query's spaces and letters are not what every cache backend takes in a key.
    digest = hashlib.sha256(fold(text).encode()).hexdigest()[:32]
    key = f"portal-search:suggest:{municipality.pk if municipality else 0}:{digest}"
    found = cache.get(key)
    if found is None:
        with one_reading():
            found = _suggestions(text, municipality)
        cache.set(key, found, SUGGESTION_TTL)
    return found


def _suggestions(text, municipality):
    found = []
    if municipality is None:
        for each in find_municipalities(text, MUNICIPALITY_SUGGESTIONS):
            found.append(
                {
                    "label": each.name,
                    "kind": "municipality",
                    "kind_label": str(_("Municipality")),
                    "municipality": "",
                    "url": portal_url_of_municipality(each),
                }
            )
    scope = scope_of(municipality)
    kinds = [(searchables[name], limit) for name, limit in SUGGESTED_KINDS if name in searchables]
    pages = _prefix_pages(get_search_backend(), kinds, scope, text)
    for kind, _limit in kinds:
        objects = pages.get(kind.name)
        for hit in hits_of(kind, objects, scope) if objects else []:
            found.append(
                {
                    "label": hit.title,
                    "kind": hit.kind,
                    "kind_label": str(kind.label),
                    "municipality": hit.municipality,
                    "url": portal_url(hit),
                }
            )
    return found[:MAX_SUGGESTIONS]


def portal_url_of_municipality(municipality):
    return reverse("journey:forms", args=[municipality.slug])


def portal_url(hit):
    """Where a hit leads from the portal: a municipality's form opens in the portal's
    e-administration (logged in, acting for a company, drafts), a central template lists
    the municipalities that publish it, everything else at its own address."""
    code = hit.extra.get("code")
    try:
        if hit.kind == "forms":
            slug, code = _form_of(hit)
            if slug and code:
                return reverse("journey:form", args=[slug, code])
        if hit.kind == "form_templates" and code:
            query = urlencode({"q": code, "tipus": "forms"})
            return f"{reverse('portal_search:results')}?{query}"
    except NoReverseMatch:
        pass
    return hit.url


def _form_of(hit):
    """(municipality slug, form code) of a form's hit: the code ends the address of the
    form on its site (``/urlapok/<code>/``), the slug is the named municipality's."""
    slug = hit.extra.get("municipality_slug") or dict(
        (name, slug) for slug, name in municipality_choices()
    ).get(hit.municipality)
    code = hit.extra.get("key") or urlsplit(hit.url).path.rstrip("/").rsplit("/", 1)[-1]
    return slug, code
