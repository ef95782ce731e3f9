"""Searchable kinds: the extension point the search layer reads (issue #18).

The search layer (``search.layer``) sits beside the services and may not import them, so
whatever is searchable is announced here, at the bottom layer, by the app that owns it,
from its ``ready()``::

    from sites.searchables import searchables

    searchables.register("forms", FormKind())       # a SearchableKind instance

A kind says what it is (``name``, ``label``: the heading of its group of results,
``order``), which objects a scope may find (``queryset(scope)``: public ones only, in
the scope only — filtering on the model's ``index.FilterField``\\ s alone, so that every
search backend can apply the filters), how a found object is shown (``hits(objects,
scope)``: a :class:`Hit` each, in the same order) and, optionally, which ``FilterField``
carries its date (``date_field``) for the date filter.

Two rules every kind keeps:

* **One shared index per model**, with the site or municipality as filter fields (a
  page's ``path``, a document's ``collection``, a record's ``municipality``), never an
  index per municipality.
* **A folded copy** of the searchable text (``sites.normalise.fold``) is indexed beside
  the text (``FoldedSearchMixin`` on pages), because the layer searches the query and its
  folded form: "ado" finds "adó".

Records without a page path of their own (the trade register's public entries) are a
:class:`RecordKind`: the owner only says which public records a municipality has
(``records(municipality)``, built from its public serializer, never from its models), and
calls :func:`records_changed` when they may have changed; the search layer keeps them in
its own indexed table with the municipality as a filter field."""

import contextlib
import contextvars
import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import PageViewRestriction

from .models import Municipality
from .registry import Registry

searchables = Registry("searchable kinds")


@dataclass(frozen=True)
class Scope:
    """Where a search looks: one site, one municipality, or the whole fleet.

    A site scope finds the site's pages (the portal's site has no municipality, hence no
    documents or records); a municipality scope finds its site's pages, its documents and
    its records; the fleet finds every public thing of every municipality."""

    site: object = None
    municipality: Municipality | None = None

    @classmethod
    def for_site(cls, site):
        municipality = Municipality.objects.filter(site=site).first() if site else None
        return cls(site=site, municipality=municipality)

    @classmethod
    def for_municipality(cls, municipality):
        return cls(site=municipality.site, municipality=municipality)

    @classmethod
    def fleet(cls):
        return cls()

    @property
    def is_fleet(self):
        return self.site is None and self.municipality is None

    def root_path(self):
        """The path every page in the scope starts with; None for the fleet."""
        if self.site is not None:
            return self.site.root_page.path
        if self.municipality is not None and self.municipality.root_page_id:
            return self.municipality.root_page.path
        return None

    def municipality_ids(self):
        """The municipalities whose records are in scope; None means every one."""
        if self.is_fleet:
            return None
        return [self.municipality.pk] if self.municipality else []


@dataclass
class Hit:
    """One result as every kind shows it. ``text`` is the plain text the layer cuts the
    highlighted ``snippet`` from (escaped, with ``<mark>``)."""

    kind: str
    title: str
    url: str
    text: str = ""
    date: datetime.date | None = None
    municipality: str = ""
    snippet: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class Record:
    """A public record without a page of its own, as its owner publishes it."""

    key: str
    title: str
    text: str
    url: str
    date: datetime.date | None = None


class SearchableKind:
    """Override ``queryset`` and ``hits``; set ``name``, ``label`` and ``order``."""

    name = ""
    label = ""
    order = 100
    date_field = None

    def queryset(self, scope):
        """The public objects the scope may find, filtered on ``FilterField``\\ s only."""
        raise NotImplementedError

    def hits(self, objects, scope):
        """A :class:`Hit` for each found object, in order."""
        raise NotImplementedError


class RecordKind(SearchableKind):
    """A kind whose owner publishes records (``records``) that the search layer stores
    and indexes itself; ``queryset``/``hits`` are the layer's."""

    def records(self, municipality):
        """Every public record of the municipality (an iterable of :class:`Record`)."""
        raise NotImplementedError


# --------------------------------------------------------------- records changing

_listeners = []


def on_records_changed(listener):
    """The search layer listens: ``listener(kind_name, municipality)``."""
    if listener not in _listeners:
        _listeners.append(listener)


def records_changed(kind_name, municipality):
    """Tell the search layer that ``municipality``'s records of a kind may have changed
    (call it on commit: the listener reads the committed state)."""
    for listener in list(_listeners):
        listener(kind_name, municipality)


# --------------------------------------------------------------- visibility helpers


def _outermost(paths):
    """Drop a path whose ancestor is in the list: excluding the ancestor covers it."""
    kept = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


_one_reading = contextvars.ContextVar("searchables_one_reading", default=None)


@contextlib.contextmanager
def one_reading():
    """Within the block, the restricted sections of a scope are read once, however many
    kinds ask (a search builds every page kind's queryset: five reads of the same rows
    before). Only for the length of one search: a new restriction applies to the next."""
    token = _one_reading.set({})
    try:
        yield
    finally:
        _one_reading.reset(token)


def restricted_page_paths(root_path=None):
    """The sections behind a view restriction of any kind (password, logged-in, groups)
    under ``root_path``: only the scope's restrictions are loaded, never every one of the
    installation (what ``PageQuerySet.public()`` would do)."""
    memo = _one_reading.get()
    if memo is not None and root_path in memo:
        return list(memo[root_path])
    restrictions = PageViewRestriction.objects.all()
    if root_path:
        restrictions = restrictions.filter(page__path__startswith=root_path)
    paths = _outermost(restrictions.values_list("page__path", flat=True))
    if memo is not None:
        memo[root_path] = tuple(paths)
    return paths


def public_pages(queryset, scope):
    """The live pages of the scope outside every restricted section, as path filters
    (``FilterField("path")``) that the database and the engines apply alike."""
    queryset = queryset.live()
    root = scope.root_path()
    if root:
        queryset = queryset.filter(path__startswith=root)
    elif not scope.is_fleet:
        return queryset.none()
    else:
        queryset = queryset.filter(depth__gt=1)
    excluded = restricted_page_paths(root)
    if excluded:
        queryset = queryset.exclude(reduce(or_, (Q(path__startswith=path) for path in excluded)))
    return queryset


def municipalities_by_path(paths):
    """The municipality of each page path, looked up once for a page of results."""
    prefixes = {path[:length] for path in paths for length in range(4, len(path) + 1, 4)}
    roots = Municipality.objects.filter(root_page__path__in=prefixes).values_list(
        "root_page__path", "name"
    )
    roots = sorted(roots, key=lambda item: -len(item[0]))
    return {
        path: next((name for root, name in roots if path.startswith(root)), "") for path in paths
    }


__all__ = [
    "Hit",
    "Record",
    "RecordKind",
    "Scope",
    "SearchableKind",
    "municipalities_by_path",
    "on_records_changed",
    "one_reading",
    "public_pages",
    "records_changed",
    "restricted_page_paths",
    "searchables",
]
