"""'Did you mean': a misspelt word of a query that found nothing, replaced by the most
similar word the scope's public texts contain.

PostgreSQL only, with ``pg_trgm`` (enabled by ``search.0001``): the vocabulary is the word
table (``search.words``), kept with the index from the public pages and records of each
municipality, compared by trigram similarity in their folded form through its GIN index —
a lookup, not a read of every entry of the scope (3 s for a site and minutes for the
fleet at 300,000 pages before). Words of restricted or unpublished pages never reach it,
as they never reach the results. Elsewhere (SQLite of ``make run``, an engine) there is
no suggestion; an engine's own suggester belongs to its backend."""

from django.db import connection

from . import words
from .text import fold

THRESHOLD = 0.3
MAX_TERMS = 5


def trigrams_available():
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def suggest(query, scope):
    """A corrected query, or "" when every word is known or nothing is similar enough."""
    terms = fold(query).split()
    if not terms or len(terms) > MAX_TERMS or not trigrams_available():
        return ""
    corrected, changed = [], False
    for term in terms:
        rows = words.similar_words(term, scope) if len(term) >= 3 else []
        rows = [row for row in rows if row[2] >= THRESHOLD]
        if not rows:
            corrected.append(term)
            continue
        known = any(folded == term for _w, folded, _s in rows)
        best = term if known else rows[0][1]
        variants = [word for word, folded, _s in rows if folded == best]
        # The written form with its accents ("közgyűlés"), not the folded copy.
        corrected.append(max(variants, key=lambda word: word != best))
        changed = changed or not known
    return " ".join(corrected) if changed else ""
