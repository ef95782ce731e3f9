"""The trade and industry register: its entries and notifications (trade.read), and what a
municipality's own system may record in it (trade.write): a notification of trading that
arrived on paper, and the closure of a place. Everything through services.commerce.

Entries are the public register's (``services.commerce.services.public``, the one place
that decides what an entry shows): a token holder is the municipality's own system, but
what it reads of an entry is what anyone may; the notary's screens keep the rest. Lists
are ordered by id and cursor-paged."""

import datetime
from typing import Literal

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from portal.opendata import datasets, formats
from portal.opendata.schemas import TradeEntry
from services.commerce import services as commerce
from services.commerce.constants import TraderKind, TradingForm
from services.commerce.models import Notification, Place

from .. import problems
from ..audit import note_object
from ..auth import require_scope
from ..pagination import PageParams, decode, encode, page
from ..scopes import Scope

router = Router()


class EntryFilter(PageParams):
    # The public register page's own parameter name (?nyilvantartas=telep).
    nyilvantartas: Literal["kereskedelem", "telep"] = "kereskedelem"


class EntryPage(Schema):
    items: list[TradeEntry]
    next_cursor: str | None


class HistoryEvent(Schema):
    effective_on: str
    received_on: str
    event: str
    status: str


class EntryWithHistory(TradeEntry):
    history: list[HistoryEvent]


class NotificationOut(Schema):
    id: int
    kind: str
    kind_name: str
    received_on: datetime.date
    effective_on: datetime.date
    reference: str
    checked: bool


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: str | None


class TraderIn(Schema):
    kind: TraderKind
    name: str = Field(min_length=1, max_length=200)
    postal_code: str = Field("", max_length=4)
    settlement: str = Field("", max_length=100)
    street: str = Field("", max_length=200)
    registration_number: str = Field("", max_length=40)
    statistical_number: str = Field("", max_length=20)
    tax_number: str = Field("", max_length=13)
    seat_is_home: bool = False
    # A natural person's data as the paper form gives them: the register keeps them, the
    # public register and the API's entries never show them.
    home_address: str = Field("", max_length=300)
    birth_name: str = Field("", max_length=200)
    birth_place: str = Field("", max_length=100)
    birth_date: datetime.date | None = None
    mother_name: str = Field("", max_length=200)


class ShopIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    floor_area: int | None = Field(None, ge=1, le=10_000_000)
    opening_hours: dict[str, list[list[str]]] = Field(
        default_factory=dict, description='{"0": [["08:00", "18:00"]], …}: 0 is Monday'
    )


class PlaceIn(Schema):
    trading_forms: list[TradingForm] = Field(min_length=1, max_length=10)
    postal_code: str = Field("", max_length=4)
    settlement: str = Field("", max_length=100)
    street: str = Field("", max_length=200)
    parcel_number: str = Field("", max_length=30)
    areas: list[str] = Field(default_factory=list, max_length=50)
    routes: list[str] = Field(default_factory=list, max_length=50)
    product_groups: list[str] = Field(default_factory=list, max_length=100)
    shop: ShopIn | None = None


class TradingIn(Schema):
    received_on: datetime.date
    starts_on: datetime.date | None = None
    reference: str = Field("", max_length=60, description="the paper's registry number")
    wholesale: bool = False
    retail: bool = True
    trader: TraderIn
    places: list[PlaceIn] = Field(min_length=1, max_length=50)


class TradeOut(Schema):
    trade_id: int
    register_number: str
    place_ids: list[int]


class ClosureIn(Schema):
    received_on: datetime.date
    closed_on: datetime.date
    reference: str = Field("", max_length=60)


def _refused(error):
    return problems.bad_request(str(error), "trade-refused")


def _not_future(day, label):
    if day > datetime.date.today():
        raise problems.bad_request(
            _("%(what)s cannot be in the future.") % {"what": label}, "future-date"
        )


@router.get(
    "{ksh_code}/trade/entries",
    response=EntryPage,
    summary="Register entries",
    by_alias=True,
    url_name="trade_entries",
)
def entries(request, ksh_code: str, filters: Query[EntryFilter]):
    municipality, _actor = require_scope(request, ksh_code, Scope.TRADE_READ)
    # The open data's cached rows: the same public serializer, computed once per change.
    dataset = datasets.BY_SLUG[
        "kereskedelem" if filters.nyilvantartas == "kereskedelem" else "telepek"
    ]
    found = formats.cached_rows(dataset, municipality)
    name = f"trade.entries.{filters.nyilvantartas}.{municipality.pk}"
    after = decode(filters.cursor, name)
    ordered = sorted(found, key=lambda entry: entry["id"])
    if after is not None:
        ordered = [entry for entry in ordered if entry["id"] > after]
    items = ordered[: filters.limit]
    more = len(ordered) > filters.limit
    return {
        "items": items,
        "next_cursor": encode(items[-1]["id"], name) if more and items else None,
    }


@router.get(
    "{ksh_code}/trade/places/{int:place_id}",
    response=EntryWithHistory,
    summary="A place of trading with its history",
    by_alias=True,
    url_name="trade_place",
)
def place(request, ksh_code: str, place_id: int):
    municipality, _actor = require_scope(request, ksh_code, Scope.TRADE_READ)
    found = commerce.public.register_entry(municipality, commerce.public.TRADE, place_id)
    if found is None:
        raise problems.not_found(_("This municipality's register has no such place."))
    note_object(request, "commerce_place", place_id)
    return found


@router.get(
    "{ksh_code}/trade/notifications",
    response=NotificationPage,
    summary="Notifications",
    url_name="trade_notifications",
)
def notifications(request, ksh_code: str, filters: Query[PageParams]):
    municipality, _actor = require_scope(request, ksh_code, Scope.TRADE_READ)
    found = Notification.objects.for_municipality(municipality)
    items, following = page(found, filters, f"trade.notifications.{municipality.pk}")
    return {
        "items": [
            NotificationOut(
                id=item.pk,
                kind=item.kind,
                kind_name=str(item.get_kind_display()),
                received_on=item.received_on,
                effective_on=item.effective_on,
                reference=item.reference,
                checked=item.checked_at is not None,
            )
            for item in items
        ],
        "next_cursor": following,
    }


@router.post(
    "{ksh_code}/trade/notifications",
    response={201: TradeOut},
    summary="Record a notification of trading received on paper",
    url_name="trade_record_notification",
)
def record_trading(request, ksh_code: str, notification: TradingIn):
    municipality, actor = require_scope(request, ksh_code, Scope.TRADE_WRITE)
    _not_future(notification.received_on, _("The day of receipt"))
    data = notification.model_dump()
    try:
        # One transaction: a place refused after the trader was written leaves nothing.
        with transaction.atomic():
            trade = commerce.notify_trading(
                municipality,
                actor=actor,
                received_on=notification.received_on,
                starts_on=notification.starts_on,
                reference=notification.reference,
                wholesale=notification.wholesale,
                retail=notification.retail,
                trader=data["trader"],
                places=[{k: v for k, v in p.items() if k != "shop" or v} for p in data["places"]],
            )
    except commerce.CommerceError as error:
        raise _refused(error) from None
    places = list(Place.objects.for_municipality(municipality).filter(trade=trade).order_by("pk"))
    note_object(request, "commerce_trade", trade.pk)
    return 201, TradeOut(
        trade_id=trade.pk,
        register_number=trade.register_number,
        place_ids=[p.pk for p in places],
    )


@router.post(
    "{ksh_code}/trade/places/{int:place_id}/closure",
    response={201: EntryWithHistory},
    summary="Record the closure of a place of trading",
    by_alias=True,
    url_name="trade_close_place",
)
def close(request, ksh_code: str, place_id: int, closure: ClosureIn):
    municipality, actor = require_scope(request, ksh_code, Scope.TRADE_WRITE)
    found = Place.objects.for_municipality(municipality).filter(pk=place_id).first()
    if found is None:
        raise problems.not_found(_("This municipality's register has no such place."))
    note_object(request, "commerce_place", found.pk)
    _not_future(closure.received_on, _("The day of receipt"))
    try:
        commerce.close_place(
            found,
            actor=actor,
            received_on=closure.received_on,
            closed_on=closure.closed_on,
            reference=closure.reference,
        )
    except commerce.CommerceError as error:
        raise _refused(error) from None
    return 201, commerce.public.register_entry(municipality, commerce.public.TRADE, found.pk)
