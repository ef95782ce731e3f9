"""The word table of "did you mean": the words of each municipality's public texts, kept
with the index so that a suggestion is a trigram lookup, not a read of every entry.

``SearchWord`` holds each distinct word once with its folded form (GIN ``gin_trgm_ops``
index, ``search.0002``); ``SearchWordUse`` says which municipality's public pages and
records contain it. :func:`refresh_words` recomputes one municipality's words from the
index entries of its public pages and records (the scope's, exactly what its search can
find: live, outside restricted sections) in a few set-based statements; it runs as a
task after what changes them (``search.signals``: a publish, an unpublish, a delete, a
move, a restriction, a record), and for every municipality from ``search_check --repair``.

An inactive municipality has no words: the fleet never suggests what only it contains. A
word no municipality uses any more stays in ``SearchWord`` and is never offered (every
lookup requires a use in scope); ``refresh_all_words`` removes such words.

PostgreSQL only, as the trigram lookup; elsewhere nothing is kept and nothing suggested."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from wagtail.models import Page, get_page_models

from sites.models import Municipality
from sites.searchables import Scope, public_pages

from .models import SearchRecord, SearchWord, SearchWordUse

UPPER = "ÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕŐÚÙÛÜŰÝÇ"
LOWER = "áàâäãåéèêëíìîïóòôöõőúùûüűýç"
ACCENTED = LOWER
PLAIN = "aaaaaaeeeeiiiiooooooouuuuuyc"
MIN_LENGTH = 3
MAX_LENGTH = 100
PUNCTUATION = ".,;:!?()[]\"'„”«»–—-/"


def available():
    return connection.vendor == "postgresql"


def entries_sql(scope):
    """The index entries of the scope's public pages and records, as SQL and params."""
    from wagtail.search.models import IndexEntry

    pages = public_pages(Page.objects.all(), scope).annotate(
        oid=Cast("pk", output_field=CharField())
    )
    page_types = ContentType.objects.get_for_models(*get_page_models()).values()
    records = SearchRecord.objects.filter(municipality_id__in=scope.municipality_ids() or [])
    records = records.annotate(oid=Cast("pk", output_field=CharField()))
    # Two reads joined by UNION ALL, not one filter with an OR: the OR made PostgreSQL read
    # all 300,000 entries for one site's 94 (1.4 s); apart, each starts from the scope's
    # pages or records and probes the unique (content_type_id, object_id) index.
    page_entries = IndexEntry.objects.filter(
        content_type__in=page_types, object_id__in=pages.values("oid")
    ).values("title_text", "body_text")
    record_entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(SearchRecord),
        object_id__in=records.values("oid"),
    ).values("title_text", "body_text")
    return page_entries.union(record_entries, all=True).query.sql_with_params()


def _tables():
    return (
        SearchWord._meta.db_table,
        SearchWordUse._meta.db_table,
    )


@transaction.atomic
def refresh_words(municipality):
    """Make ``municipality``'s words those of its public texts now; returns how many."""
    if not available():
        return 0
    words, uses = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS search_fresh_words (word varchar(100) PRIMARY KEY) "
            "ON COMMIT DELETE ROWS"
        )
        cursor.execute("DELETE FROM search_fresh_words")
        if municipality.active and municipality.root_page_id:
            sql, params = entries_sql(Scope.for_municipality(municipality))
            cursor.execute(
                f"""
                INSERT INTO search_fresh_words (word)
                SELECT DISTINCT w FROM (
                    SELECT btrim(translate(lower(t), %s, %s), %s) AS w
                    FROM ({sql}) e,
                         regexp_split_to_table(e.title_text || ' ' || e.body_text, '\\s+') t
                ) split
                WHERE length(w) BETWEEN %s AND %s
                """,  # noqa: S608 (the entries' SQL is the ORM's, its values parameters)
                [UPPER, LOWER, PUNCTUATION, *params, MIN_LENGTH, MAX_LENGTH],
            )
        cursor.execute(
            f"""
            INSERT INTO {words} (word, folded)
            SELECT word, translate(word, %s, %s) FROM search_fresh_words
            ON CONFLICT (word) DO NOTHING
            """,  # noqa: S608 (table names from the models)
            [ACCENTED, PLAIN],
        )
        cursor.execute(
            f"""
            DELETE FROM {uses} u
            WHERE u.municipality_id = %s AND NOT EXISTS (
                SELECT 1 FROM {words} w JOIN search_fresh_words f ON f.word = w.word
                WHERE w.id = u.word_id)
            """,  # noqa: S608
            [municipality.pk],
        )
        cursor.execute(
            f"""
            INSERT INTO {uses} (word_id, municipality_id)
            SELECT w.id, %s FROM search_fresh_words f JOIN {words} w ON w.word = f.word
            ON CONFLICT DO NOTHING
            """,  # noqa: S608
            [municipality.pk],
        )
        cursor.execute("SELECT count(*) FROM search_fresh_words")
        (count,) = cursor.fetchone()
    return count


def refresh_all_words(municipalities=None):
    """Every municipality's words (an operator's repair, the benchmark's data), and the
    words nobody uses removed; returns the number of words kept."""
    if not available():
        return 0
    for municipality in municipalities or Municipality.objects.all():
        refresh_words(municipality)
    words, uses = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {words} w WHERE NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {uses} u WHERE u.word_id = w.id)"
        )
        cursor.execute(f"SELECT count(*) FROM {words}")  # noqa: S608
        return cursor.fetchone()[0]


def similar_words(term, scope, limit=30):
    """[(word, folded, similarity)] of the words in ``scope`` whose folded form is
    similar to ``term`` (folded), most similar first; the fleet means every active
    municipality."""
    words, uses = _tables()
    if scope.is_fleet:
        used = (
            f"SELECT 1 FROM {uses} u JOIN {Municipality._meta.db_table} m "
            "ON m.id = u.municipality_id AND m.active WHERE u.word_id = w.id"
        )
        params = []
    else:
        ids = scope.municipality_ids()
        if not ids:
            return []
        used = f"SELECT 1 FROM {uses} u WHERE u.word_id = w.id AND u.municipality_id = ANY(%s)"
        params = [ids]
    sql = f"""
        SELECT w.word, w.folded, similarity(w.folded, %s) AS score
        FROM {words} w
        WHERE w.folded %% %s AND EXISTS ({used})
        ORDER BY score DESC, w.word
        LIMIT %s
    """  # noqa: S608 (table names from the models; every value a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [term, term, *params, limit])
        return cursor.fetchall()
