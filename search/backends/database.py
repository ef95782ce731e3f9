"""The database backend's index: one IndexEntry row per object, keyed by the object's own
content type and primary key (Wagtail's ``wagtailsearch_indexentry``)."""

from django.contrib.contenttypes.models import ContentType
from wagtail.search.models import IndexEntry


class DatabaseInventory:
    """Any database: which objects have an entry. SQLite's FTS entry keeps no plain copy of
    what it indexed, so nothing there can be found stale (``can_find_stale``)."""

    can_find_stale = False

    def __init__(self, backend):
        self.backend = backend

    def entries(self, model):
        content_type = ContentType.objects.get_for_model(model)
        return IndexEntry.objects.filter(content_type=content_type)

    def indexed(self, model):
        """{primary key as text: fingerprint} of what the index holds for ``model``."""
        return dict.fromkeys(self.entries(model).values_list("object_id", flat=True))

    def fingerprint(self, model, obj):
        return None

    def remove(self, model, pks):
        self.entries(model).filter(object_id__in=list(pks)).delete()

    def refresh(self):
        pass


class PostgresInventory(DatabaseInventory):
    """PostgreSQL's entry keeps the plain text of the title and of the body beside their
    tsvectors: an entry is stale when that text is not what the object would give today."""

    can_find_stale = True

    def indexed(self, model):
        rows = self.entries(model).values_list("object_id", "title_text", "body_text")
        return {pk: (title, body) for pk, title, body in rows}

    def fingerprint(self, model, obj):
        # Imported here: the module needs PostgreSQL's field types, which SQLite lacks.
        from wagtail.search.backends.database.postgres.postgres import ObjectIndexer

        indexer = ObjectIndexer(obj, self.backend)
        return (indexer.title_text, indexer.body_text)
