"""Which pages every visitor may see.

Wagtail's ``PageQuerySet.public()`` first loads every page view restriction of the whole
installation, then excludes each restricted section by path: one more query for every
listing, and a statement that grows with the restrictions of all 3,200 municipalities.
:func:`without_private_sections` says the same in the listing's own query."""

from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith
from wagtail.models import PageViewRestriction


def without_private_sections(pages):
    """The pages of the queryset that are not in a section behind a view restriction (the
    restricted page itself or any of its ancestors), as ``pages.public()`` would give."""
    restricted = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    return pages.exclude(Exists(restricted))
