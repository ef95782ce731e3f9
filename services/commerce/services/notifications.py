"""What changes the trade register: a notification of trading, changes of data and of
opening hours, closure. Each call records one ``Notification`` and writes versions that
name it; a refusal writes nothing. Sites, accommodations and licences: ``industry``."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..constants import NotificationKind, Status
from ..models import (
    Place,
    PlaceVersion,
    Shop,
    ShopVersion,
    Trade,
    Trader,
    TraderVersion,
    TradeVersion,
)
from . import hours
from .errors import CommerceError
from .registers import (
    _next_number,
    _notification,
    _place_values,
    _shop_values,
    _supersede,
    _trader_values,
    current,
)


def _add_place(municipality, trade, data, notification, valid_from):
    place_values = _place_values(data)
    place = Place.objects.create(municipality=municipality, trade=trade)
    PlaceVersion.objects.create(
        municipality=municipality,
        place=place,
        notification=notification,
        valid_from=valid_from,
        **place_values,
    )
    if data.get("shop"):
        shop = Shop.objects.create(municipality=municipality, place=place)
        ShopVersion.objects.create(
            municipality=municipality,
            shop=shop,
            notification=notification,
            valid_from=valid_from,
            **_shop_values(data["shop"]),
        )
    return place


@transaction.atomic
def notify_trading(
    municipality,
    *,
    actor,
    received_on,
    trader,
    places,
    wholesale=False,
    retail=True,
    starts_on=None,
    reference="",
):
    """Register a notification of trading on receipt (it is no authority case): the
    trader (a dict, or a ``Trader`` already in the register), the registration with its
    register number, and each place (a dict; ``shop`` a dict for a shop). Returns the
    ``Trade``."""
    if not places:
        raise CommerceError(_("Give at least one place of trading."))
    if not (wholesale or retail):
        raise CommerceError(_("Say whether the trading is wholesale, retail or both."))
    starts_on = starts_on or received_on
    notification = _notification(
        municipality,
        NotificationKind.TRADING,
        actor=actor,
        received_on=received_on,
        effective_on=starts_on,
        reference=reference,
    )
    if isinstance(trader, Trader):
        if trader.municipality_id != municipality.pk:
            raise CommerceError(_("This trader is in another municipality's register."))
        found = trader
    else:
        kind, values = _trader_values(trader)
        found = Trader.objects.create(municipality=municipality, kind=kind)
        TraderVersion.objects.create(
            municipality=municipality,
            trader=found,
            notification=notification,
            valid_from=starts_on,
            **values,
        )
    try:
        with transaction.atomic():
            trade = Trade.objects.create(
                municipality=municipality,
                trader=found,
                register_number=_next_number(Trade, municipality, received_on.year),
                registered_on=received_on,
            )
    except IntegrityError as error:
        raise CommerceError(
            _("Two notifications were registered at once: send it again.")
        ) from error
    TradeVersion.objects.create(
        municipality=municipality,
        trade=trade,
        notification=notification,
        valid_from=starts_on,
        wholesale=bool(wholesale),
        retail=bool(retail),
    )
    for data in places:
        _add_place(municipality, trade, data, notification, starts_on)
    return trade


def _change(entry, kind, *, actor, received_on, effective_on, reference="", note="", **changes):
    notification = _notification(
        entry.municipality,
        kind,
        actor=actor,
        received_on=received_on,
        effective_on=effective_on,
        reference=reference,
        note=note,
    )
    return _supersede(entry, notification, effective_on, **changes)


@transaction.atomic
def change_trader(trader, *, actor, received_on, effective_on, reference="", **data):
    """A change of the trader's name, seat or identifiers (given fields only)."""
    previous = current(trader)
    merged = {
        "kind": trader.kind,
        **{field: getattr(previous, field, None) for field in data.keys() | _TRADER_FIELDS},
        **data,
    }
    _, values = _trader_values(merged)
    return _change(
        trader,
        NotificationKind.CHANGE,
        actor=actor,
        received_on=received_on,
        effective_on=effective_on,
        reference=reference,
        **{key: values[key] for key in data.keys() & values.keys()},
    )


_TRADER_FIELDS = {
    "name",
    "postal_code",
    "settlement",
    "street",
    "tax_number",
    "registration_number",
}


@transaction.atomic
def change_place(place, *, actor, received_on, effective_on, reference="", **data):
    """A change of a place's address, forms, areas, routes or product groups."""
    previous = current(place)
    merged = {field.name: getattr(previous, field.name) for field in previous._meta.concrete_fields}
    merged.update(data)
    values = _place_values(merged)
    return _change(
        place,
        NotificationKind.CHANGE,
        actor=actor,
        received_on=received_on,
        effective_on=effective_on,
        reference=reference,
        **{key: values[key] for key in data.keys() & values.keys()},
    )


@transaction.atomic
def change_shop(shop, *, actor, received_on, effective_on, reference="", **data):
    """A change of the shop's name, floor area, complaints book or title of use; the
    opening hours change through ``change_opening_hours``."""
    if "opening_hours" in data or "hours_exceptions" in data:
        raise CommerceError(_("Opening hours are changed by their own notification."))
    previous = current(shop)
    merged = {
        "name": previous.name,
        "floor_area": previous.floor_area,
        "use_title": previous.use_title,
        "complaints_book_number": previous.complaints_book_number,
        **data,
    }
    values = _shop_values(merged)
    return _change(
        shop,
        NotificationKind.CHANGE,
        actor=actor,
        received_on=received_on,
        effective_on=effective_on,
        reference=reference,
        **{key: values[key] for key in data.keys() & values.keys()},
    )


@transaction.atomic
def change_opening_hours(
    shop, *, actor, received_on, starts_on, opening_hours, ends_on=None, reference="", note=""
):
    """A change of the opening hours: for good (``ends_on`` empty) it becomes the shop's
    weekly hours from ``starts_on``; for a time (``starts_on``…``ends_on`` inclusive) it is
    recorded as an exception. A change of a week or more must arrive 8 days ahead; a
    shorter one need not be notified and may only shorten the registered hours."""
    hours.check_notice(received_on, starts_on, ends_on)
    new_hours = hours.normalise_hours(opening_hours)
    previous = current(shop)
    if previous is None or previous.status == Status.CLOSED:
        raise CommerceError(_("This register entry is closed: it cannot change any more."))
    if not hours.needs_notice(starts_on, ends_on) and not hours.within(
        new_hours, previous.opening_hours
    ):
        raise CommerceError(
            _(
                "A change shorter than a week may only shorten the registered opening "
                "hours; notify a longer change at least 8 days ahead."
            )
        )
    if ends_on is None:
        changes = {"opening_hours": new_hours}
        effective_on = starts_on
    else:
        exception = {
            "from": starts_on.isoformat(),
            "to": ends_on.isoformat(),
            "hours": new_hours,
            "note": note[:200],
        }
        changes = {"hours_exceptions": [*previous.hours_exceptions, exception]}
        # The exception is in the register from the day it arrived.
        effective_on = max(received_on, previous.valid_from)
    return _change(
        shop,
        NotificationKind.OPENING_HOURS,
        actor=actor,
        received_on=received_on,
        effective_on=effective_on,
        reference=reference,
        note=note,
        **changes,
    )


@transaction.atomic
def close_place(place, *, actor, received_on, closed_on, reference=""):
    """The end of trading at one place (and of its shop): the record stays, closed."""
    notification = _notification(
        place.municipality,
        NotificationKind.CLOSURE,
        actor=actor,
        received_on=received_on,
        effective_on=closed_on,
        reference=reference,
    )
    version = _supersede(place, notification, closed_on, status=Status.CLOSED)
    shop = Shop.objects.filter(municipality=place.municipality, place=place).first()
    if shop is not None:
        _supersede(shop, notification, closed_on, status=Status.CLOSED)
    return version


@transaction.atomic
def close_trade(trade, *, actor, received_on, closed_on, reference=""):
    """The end of a registration: every open place closes with it."""
    for place in Place.objects.for_municipality(trade.municipality).filter(trade=trade):
        if current(place).status != Status.CLOSED:
            close_place(place, actor=actor, received_on=received_on, closed_on=closed_on)
    notification = _notification(
        trade.municipality,
        NotificationKind.CLOSURE,
        actor=actor,
        received_on=received_on,
        effective_on=closed_on,
        reference=reference,
    )
    return _supersede(trade, notification, closed_on, status=Status.CLOSED)
