"""The search layer: one call for the site search, the portal search and whatever comes.

    from search.layer import Scope, search

    results = search("adókról", scope=Scope.for_site(site), kinds=["news"], page=2)
    for group in results.groups:          # one per kind that was asked for, in order
        group.label, group.count, group.page, group.num_pages
        for hit in group.hits:            # sites.searchables.Hit
            hit.kind, hit.title, hit.url, hit.snippet, hit.municipality, hit.date
            hit.extra["title_html"]       # the title escaped, its matching words in <mark>
    results.counts                         # every kind in scope: [(kind, label, count)]
    results.suggestion                     # "did you mean", or ""

What is searched is ``sites.searchables``' registry of kinds (pages by type, public
documents, the services' public records, the portal's forms); what a scope may find is
decided by each kind (public, live, unrestricted, in scope). Each kind is searched in its
own model's one shared index with the query as typed OR its folded form
(``search.text.fold``): the typed form meets the Hungarian stemmer (PostgreSQL's
``hungarian`` configuration: "adókról" finds "adók"), the folded form meets the folded
copy every kind indexes ("ado" finds "adó"). Scores of different models are not
comparable, so results are grouped by kind and each group is paged on its own."""

import datetime
import math
import re
from dataclasses import dataclass, field

from django.db.models import DateTimeField
from django.utils import timezone
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from sites.models import Municipality
from sites.searchables import Hit, RecordKind, Scope, one_reading, searchables

from . import ranked
from .highlight import highlight, query_terms
from .models import SearchRecord
from .text import fold, query_forms

__all__ = [
    "MAX_QUERY_LENGTH",
    "Group",
    "Hit",
    "Results",
    "Scope",
    "hits_of",
    "queryset_of",
    "registered_kinds",
    "search",
]

MAX_QUERY_LENGTH = 200
MAX_PER_PAGE = 50


@dataclass
class Group:
    kind: str
    label: str
    count: int
    hits: list
    page: int = 1
    num_pages: int = 1
    # More matches than the layer counts (``search.ranked``): shown as "1 000+".
    capped: bool = False

    @property
    def count_label(self):
        return count_label(self.count, self.capped)

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages


@dataclass
class Results:
    query: str
    folded: str
    groups: list = field(default_factory=list)
    counts: list = field(default_factory=list)
    total: int = 0
    suggestion: str = ""
    # The kinds with more matches than counted ("1 000+").
    capped_kinds: set = field(default_factory=set)

    @property
    def capped(self):
        return bool(self.capped_kinds)

    @property
    def total_label(self):
        return count_label(self.total, self.capped)

    def __bool__(self):
        return self.total > 0


def count_label(count, capped=False):
    """A count as Hungarian writes it ("1 000", no-break space), "+" when capped."""
    text = f"{count:,}".replace(",", "\u00a0")
    return f"{text}+" if capped else text


def registered_kinds():
    """Every registered kind, in the order their groups are shown."""
    return sorted(searchables.values(), key=lambda kind: (kind.order, kind.name))


def clean_query(query):
    """The words of the query: punctuation, operators and quotes go (they would be search
    syntax to a backend); at most ``MAX_QUERY_LENGTH`` characters."""
    return " ".join(re.findall(r"\w+", str(query or "")[:MAX_QUERY_LENGTH]))


def search(query, *, scope, **options):
    """Search ``scope`` (a :class:`Scope`) for ``query``: see :func:`_search` for the
    options. The scope's restricted sections are read once for every kind."""
    with one_reading():
        return _search(query, scope=scope, **options)


def _search(
    query,
    *,
    scope,
    kinds=None,
    date_from=None,
    date_to=None,
    page=1,
    per_page=20,
):
    """Search ``scope`` (a :class:`Scope`) for ``query``. ``kinds``: the names of the
    kinds whose hits are wanted (None: every kind); every kind is counted regardless, for
    the filter. ``date_from``/``date_to`` (dates, inclusive) leave out what is not dated
    in the range, and kinds without a date. Each group is page ``page`` of its own hits."""
    text = clean_query(query)
    results = Results(query=text, folded=fold(text))
    if not text:
        return results
    wanted = None if kinds is None else set(kinds)
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    backend = get_search_backend()
    terms = query_terms(text)
    forms = query_forms(text)
    in_sql = ranked.applies(backend)
    search_query = None if in_sql else _search_query(forms)
    kinds_in_order = registered_kinds()
    querysets = [
        _dated(queryset_of(kind, scope), kind, date_from, date_to) for kind in kinds_in_order
    ]
    pages = {}
    if in_sql:
        pages = _ranked_pages(
            backend, kinds_in_order, querysets, forms, scope, wanted, page, per_page
        )
    for kind, queryset in zip(kinds_in_order, querysets, strict=True):
        shown = wanted is None or kind.name in wanted
        if queryset is None:
            count, capped, found = 0, False, None
        elif in_sql:
            count, capped, number, objects = pages[kind.name]
        else:
            found = backend.search(search_query, queryset, operator="and")
            count, capped = found.count(), False
        results.counts.append((kind.name, kind.label, count))
        results.total += count
        if capped:
            results.capped_kinds.add(kind.name)
        if not shown or not count:
            continue
        num_pages = max(1, math.ceil(count / per_page))
        if not in_sql:
            number = min(max(1, int(page)), num_pages)
            objects = list(found[(number - 1) * per_page : number * per_page])
        hits = hits_of(kind, objects, scope)
        for hit in hits:
            hit.snippet = highlight(hit.text, terms, excerpt=True)
            hit.extra.setdefault("title_html", highlight(hit.title, terms))
        results.groups.append(
            Group(kind.name, kind.label, count, hits, number, num_pages, capped=capped)
        )
    if not results.total:
        from .suggest import suggest

        results.suggestion = suggest(text, scope)
    return results


def _search_query(forms):
    """The backend's query: any of the query's forms (``search.text.query_forms``)."""
    queries = [PlainText(form, operator="and") for form in forms]
    return queries[0] if len(queries) == 1 else Or(queries)


def _ranked_pages(backend, kinds, querysets, forms, scope, wanted, page, per_page):
    """{kind name: (count, capped, page number, objects)} of every kind, ranked, counted
    and paged in one statement (``search.ranked.ranked_many``); a kind not shown is only
    counted."""
    cap = ranked.result_cap(fleet=scope.is_fleet)
    # No page lies past the cap: a page number of twenty digits is the last page.
    last_possible = math.ceil(cap / per_page)
    models = [getattr(kind, "model", None) for kind in kinds]
    queries, numbers = [], []
    for kind, queryset in zip(kinds, querysets, strict=True):
        shown = wanted is None or kind.name in wanted
        number = min(max(1, int(page)), last_possible) if shown else None
        numbers.append(number)
        if queryset is None:
            queries.append(ranked.KindQuery(SearchRecord.objects.none(), [], cap=cap))
            continue
        claimed = [m for m, other in zip(models, kinds, strict=True) if m and other is not kind]
        queries.append(
            ranked.KindQuery(
                queryset,
                ranked.content_types_of(queryset.model, claimed),
                offset=(number - 1) * per_page if number else 0,
                limit=per_page if number else 0,
                cap=cap,
            )
        )
    found = ranked.ranked_many(queries, forms, backend.config, scope_first=not scope.is_fleet)
    pages = {}
    for kind, query, number, each in zip(kinds, queries, numbers, found, strict=True):
        if number and not each.ids and each.count:
            # Past the last page: the last page, as a paginator would.
            number = max(1, math.ceil(each.count / per_page))
            query.offset, query.limit = (number - 1) * per_page, per_page
            [each] = ranked.ranked_many(
                [query], forms, backend.config, scope_first=not scope.is_fleet
            )
        objects = ranked.objects_in_order(query.queryset, each.ids) if number else []
        for obj in objects:
            # The index's plain text, read with the ids: what a page's snippet is cut from.
            obj.indexed_text = each.texts.get(obj.pk)
        pages[kind.name] = (each.count, each.capped, number or 1, objects)
    return pages


def queryset_of(kind, scope):
    if isinstance(kind, RecordKind):
        records = SearchRecord.objects.filter(kind=kind.name)
        ids = scope.municipality_ids()
        return records if ids is None else records.filter(municipality_id__in=ids)
    return kind.queryset(scope)


def _dated(queryset, kind, date_from, date_to):
    if not (date_from or date_to):
        return queryset
    name = "date" if isinstance(kind, RecordKind) else kind.date_field
    if not name:
        return None
    model_field = queryset.model._meta.get_field(name)
    if isinstance(model_field, DateTimeField):
        # A day is Budapest's day: 00:00 of the first day up to 00:00 after the last.
        def bound(day):
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

        if date_from:
            queryset = queryset.filter(**{f"{name}__gte": bound(date_from)})
        if date_to:
            queryset = queryset.filter(
                **{f"{name}__lt": bound(date_to + datetime.timedelta(days=1))}
            )
        return queryset
    if date_from:
        queryset = queryset.filter(**{f"{name}__gte": date_from})
    if date_to:
        queryset = queryset.filter(**{f"{name}__lte": date_to})
    return queryset


def hits_of(kind, objects, scope):
    if not isinstance(kind, RecordKind):
        return kind.hits(objects, scope)
    municipalities = {
        m.pk: m
        for m in Municipality.objects.filter(
            pk__in={record.municipality_id for record in objects}
        ).select_related("site")
    }
    hits = []
    for record in objects:
        municipality = municipalities.get(record.municipality_id)
        url = record.url
        if municipality and municipality.site and municipality.site != scope.site:
            url = municipality.site.root_url + url
        hits.append(
            Hit(
                kind=kind.name,
                title=record.title,
                url=url,
                text=record.text,
                date=record.date,
                municipality=municipality.name if municipality else "",
            )
        )
    return hits
