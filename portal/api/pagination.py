"""Cursor pagination: a page of ``limit`` items after an opaque cursor.

The cursor is the last item's key, signed (django.core.signing, salted per endpoint), so a
client cannot forge one that skips the municipality's scope or reads another list's keys;
a tampered or foreign cursor is a 400 problem. Pages are keyset pages (``pk > last``): as
fast on the 10 000th page as on the first, and stable while rows are added."""

from django.core import signing
from django.utils.translation import gettext as _
from ninja import Field, Schema

from . import problems

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageParams(Schema):
    cursor: str | None = Field(None, max_length=500, description="next_cursor of the last page")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _salt(name):
    return f"varoshaza.api.cursor.{name}"


def decode(cursor, name):
    if not cursor:
        return None
    try:
        value = signing.loads(cursor, salt=_salt(name))
    except (signing.BadSignature, ValueError, TypeError):
        raise problems.bad_request(
            _("The cursor is invalid: use next_cursor of a page of this list."), "invalid-cursor"
        ) from None
    if not isinstance(value, int):
        raise problems.bad_request(_("The cursor is invalid."), "invalid-cursor")
    return value


def encode(pk, name):
    return signing.dumps(pk, salt=_salt(name), compress=True)


def page(queryset, params, name, *, key="pk"):
    """(items, next cursor or None) of a queryset ordered by ``key`` ascending."""
    after = decode(params.cursor, name)
    if after is not None:
        queryset = queryset.filter(**{f"{key}__gt": after})
    items = list(queryset.order_by(key)[: params.limit + 1])
    more = len(items) > params.limit
    items = items[: params.limit]
    following = encode(getattr(items[-1], key), name) if more and items else None
    return items, following
