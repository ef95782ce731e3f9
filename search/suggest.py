"""'Did you mean': a misspelt word of a query that found nothing, replaced by the most
similar word the scope's public texts contain.

PostgreSQL only, with ``pg_trgm`` (enabled by ``search.0001``): the vocabulary is the
words of the index entries of the scope's public pages and records (Wagtail's database
backend keeps their plain text beside the vectors), compared by trigram similarity in
their folded form. Words of restricted or unpublished pages never reach it, as they never
reach the results. Elsewhere (SQLite of ``make run``, an engine) there is no suggestion;
an engine's own suggester belongs to its backend."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.models import Page, get_page_models

from sites.searchables import public_pages

from .models import SearchRecord
from .text import fold

ACCENTED = "áàâäãåéèêëíìîïóòôöõőúùûüűýç"
PLAIN = "aaaaaaeeeeiiiiooooooouuuuuyc"
THRESHOLD = 0.3
MAX_TERMS = 5


def trigrams_available():
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def _entries(scope):
    """The index entries of the scope's public pages and records, as SQL."""
    from wagtail.search.models import IndexEntry

    pages = public_pages(Page.objects.all(), scope).annotate(
        oid=Cast("pk", output_field=CharField())
    )
    page_types = ContentType.objects.get_for_models(*get_page_models()).values()
    records = SearchRecord.objects.all()
    ids = scope.municipality_ids()
    if ids is not None:
        records = records.filter(municipality_id__in=ids)
    records = records.annotate(oid=Cast("pk", output_field=CharField()))
    entries = IndexEntry.objects.filter(
        Q(content_type__in=page_types, object_id__in=pages.values("oid"))
        | Q(
            content_type=ContentType.objects.get_for_model(SearchRecord),
            object_id__in=records.values("oid"),
        )
    ).values("title_text", "body_text")
    return entries.query.sql_with_params()


def _candidates(cursor, entries_sql, entries_params, term):
    cursor.execute(
        f"""
        WITH words AS (
            SELECT DISTINCT lower(btrim(w, '.,;:!?()[]"''„”«»–—-/')) AS word
            FROM ({entries_sql}) e,
                 regexp_split_to_table(e.title_text || ' ' || e.body_text, '\\s+') AS w
        )
        SELECT word, translate(word, %s, %s) AS folded,
               similarity(translate(word, %s, %s), %s) AS score
        FROM words
        WHERE length(word) >= 3 AND similarity(translate(word, %s, %s), %s) >= %s
        ORDER BY score DESC, word
        LIMIT 30
        """,  # noqa: S608 (the entries' SQL is Django's, its values are parameters)
        [
            *entries_params,
            ACCENTED,
            PLAIN,
            ACCENTED,
            PLAIN,
            term,
            ACCENTED,
            PLAIN,
            term,
            THRESHOLD,
        ],
    )
    return cursor.fetchall()


def suggest(query, scope):
    """A corrected query, or "" when every word is known or nothing is similar enough."""
    terms = fold(query).split()
    if not terms or len(terms) > MAX_TERMS or not trigrams_available():
        return ""
    entries_sql, entries_params = _entries(scope)
    corrected, changed = [], False
    with connection.cursor() as cursor:
        for term in terms:
            rows = _candidates(cursor, entries_sql, entries_params, term)
            if len(term) < 3 or not rows or any(folded == term for _w, folded, _s in rows):
                corrected.append(term)
                continue
            best = rows[0][1]
            variants = [word for word, folded, _s in rows if folded == best]
            # The written form with its accents ("adók"), not the folded copy ("adok").
            corrected.append(max(variants, key=lambda word: word != best))
            changed = True
    return " ".join(corrected) if changed else ""
