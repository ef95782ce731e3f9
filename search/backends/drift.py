"""Drift between an index and the database, per indexed model, and its repair.

*Missing*: an object the model indexes (``get_indexed_objects()``) that has no entry.
*Stale*: an entry that is not what the object would give today (it changed after it was
indexed: a save whose index task failed or never ran). *Orphan*: an entry whose object is
gone or is no longer indexed (a delete while the engine was down)."""

from dataclasses import dataclass, field

from wagtail.search.index import get_indexed_models

from . import inventory_for

CHUNK_SIZE = 500


@dataclass
class ModelDrift:
    model: type
    indexed: int = 0
    expected: int = 0
    missing: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    orphans: list = field(default_factory=list)

    @property
    def label(self):
        return self.model._meta.label

    @property
    def clean(self):
        return not (self.missing or self.stale or self.orphans)


def _chunks(queryset, size=CHUNK_SIZE):
    # By primary key, a chunk at a time: memory stays flat over 300,000 pages.
    last = None
    queryset = queryset.order_by("pk")
    while True:
        chunk = list((queryset if last is None else queryset.filter(pk__gt=last))[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def check_model(inventory, model):
    held = inventory.indexed(model)
    drift = ModelDrift(model=model, indexed=len(held))
    seen = set()
    for chunk in _chunks(model.get_indexed_objects()):
        for obj in chunk:
            pk = str(obj.pk)
            seen.add(pk)
            if pk not in held:
                drift.missing.append(pk)
            elif inventory.can_find_stale and held[pk] != inventory.fingerprint(model, obj):
                drift.stale.append(pk)
    drift.expected = len(seen)
    drift.orphans = sorted(set(held) - seen)
    return drift


def check(backend, models=None):
    """[ModelDrift] for every indexed model (or those given) in ``backend``."""
    inventory = inventory_for(backend)
    inventory.refresh()
    return [check_model(inventory, model) for model in models or get_indexed_models()]


def repair(backend, drifts):
    """Index the missing and stale objects again and remove the orphans; returns how many
    entries were written and removed."""
    inventory = inventory_for(backend)
    written = removed = 0
    for drift in drifts:
        if drift.orphans:
            inventory.remove(drift.model, drift.orphans)
            removed += len(drift.orphans)
        again = drift.missing + drift.stale
        for start in range(0, len(again), CHUNK_SIZE):
            objs = list(drift.model.get_indexed_objects().filter(pk__in=again[start:][:CHUNK_SIZE]))
            backend.add_bulk(drift.model, objs)
            written += len(objs)
    inventory.refresh()
    return written, removed
