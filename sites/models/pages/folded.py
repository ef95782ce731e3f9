"""The folded copy of a page's text that the search index keeps beside the text itself."""

import html

from django.utils.html import strip_tags
from wagtail.search import index

from ...normalise import fold_for_index

FOLDED_FIELD = "folded_search_text"
# Begins the folded copy (U+2063, an invisible separator: no search parser makes a word of
# it). The database index keeps every body field's plain text in one column, the folded
# copy last; the search layer cuts a hit's snippet from that column up to this mark rather
# than render each found page's StreamField again (3 ms a hit).
FOLDED_MARK = "\u2063"


def plain_text(value):
    """A search field's value as the words a person reads: rich text without its tags, a
    list (StreamField's searchable content) joined."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(plain_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(plain_text(item) for item in value.values())
    return html.unescape(strip_tags(str(value)))


def searchable_text(obj, *, title=True):
    """The text of every ``SearchField`` of ``obj`` (the folded copy left out)."""
    parts = []
    for field in type(obj).get_searchable_search_fields():
        if field.field_name == FOLDED_FIELD or (not title and field.field_name == "title"):
            continue
        parts.append(plain_text(field.get_value(obj)))
    return " ".join(part for part in parts if part)


def _folded_search_text(self):
    return f"{FOLDED_MARK} {fold_for_index(searchable_text(self))}"


class FoldedSearchMixin:
    """Indexes a folded copy (``sites.normalise.fold``) of every searchable field, so that
    "ado" finds "Helyi adók": neither PostgreSQL's ``hungarian`` configuration nor an
    engine's Hungarian analyzer folds accents, and the search layer folds the query the
    same way. Every municipal page type has it (``ReferencesCheckedPageMixin``).

    The method is copied onto each subclass so that the engine backends see the field as
    defined by the page model itself (they name a field after the model that defines it,
    and a mixin is not a model)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if FOLDED_FIELD not in cls.__dict__:
            setattr(cls, FOLDED_FIELD, _folded_search_text)

    @classmethod
    def get_search_fields(cls):
        fields = super().get_search_fields()
        if any(field.field_name == FOLDED_FIELD for field in fields):
            return fields
        return [*fields, index.SearchField(FOLDED_FIELD)]
