"""The municipality's website content (content.read): pages, news, events and decrees —
published and public only. What is public is decided by ``sites.public_content`` (live,
no view restriction on the page or above it, the live version's fields), the same as the
open data's decrees and events; a draft or a restricted page is a 404 like a page that
does not exist. Lists are ordered by id and cursor-paged."""

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from portal.opendata.schemas import DecreeRow, EventRow
from sites import public_content

from .. import problems
from ..audit import note_object
from ..auth import require_scope
from ..pagination import PageParams, decode, encode
from ..scopes import Scope

router = Router()


class PageRow(Schema):
    id: int
    title: str
    type: str
    parent_id: int | None
    url: str
    first_published_at: str | None
    last_published_at: str | None


class PageDetail(PageRow):
    search_description: str
    summary: str


class NewsRow(Schema):
    id: int
    title: str
    date: str | None
    category: str
    summary: str
    tags: list[str]
    url: str
    last_published_at: str | None


class PagePage(Schema):
    items: list[PageRow]
    next_cursor: str | None


class NewsPage(Schema):
    items: list[NewsRow]
    next_cursor: str | None


class EventPage(Schema):
    items: list[EventRow]
    next_cursor: str | None


class DecreePage(Schema):
    items: list[DecreeRow]
    next_cursor: str | None


def _page_of_rows(rows, params, name):
    """A keyset page of rows (dicts with an "id") in id order."""
    after = decode(params.cursor, name)
    ordered = sorted(rows, key=lambda row: row["id"])
    if after is not None:
        ordered = [row for row in ordered if row["id"] > after]
    items = ordered[: params.limit]
    more = len(ordered) > params.limit
    return {"items": items, "next_cursor": encode(items[-1]["id"], name) if more else None}


def _list(kind, rows_of):
    def view(request, ksh_code: str, filters: Query[PageParams]):
        municipality, _actor = require_scope(request, ksh_code, Scope.CONTENT_READ)
        return _page_of_rows(rows_of(municipality), filters, f"content.{kind}.{municipality.pk}")

    view.__name__ = f"content_{kind}"
    return view


for _kind, _rows_of, _schema, _summary in (
    ("pages", public_content.pages, PagePage, "Published public pages"),
    ("news", public_content.news, NewsPage, "News"),
    ("events", public_content.events, EventPage, "Events"),
    ("decrees", public_content.decrees, DecreePage, "Local decrees"),
):
    router.get(
        f"{{ksh_code}}/content/{_kind}",
        response=_schema,
        summary=_summary,
        url_name=f"content_{_kind}",
    )(_list(_kind, _rows_of))


@router.get(
    "{ksh_code}/content/pages/{int:page_id}",
    response=PageDetail,
    summary="A published public page",
    url_name="content_page",
)
def page_detail(request, ksh_code: str, page_id: int):
    municipality, _actor = require_scope(request, ksh_code, Scope.CONTENT_READ)
    found = public_content.page(municipality, page_id)
    if found is None:
        raise problems.not_found(_("This municipality's website has no such published page."))
    note_object(request, "page", page_id)
    return found
