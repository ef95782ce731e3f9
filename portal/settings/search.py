"""Settings of the search banner: Wagtail's search backend (base.py imports this)."""

from .environment import env, env_list

# ---------------------------------------------------------------------------- search

SEARCH_BACKEND = env("SEARCH_BACKEND", "database")
if SEARCH_BACKEND == "elasticsearch":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": env_list("ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
            "INDEX": env("ELASTICSEARCH_INDEX", "varoshaza"),
            "TIMEOUT": 5,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            # Only PostgreSQL reads this: Hungarian stemming, so "adó" finds "adók".
            "SEARCH_CONFIG": "hungarian",
        }
    }
