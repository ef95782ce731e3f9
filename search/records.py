"""Keeps the search layer's copy of the services' public records (``SearchRecord``) equal
to what each ``RecordKind`` publishes: inserted, changed and withdrawn records alike."""

from django.db import transaction

from sites.normalise import fold_for_index
from sites.searchables import RecordKind, searchables

from .models import SearchRecord


@transaction.atomic
def refresh_records(kind_name, municipality):
    """Make the municipality's records of the kind what the kind publishes now; returns
    how many records it has. Saving and deleting one by one lets Wagtail's signal
    handlers update the index of every backend."""
    kind = searchables.get(kind_name)
    if not isinstance(kind, RecordKind):
        return 0
    published = {record.key: record for record in kind.records(municipality)}
    stored = {
        record.key: record
        for record in SearchRecord.objects.filter(kind=kind_name, municipality=municipality)
    }
    for key in stored.keys() - published.keys():
        stored[key].delete()
    for key, record in published.items():
        values = {
            "title": record.title[:255],
            "text": record.text,
            "folded": fold_for_index(f"{record.title} {record.text}"),
            "url": record.url[:500],
            "date": record.date,
        }
        current = stored.get(key)
        if current is None:
            SearchRecord.objects.create(
                kind=kind_name, municipality=municipality, key=key, **values
            )
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
    return len(published)


def refresh_all(municipalities):
    """Every record kind for each municipality (the demo loader, an operator's rebuild)."""
    total = 0
    for municipality in municipalities:
        for name, kind in searchables.items():
            if isinstance(kind, RecordKind):
                total += refresh_records(name, municipality)
    return total
