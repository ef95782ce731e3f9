"""Settings of the search banner: Wagtail's search backend (base.py imports this).

``SEARCH_BACKEND`` picks one of three: ``database`` (PostgreSQL's ``hungarian`` text search;
SQLite's FTS5 for ``make run``), ``elasticsearch`` (Wagtail's ``elasticsearch9``) or
``opensearch`` (Wagtail's ``opensearch3``). The engines share one configuration, built by
:func:`engine_backend` (the engine tests build theirs with it too, pointed at osmem-server).

Index updates need no setting of ours: Wagtail's signal handlers enqueue its
``insert_or_update_object_task`` through Django's task API on every save of an indexed model
(a page's publish and unpublish are saves), and remove a deleted object at once. In
production the task backend is the database (django-tasks-db): the task's row is written in
the publishing transaction, so the worker sees it only once the publish is committed and a
rolled-back publish leaves no task behind. ``manage.py search_check`` finds what slipped
through (an engine that was down: Wagtail logs and carries on) and repairs it.
"""

from django.core.exceptions import ImproperlyConfigured

from .environment import env, env_list

# ---------------------------------------------------------------------------- search

SEARCH_BACKEND = env("SEARCH_BACKEND", "database")

# One shared index per model root (pages, images, documents, …) for the whole fleet, never
# one per municipality; the prefix separates installations (and test workers) sharing a
# cluster. ELASTICSEARCH_INDEX is the name this variable had before.
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", env("ELASTICSEARCH_INDEX", "varoshaza_"))

# Hungarian analysis as the index default, so every text field Wagtail maps without an
# analyzer of its own gets it. keyword_repeat keeps each word as typed beside its stem, and
# folding comes after stemming, since the stemmer knows Hungarian suffixes only with their
# accents ("adókról" -> "adó"): "ado" (as typed, folded) meets "adó" and "adókról" (stems,
# folded), and "adókról" meets "adó". remove_duplicates drops a stem equal to its word.
HUNGARIAN_ANALYSIS = {
    "filter": {
        "hungarian_stop": {"type": "stop", "stopwords": "_hungarian_"},
        "hungarian_stemmer": {"type": "stemmer", "language": "hungarian"},
    },
    "analyzer": {
        "default": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "lowercase",
                "hungarian_stop",
                "keyword_repeat",
                "hungarian_stemmer",
                "asciifolding",
                "remove_duplicates",
            ],
        },
    },
}

ENGINE_BACKENDS = {
    "elasticsearch": "wagtail.search.backends.elasticsearch9",
    "opensearch": "wagtail.search.backends.opensearch3",
}
ENGINE_URL_VARIABLES = {"elasticsearch": "ELASTICSEARCH_URL", "opensearch": "OPENSEARCH_URL"}


# Seconds an engine request may take; update_index's bulk requests carry 1000 documents.
SEARCH_TIMEOUT = int(env("SEARCH_TIMEOUT", "10"))


def engine_backend(kind, urls, index_prefix, options=None, timeout=SEARCH_TIMEOUT):
    """The WAGTAILSEARCH_BACKENDS entry of an engine (``elasticsearch`` or ``opensearch``)."""
    return {
        "BACKEND": ENGINE_BACKENDS[kind],
        "URLS": urls,
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": timeout,
        # update_index builds a new index beside the old one and moves the alias when it is
        # complete: searches keep answering from the old index during a rebuild, and a
        # failed rebuild leaves it in place.
        "ATOMIC_REBUILD": True,
        "OPTIONS": options or {},
        # Merged into Wagtail's own settings (its ngram analyzers for autocomplete stay).
        "INDEX_SETTINGS": {"settings": {"analysis": HUNGARIAN_ANALYSIS}},
    }


if SEARCH_BACKEND in ENGINE_BACKENDS:
    WAGTAILSEARCH_BACKENDS = {
        "default": engine_backend(
            SEARCH_BACKEND,
            env_list(ENGINE_URL_VARIABLES[SEARCH_BACKEND], "http://127.0.0.1:9200"),
            SEARCH_INDEX_PREFIX,
        )
    }
elif SEARCH_BACKEND == "database":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            # Only PostgreSQL reads this: Hungarian stemming, so "adó" finds "adók".
            "SEARCH_CONFIG": "hungarian",
            # update_index rebuilds in one transaction: searches see the old entries until
            # the new ones are committed.
            "ATOMIC_REBUILD": True,
        }
    }
else:
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND={SEARCH_BACKEND!r}: use database, elasticsearch or opensearch."
    )

# How many matches of one kind the database search ranks and counts (search.ranked): more
# are shown as "1 000+", and the first thousand found are the ones ranked.
SEARCH_RESULT_CAP = int(env("SEARCH_RESULT_CAP", "1000"))
# The same in the fleet's scope (the portal with "every municipality"), where every
# candidate costs a read of its entry and of its page: "200+" news about "adó" in the
# country say as much to a citizen as "1 000+", who narrows the query or the municipality.
SEARCH_FLEET_RESULT_CAP = int(env("SEARCH_FLEET_RESULT_CAP", "200"))
