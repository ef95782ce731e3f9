"""The field types a form definition may use: one registry, one class per type.

A type knows how to check its options (when a definition is saved or imported), how to
clean a citizen's answer (raising ``ValidationError`` in Hungarian), and which template
renders it. Adding a type is one class with ``@field_types.register("name")``.

``base`` holds what they share; the types themselves are grouped by kind of answer, and
importing this package registers them all (the app's ``ready()`` does)."""

# Importing registers the types, in this order: the order the designer offers them in.
# isort: off
from . import basic, identifiers, choices, files, groups  # noqa: F401

# isort: on
from .base import MAX_INT, MAX_MONEY, MAX_TEXT, CleaningContext, FieldType, field_types, register
from .files import FILE_CONTENT_TYPES

__all__ = [
    "FILE_CONTENT_TYPES",
    "MAX_INT",
    "MAX_MONEY",
    "MAX_TEXT",
    "CleaningContext",
    "FieldType",
    "field_types",
    "register",
]
