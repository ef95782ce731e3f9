"""An engine's index (Elasticsearch, OpenSearch): one document per object in the index of
the model's root (all pages share one), its id the primary key, its first
``_django_content_type`` the object's own model."""

import datetime
import decimal
import json
import uuid

PAGE_SIZE = 1000


def _plain(value):
    # As the engine clients serialise a document: what comes back is compared with this.
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"Unserializable value in a search document: {value!r}")


def normalise(document):
    return json.loads(json.dumps(document, default=_plain, sort_keys=True))


class EngineInventory:
    can_find_stale = True

    def __init__(self, backend):
        self.backend = backend
        self.es = backend.es

    def _search(self, index_name, body):
        if self.backend.use_new_elasticsearch_api:
            return self.es.search(index=index_name, **body)
        return self.es.search(index=index_name, body=body)

    def indexed(self, model):
        """{primary key as text: document} for every document of exactly ``model``."""
        mapping = self.backend.mapping_class(model)
        content_type = mapping.get_content_type()
        index = self.backend.get_index_for_model(model)
        # Not index.exists(): Wagtail's Elasticsearch 8/9 index passes the name positionally,
        # which the Elasticsearch 9 client refuses.
        if not self.es.indices.exists(index=index.name):
            return {}
        documents = {}
        body = {
            "query": {"term": {"_django_content_type": content_type}},
            "sort": [{"pk": "asc"}],
            "size": PAGE_SIZE,
        }
        while True:
            hits = self._search(index.name, body)["hits"]["hits"]
            for hit in hits:
                source = hit["_source"]
                # A subclass's documents carry the parent's type too: only the model's own.
                if source.get("_django_content_type", [None])[0] == content_type:
                    documents[hit["_id"]] = source
            if len(hits) < PAGE_SIZE:
                return documents
            body["search_after"] = hits[-1]["sort"]

    def fingerprint(self, model, obj):
        return normalise(self.backend.mapping_class(model).get_document(obj))

    def remove(self, model, pks):
        index = self.backend.get_index_for_model(model)
        for pk in pks:
            try:
                self.es.delete(index=index.name, id=pk)
            except self.backend.NotFoundError:
                pass

    def refresh(self):
        self.backend.refresh_indexes()
