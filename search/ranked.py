"""The database backend's search on PostgreSQL, done by the layer: one statement a kind,
which finds the first ``cap`` matches, counts them and ranks only those.

Wagtail's PostgreSQL backend counts every match and ``ts_rank``s every match to show a
page of them, and lets the planner start from the matching entries even when the scope is
one site of 94 pages (benchmarks/README.md, ``search_queries.py``: "adó" matched 95,000
entries of 300,000 and took 3.7 s in one site's scope). Here:

* a **scope of one site or municipality** is read first (a materialized CTE of its public
  objects: path prefix, then the unique ``(content_type_id, object_id)`` index into the
  entries), so its cost follows the site's size, not the fleet's;
* the **fleet** starts from the GIN index on ``(content_type_id, (title || body))``
  (``search.0002``) and checks each match against the kind's public objects by primary key,
  stopping at ``cap + 1``;
* only those candidates are ranked (Wagtail's formula: the title's rank times its length
  norm plus the body's), and the count is the candidates' (``capped``: "1 000+").

The rank is "the best of the first ``cap`` matches", not of every match: past a thousand
results nobody reads the order, and the citizen narrows the query instead. Every filter
stays the kind's (its queryset: public, live, unrestricted, in scope, dated), so what can
be found is exactly what the backend's search would find, the cap aside."""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models.expressions import RawSQL

ENTRY_TABLE = "wagtailsearch_indexentry"


def result_cap():
    """How many matches a kind ranks and counts (``SEARCH_RESULT_CAP``, default 1000)."""
    from django.conf import settings

    return max(1, int(getattr(settings, "SEARCH_RESULT_CAP", 1000)))


@dataclass
class Ranked:
    ids: list
    count: int
    capped: bool


def applies(backend):
    """True for Wagtail's database backend on PostgreSQL (SQLite and the engines keep the
    backend's own search)."""
    if connection.vendor != "postgresql":
        return False
    from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend

    return isinstance(backend, PostgresSearchBackend)


def _tsquery(forms, config):
    """OR of the query's forms, each its words ANDed (``plainto_tsquery``); inlined as
    constants so the planner sees them and picks the GIN index."""
    sql = " || ".join(["plainto_tsquery(%s::regconfig, %s)"] * len(forms))
    params = [value for form in forms for value in (config, form)]
    return f"({sql})", params


def content_types_of(model, excluded_models=()):
    """The content types whose entries belong to ``model``'s objects: the model and its
    subclasses (as Wagtail's own join), less the subclasses another kind claims."""
    from modelsearch.utils import get_descendants_content_types_pks

    types = set(get_descendants_content_types_pks(model))
    for other in excluded_models:
        if other is not model and issubclass(other, model):
            types -= set(get_descendants_content_types_pks(other))
    return sorted(types)


def ranked(queryset, forms, config, content_types, *, scope_first, offset, limit, cap):
    """:class:`Ranked` ids of ``queryset``'s objects matching ``forms``, best first,
    ``offset``/``limit`` of at most ``cap`` candidates."""
    if not forms or not content_types or queryset.query.is_empty():
        return Ranked([], 0, False)
    try:
        return _ranked(queryset, forms, config, content_types, scope_first, offset, limit, cap)
    except EmptyResultSet:
        # A filter that can match nothing (pk__in=[]): Django refuses to write its SQL.
        return Ranked([], 0, False)


def _ranked(queryset, forms, config, content_types, scope_first, offset, limit, cap):
    tsquery, tsquery_params = _tsquery(forms, config)
    if scope_first:
        scope_sql, scope_params = queryset.order_by().values("pk").query.sql_with_params()
        found = f"""
            scope(id) AS MATERIALIZED ({scope_sql}),
            found AS MATERIALIZED (
                SELECT s.id, e.title, e.body, e.title_norm
                FROM scope s
                JOIN {ENTRY_TABLE} e
                  ON e.content_type_id = ANY(%s) AND e.object_id = s.id::text
                WHERE (e.title || e.body) @@ {tsquery}
                LIMIT %s
            )"""
        found_params = [*scope_params, list(content_types), *tsquery_params, cap + 1]
    else:
        # The kind's filters on the one object the entry names: a primary-key probe each.
        public = queryset.order_by().filter(pk=RawSQL("e.object_id::bigint", ()))
        public_sql, public_params = public.values("pk").query.sql_with_params()
        found = f"""
            found AS MATERIALIZED (
                SELECT e.object_id::bigint AS id, e.title, e.body, e.title_norm
                FROM {ENTRY_TABLE} e
                WHERE e.content_type_id = ANY(%s) AND (e.title || e.body) @@ {tsquery}
                  AND EXISTS ({public_sql})
                LIMIT %s
            )"""
        found_params = [list(content_types), *tsquery_params, *public_params, cap + 1]
    sql = f"""
        WITH {found}
        SELECT f.id, (SELECT count(*) FROM found)
        FROM found f
        ORDER BY ts_rank(f.title, {tsquery}) * f.title_norm + ts_rank(f.body, {tsquery}) DESC,
                 f.id DESC
        OFFSET %s LIMIT %s
    """  # noqa: S608 (the SQL is the ORM's and ours; every value is a parameter)
    params = [*found_params, *tsquery_params, *tsquery_params, offset, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if rows:
            total = rows[0][1]
        elif offset or not limit:
            # Only counted (a kind not shown), or a page past the last: the count alone.
            cursor.execute(f"WITH {found} SELECT count(*) FROM found", found_params)  # noqa: S608
            total = cursor.fetchone()[0]
        else:
            total = 0
    # cap + 1 were found to know there are more; the cap is what is shown.
    ids = [row[0] for row in rows][: max(0, cap - offset)]
    return Ranked(ids, min(total, cap), total > cap)


def objects_in_order(queryset, ids):
    by_pk = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]
