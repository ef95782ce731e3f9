"""The database backend's search on PostgreSQL, done by the layer: one statement for every
kind (:func:`ranked_many`), which finds each kind's first ``cap`` matches, counts them and
ranks only those.

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

from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models.expressions import RawSQL

ENTRY_TABLE = "wagtailsearch_indexentry"


def result_cap(fleet=False):
    """How many matches a kind ranks and counts: ``SEARCH_RESULT_CAP`` (default 1000) in
    a site's or a municipality's scope, ``SEARCH_FLEET_RESULT_CAP`` (default 200) in the
    fleet's. A site's candidates are read from its own ~100 pages, whatever the cap; the
    fleet's are fetched one entry and one page probe each, so there the cap is the cost
    (benchmarks/README.md: 1,000 candidates of two kinds were most of a fleet search)."""
    from django.conf import settings

    if fleet:
        return max(1, int(getattr(settings, "SEARCH_FLEET_RESULT_CAP", 200)))
    return max(1, int(getattr(settings, "SEARCH_RESULT_CAP", 1000)))


@dataclass
class Ranked:
    ids: list
    count: int
    capped: bool
    # {id: the entry's plain body text} of the ids (what a snippet is cut from).
    texts: dict = field(default_factory=dict)


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


@dataclass
class KindQuery:
    """One kind's part of :func:`ranked_many`: its public objects (``queryset``), the
    content types of their entries, which page of the ranked candidates to return
    (``limit`` 0: only counted) and how many candidates to rank and count (``cap``)."""

    queryset: object
    content_types: list
    offset: int = 0
    limit: int = 0
    cap: int = 1000


def ranked(queryset, forms, config, content_types, *, scope_first, offset, limit, cap):
    """:class:`Ranked` ids of ``queryset``'s objects matching ``forms``, best first,
    ``offset``/``limit`` of at most ``cap`` candidates."""
    query = KindQuery(queryset, content_types, offset, limit, cap)
    return ranked_many([query], forms, config, scope_first=scope_first)[0]


def ranked_many(queries, forms, config, *, scope_first, prefix=False):
    """:func:`ranked` for several kinds in **one statement**: a capped candidate set per
    kind (a ``MATERIALIZED`` CTE each), its count and its page of ranked ids, read in one
    round trip. ``prefix``: match the beginnings of the title's words (the autocomplete
    vector, ``simple``), as a citizen still typing means them."""
    results = [Ranked([], 0, False) for _query in queries]
    if not forms:
        return results
    ctes, cte_params, arms, arm_params, used = [], [], [], [], []
    match, match_params = _prefix_match(forms) if prefix else _text_match(forms, config)
    for number, query in enumerate(queries):
        if not query.content_types or query.queryset.query.is_empty():
            continue
        try:
            sql, params = _found(number, query, match, match_params, scope_first)
        except EmptyResultSet:
            # A filter that can match nothing (pk__in=[]): Django refuses to write its SQL.
            continue
        ctes.append(sql)
        cte_params.extend(params)
        used.append(number)
        arms.append(
            f"SELECT {number}, NULL::bigint, (SELECT count(*) FROM found_{number}), NULL::text"
        )
        if query.limit:
            rank, rank_params = _rank(match, match_params, prefix)
            arms.append(
                f"(SELECT {number}, f.id, NULL::bigint, (SELECT x.body_text FROM "
                f"{ENTRY_TABLE} x WHERE x.id = f.entry_id) FROM found_{number} f "
                f"ORDER BY {rank} DESC, f.id DESC OFFSET %s LIMIT %s)"
            )
            arm_params.extend([*rank_params, query.offset, query.limit])
    if not used:
        return results
    sql = f"WITH {', '.join(ctes)} " + " UNION ALL ".join(arms)
    rows = _fetch(sql, [*cte_params, *arm_params])
    counts = {number: 0 for number in used}
    ids = {number: [] for number in used}
    texts = {number: {} for number in used}
    for number, pk, total, text in rows:
        if pk is None:
            counts[number] = total
        else:
            ids[number].append(pk)
            texts[number][pk] = text
    for number in used:
        query, total = queries[number], counts[number]
        # cap + 1 were found to know there are more; the cap is what is shown.
        kept = ids[number][: max(0, query.cap - query.offset)]
        results[number] = Ranked(kept, min(total, query.cap), total > query.cap, texts[number])
    return results


# Each kind's candidates end at a LIMIT, and with a LIMIT the planner bets on finding them
# early in a sequential scan of the 300,000 entries whenever it overestimates how many
# match: "kiállítás" took 1.1 s so, against 40 ms through the GIN index. A GIN index
# serves every match here, so the bet is switched off for this one statement; and so are
# parallel workers, whose start-up costs more than a thousand candidates do.
PLANNER = ("enable_seqscan", "max_parallel_workers_per_gather")


def _fetch(sql, params):
    """Rows of ``sql`` with :data:`PLANNER` off for it alone: ``SET LOCAL`` before and
    back to the default after, in one round trip (one simple query, one transaction — or
    the caller's, which gets its settings back)."""
    before = "; ".join(f"SET LOCAL {name} = 0" for name in PLANNER)
    after = "; ".join(f"SET LOCAL {name} TO DEFAULT" for name in PLANNER)
    with connection.cursor() as cursor:
        # Django's psycopg cursor binds on the client: several statements in one execute.
        cursor.execute(f"{before}; {sql}; {after}", params)
        while cursor.description is None and cursor.cursor.nextset():
            pass
        return cursor.fetchall()


def _text_match(forms, config):
    tsquery, params = _tsquery(forms, config)
    return f"(e.title || e.body) @@ {tsquery}", params


def _prefix_match(forms):
    """Every word of a form as a prefix (``'parkol':*``), the forms ORed; the words are
    ``\\w+`` only (``search.layer.clean_query``), quoted as lexemes all the same."""
    queries = []
    for form in forms:
        words = [word.replace("'", "") for word in form.casefold().split() if word]
        if words:
            queries.append(" & ".join(f"'{word}':*" for word in words))
    sql = " || ".join(["to_tsquery('simple', %s)"] * len(queries)) or "NULL::tsquery"
    return f"e.autocomplete @@ ({sql})", queries


def _rank(match, match_params, prefix):
    tsquery = match.split(" @@ ", 1)[1]
    if prefix:
        return f"ts_rank(f.autocomplete, {tsquery})", list(match_params)
    rank = f"ts_rank(f.title, {tsquery}) * f.title_norm + ts_rank(f.body, {tsquery})"
    return rank, [*match_params, *match_params]


def _found(number, query, match, match_params, scope_first):
    """The CTE ``found_<number>``: at most ``cap + 1`` candidates of the kind."""
    columns = "e.id AS entry_id, e.title, e.body, e.title_norm, e.autocomplete"
    if scope_first:
        # The scope's public objects first (a site's ~100 pages), then their entries by
        # the unique (content_type_id, object_id) index: the cost follows the site.
        scope_sql, scope_params = query.queryset.order_by().values("pk").query.sql_with_params()
        sql = f"""
            scope_{number}(id) AS MATERIALIZED ({scope_sql}),
            found_{number} AS MATERIALIZED (
                SELECT s.id, {columns}
                FROM scope_{number} s
                JOIN {ENTRY_TABLE} e
                  ON e.content_type_id = ANY(%s) AND e.object_id = s.id::text
                WHERE {match}
                LIMIT %s
            )"""  # noqa: S608 (the SQL is the ORM's and ours; every value is a parameter)
        params = [*scope_params, list(query.content_types), *match_params, query.cap + 1]
        return sql, params
    # The fleet: the GIN index finds the kind's matching entries, and the kind's filters
    # are checked on the one object each entry names (a primary-key probe), until cap + 1.
    public = query.queryset.order_by().filter(pk=RawSQL("e.object_id::bigint", ()))
    public_sql, public_params = public.values("pk").query.sql_with_params()
    # One type as an equality, not "= ANY(array)": a GIN index takes no array operator,
    # so the type would be a filter after the match, and a news search would fetch the
    # entries of every other kind first (3,500 of 4,500 rows for a three-word query).
    # Several types stay an array: as ORed equalities the planner chose a sequential scan
    # for the "pages" kind (1.1 s for "kiállítás").
    if len(query.content_types) == 1:
        types, type_params = "e.content_type_id = %s", list(query.content_types)
    else:
        types, type_params = "e.content_type_id = ANY(%s)", [list(query.content_types)]
    sql = f"""
        found_{number} AS MATERIALIZED (
            SELECT e.object_id::bigint AS id, {columns}
            FROM {ENTRY_TABLE} e
            WHERE ({types}) AND {match}
              AND EXISTS ({public_sql})
            LIMIT %s
        )"""  # noqa: S608
    params = [*type_params, *match_params, *public_params, query.cap + 1]
    return sql, params


def objects_in_order(queryset, ids):
    if not ids:
        return []  # (building the query of nothing costs more than it seems, nine kinds)
    by_pk = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]
