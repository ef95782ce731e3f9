"""One row as a line of JSON and back, in the shape of Django's "python" serializer
(``{"model": …, "pk": …, "fields": {…}}``) so that ``loaddata`` could read it too.

Foreign keys to content types, permissions and locales carry natural keys
(``["tax", "taxpayer"]``) instead of ids: the migrations make those rows, and their ids
differ from one installation to another. Many-to-many relations are not written inside
the row: their tables are entities of their own (a flat table a person can read)."""

import base64
import datetime
import decimal
import json
import uuid

from django.apps import apps
from django.utils.encoding import is_protected_type

NATURAL_KEYS = {
    "contenttypes.ContentType": ("app_label", "model"),
    "auth.Permission": ("codename", "content_type__app_label", "content_type__model"),
    "wagtailcore.Locale": ("language_code",),
}


def _default(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()  # microseconds kept: a re-export compares byte for byte
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class NaturalKeys:
    """Ids <-> natural keys of the matched models, read once per export or import."""

    def __init__(self):
        self.to_key, self.to_id = {}, {}
        for label, fields in NATURAL_KEYS.items():
            model = apps.get_model(label)
            rows = model._base_manager.values_list("pk", *fields)
            self.to_key[label] = {pk: list(key) for pk, *key in rows}
            self.to_id[label] = {tuple(key): pk for pk, *key in rows}

    def fields_of(self, model):
        """(field name, matched model label) of the model's foreign keys to matched rows."""
        return [
            (f.name, f.related_model._meta.label)
            for f in model._meta.local_concrete_fields
            if f.is_relation and f.concrete and f.related_model._meta.label in NATURAL_KEYS
        ]


class _Holder:
    """Stands for a model instance where ``value_to_string`` reads an attribute."""


class RowWriter:
    """Serialises the rows of one model."""

    def __init__(self, model, natural):
        self.model = model
        self.natural = natural
        self.matched = natural.fields_of(model)

    def rows_of(self, queryset, chunk_size):
        """The rows as Django's "python" serializer writes them, natural keys in place,
        read as tuples rather than model instances: the serializer is followed field by
        field (a value of a protected type as it is, any other as ``value_to_string``)
        without building an instance per row. The output is byte for byte the
        serializer's (checked on Eger's export when this replaced it)."""
        meta = self.model._meta
        fields = [f for f in meta.local_fields if f.serialize]
        attnames = [meta.pk.attname, *(f.attname for f in fields)]
        label = meta.label_lower
        holder = _Holder()
        for values in queryset.values_list(*attnames).iterator(chunk_size=chunk_size):
            holder.__dict__ = dict(zip(attnames, values, strict=True))
            serialised = {}
            for field, value in zip(fields, values[1:], strict=True):
                if not is_protected_type(value):
                    value = field.value_to_string(holder)
                serialised[field.name] = value
            pk = values[0]
            if not is_protected_type(pk):
                pk = meta.pk.value_to_string(holder)
            yield self._with_keys({"model": label, "pk": pk, "fields": serialised})

    def _with_keys(self, row):
        fields = row["fields"]
        for name, label in self.matched:
            if fields.get(name) is not None:
                fields[name] = self.natural.to_key[label][fields[name]]
        return row

    @staticmethod
    def line(row):
        return json.dumps(row, ensure_ascii=False, sort_keys=True, default=_default) + "\n"


def with_ids(row, model, natural, matched=None):
    """The row read from the export with the matched models' ids of this installation.
    Raises KeyError naming what this installation lacks."""
    fields = row["fields"]
    for name, label in matched if matched is not None else natural.fields_of(model):
        key = fields.get(name)
        if key is not None:
            fields[name] = natural.to_id[label][tuple(key)]
    return row
