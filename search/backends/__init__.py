"""What a search index holds, seen from the database: the operators' tools (``search_check``,
``update_index``'s progress) read Wagtail's backends through these, never the other way.

An *inventory* answers, for one indexed model, which objects the index holds and a
fingerprint of what it holds for each, and the fingerprint the backend would store for an
object today; comparing the two finds the drift (search.backends.drift)."""

from django.db import connection


def inventory_for(backend):
    """The inventory that reads ``backend``'s index (an engine's or the database's)."""
    from . import database, engine

    if hasattr(backend, "es"):
        return engine.EngineInventory(backend)
    if connection.vendor == "postgresql":
        return database.PostgresInventory(backend)
    return database.DatabaseInventory(backend)
