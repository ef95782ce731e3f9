"""The search index's health for the provider's fleet console: ``search_check``'s
comparison of the index with the database (``backends.drift``), summed up.

It reads every indexed object, so callers keep its answer a while (the console caches it);
the figures are the same as ``manage.py search_check`` prints."""

from django.utils import timezone
from wagtail.search.backends import get_search_backend

from .backends import drift


def index_lag(backend="default"):
    """{"missing", "stale", "orphans", "expected", "indexed", "checked_at", "models"}:
    objects not in the index yet (the lag: saved, their index task not run), entries older
    than their object, entries whose object is gone."""
    results = drift.check(get_search_backend(backend))
    return {
        "missing": sum(len(r.missing) for r in results),
        "stale": sum(len(r.stale) for r in results),
        "orphans": sum(len(r.orphans) for r in results),
        "expected": sum(r.expected for r in results),
        "indexed": sum(r.indexed for r in results),
        "models": [r.label for r in results if not r.clean],
        "checked_at": timezone.now(),
    }
