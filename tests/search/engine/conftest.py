"""The search tests against a real engine: osmem-server, an in-memory server that speaks
OpenSearch 3's REST API, started once per test process by its pytest plugin (the
``osmem_server`` fixture; each pytest-xdist worker has its own server on a free port).
Every test gets a fresh clone of it (``osmem_clone``, milliseconds), so no test sees
another's indexes.

``search_backend`` runs a test on the database backend (PostgreSQL, ``hungarian``) and on
the engine through both of Wagtail's engine backends, ``opensearch3`` and
``elasticsearch9``, configured by the project's own settings builder (portal.settings.search)
with only the URL and the index prefix changed.

Where osmem is not Elasticsearch (tests say so where it matters): its scores are not
Lucene's, so tests assert on sets; it does not apply an index's ``default`` analyzer to
mapped text fields (Elasticsearch and OpenSearch do), so full-text matching on osmem is its
standard analysis and the Hungarian analyzer is checked through ``_analyze``."""

import pytest
from django.core.management import call_command
from elastic_transport import HttpHeaders, Urllib3HttpNode
from wagtail.search.backends import get_search_backend

from portal.settings.search import engine_backend

ENGINES = ("opensearch", "elasticsearch")


class PlainJSONNode(Urllib3HttpNode):
    """TEST ONLY: the Elasticsearch 9 client asks for
    ``application/vnd.elasticsearch+json; compatible-with=9`` and refuses a server that does
    not answer ``X-Elastic-Product: Elasticsearch``; osmem speaks plain JSON and is an
    OpenSearch. This node sends plain JSON (NDJSON for bulk) and marks osmem's answers as
    Elasticsearch's, so that Wagtail's elasticsearch9 backend can be tested against it.
    Never use it against a real cluster."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        plain = HttpHeaders(headers or {})
        for name in ("accept", "content-type"):
            if name in plain:
                plain[name] = (
                    "application/x-ndjson" if "ndjson" in plain[name] else "application/json"
                )
        response = super().perform_request(method, target, body=body, headers=plain, **kwargs)
        response.meta.headers["x-elastic-product"] = "Elasticsearch"
        return response


def engine_settings(kind, url, worker_id):
    options = {"node_class": PlainJSONNode} if kind == "elasticsearch" else {}
    return engine_backend(kind, [url], f"test_{worker_id}_", options=options)


@pytest.fixture
def engine(request, settings, worker_id):
    """engine(kind) -> configure the default search backend as that engine on a fresh osmem
    clone; returns the clone."""

    def _engine(kind):
        clone = request.getfixturevalue("osmem_clone")
        settings.WAGTAILSEARCH_BACKENDS = {"default": engine_settings(kind, clone.url, worker_id)}
        return clone

    return _engine


@pytest.fixture(params=("database",) + ENGINES)
def search_backend(request, engine, municipality_a, municipality_b):
    """The default search backend, built from scratch with ``update_index`` over the two
    municipalities' sites, on the database and on the engine (both client libraries)."""
    if request.param in ENGINES:
        engine(request.param)
    call_command("update_index", verbosity=0)
    backend = get_search_backend()
    backend.kind = request.param
    return backend
