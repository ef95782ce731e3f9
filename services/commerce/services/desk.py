"""The trade officer's desk: the register search, the trader's card, the queue of
notifications to check and the statistics. Everything reads one municipality's register
(every query names it: related managers carry no tenant scope) and writes only the check.

Search and statistics read the *open* versions (the register as it stands); the card reads
every version, so the officer sees the history with the notification that caused each."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import Status, TradingForm
from ..models import (
    Accommodation,
    AccommodationVersion,
    IndustrialSite,
    LicenceVersion,
    Notification,
    OperatingLicence,
    Place,
    PlaceVersion,
    Shop,
    ShopVersion,
    SiteVersion,
    Trade,
    Trader,
    TraderVersion,
    TradeVersion,
)
from . import catalogue
from .errors import CommerceError

SEARCH_IN = ("all", "name", "registration_number", "tax_number", "address", "parcel_number")


def _open(model, municipality):
    return model.objects.filter(municipality=municipality, valid_to__isnull=True)


# -- search


@dataclass
class TraderRow:
    trader: Trader
    current: TraderVersion
    places: int = 0
    active_places: int = 0
    sites: int = 0

    @property
    def status(self):
        return Status.ACTIVE if self.active_places or self.sites else Status.CLOSED


def _digits(text):
    return "".join(ch for ch in text if ch.isdigit())


def search_traders(
    municipality, query="", *, search_in="all", trading_form="", status="", limit=None
):
    """The traders whose current data or open places match; each as a ``TraderRow``,
    by name. ``search_in`` narrows the query to one kind of datum."""
    query = (query or "").strip()[:100]
    traders = _open(TraderVersion, municipality).select_related("trader")
    places = _open(PlaceVersion, municipality).select_related("place__trade")
    if query:
        by_trader, by_place = Q(), Q()
        digits = _digits(query)
        if search_in in ("all", "name"):
            by_trader |= Q(name__icontains=query)
        if search_in in ("all", "registration_number") and digits:
            by_trader |= Q(registration_number__icontains=query) | Q(
                registration_number__icontains=digits
            )
        if search_in in ("all", "tax_number") and digits:
            # As typed, with or without the hyphens.
            by_trader |= Q(tax_number__icontains=query) | Q(tax_number__startswith=digits[:8])
        if search_in in ("all", "address"):
            for field_name in ("street", "settlement", "postal_code"):
                by_trader |= Q(**{f"{field_name}__icontains": query})
                by_place |= Q(**{f"{field_name}__icontains": query})
        if search_in in ("all", "parcel_number"):
            by_place |= Q(parcel_number__icontains=query)
        matched = set()
        if by_trader:
            matched |= set(traders.filter(by_trader).values_list("trader_id", flat=True))
        if by_place:
            matched |= set(
                places.filter(by_place).values_list("place__trade__trader_id", flat=True)
            )
        if search_in == "all":
            shops = _open(ShopVersion, municipality).filter(name__icontains=query)
            matched |= set(shops.values_list("shop__place__trade__trader_id", flat=True))
        traders = traders.filter(trader_id__in=matched)
    rows = {version.trader_id: TraderRow(version.trader, version) for version in traders}
    place_list = list(places.filter(place__trade__trader_id__in=rows))
    for version in place_list:
        row = rows[version.place.trade.trader_id]
        row.places += 1
        row.active_places += version.status == Status.ACTIVE
    for trader_id in (
        _open(SiteVersion, municipality)
        .filter(status=Status.ACTIVE, site__operator_id__in=rows)
        .values_list("site__operator_id", flat=True)
    ):
        rows[trader_id].sites += 1
    if trading_form:
        # The lists are filtered here, not in SQL: JSON containment differs between
        # PostgreSQL and the SQLite of `make run`.
        with_form = {v.place.trade.trader_id for v in place_list if trading_form in v.trading_forms}
        rows = {pk: row for pk, row in rows.items() if pk in with_form}
    result = sorted(rows.values(), key=lambda row: (row.current.name.casefold(), row.trader.pk))
    if status:
        result = [row for row in result if row.status == status]
    return result[:limit] if limit else result


# -- the trader's card


@dataclass
class Entry:
    """One register entry on the card: the identity, its current version and its history."""

    record: object
    current: object
    history: list
    children: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def closed(self):
        return self.current is not None and self.current.status == Status.CLOSED


def _versions(model, municipality, **lookup):
    return list(
        model.objects.filter(municipality=municipality, **lookup)
        .select_related("notification", "notification__checked_by")
        .order_by("valid_from", "pk")
    )


def _entry(record, versions, **extra):
    current = next((v for v in versions if v.valid_to is None), versions[-1] if versions else None)
    return Entry(record, current, versions, extra=extra)


def trader_card(trader):
    """Everything the register holds of one trader: its versions, each trading
    registration with its places (a shop with its hours and licences), its industrial
    sites and accommodations — closed ones too, each with its history."""
    municipality = trader.municipality
    groups = catalogue.product_groups()
    trades = []
    for trade in Trade.objects.for_municipality(municipality).filter(trader=trader).order_by("pk"):
        entry = _entry(trade, _versions(TradeVersion, municipality, trade=trade))
        for place in Place.objects.for_municipality(municipality).filter(trade=trade):
            versions = _versions(PlaceVersion, municipality, place=place)
            place_entry = _entry(place, versions)
            if place_entry.current is not None:
                place_entry.extra["forms"] = [
                    TradingForm(form).label for form in place_entry.current.trading_forms
                ]
                place_entry.extra["groups"] = [
                    f"{code} {groups.get(code, '')}".strip()
                    for code in place_entry.current.product_groups
                ]
            shop = Shop.objects.for_municipality(municipality).filter(place=place).first()
            if shop is not None:
                shop_entry = _entry(shop, _versions(ShopVersion, municipality, shop=shop))
                licences = OperatingLicence.objects.for_municipality(municipality).filter(shop=shop)
                shop_entry.children = [
                    _entry(licence, _versions(LicenceVersion, municipality, licence=licence))
                    for licence in licences.order_by("granted_on", "pk")
                ]
                place_entry.extra["shop"] = shop_entry
            entry.children.append(place_entry)
        trades.append(entry)
    sites = [
        _entry(site, _versions(SiteVersion, municipality, site=site))
        for site in IndustrialSite.objects.for_municipality(municipality)
        .filter(operator=trader)
        .order_by("pk")
    ]
    activities = catalogue.industrial_activities()
    for site in sites:
        if site.current is not None:
            site.extra["activity"] = activities.get(site.current.activity, {}).get("name", "")
    accommodations = [
        _entry(item, _versions(AccommodationVersion, municipality, accommodation=item))
        for item in Accommodation.objects.for_municipality(municipality)
        .filter(operator=trader)
        .order_by("pk")
    ]
    kinds = catalogue.accommodation_kinds()
    for item in accommodations:
        if item.current is not None:
            item.extra["kind"] = kinds.get(item.current.kind, item.current.kind)
    return {
        "trader": _entry(trader, _versions(TraderVersion, municipality, trader=trader)),
        "trades": trades,
        "sites": sites,
        "accommodations": accommodations,
    }


def current_trader_version(trader):
    return _open(TraderVersion, trader.municipality).filter(trader=trader).first()


# -- the queue of notifications to check


# Which versions a notification may have written, and how to reach their trader.
_TOUCHES = (
    (TraderVersion, "trader_id"),
    (TradeVersion, "trade__trader_id"),
    (PlaceVersion, "place__trade__trader_id"),
    (ShopVersion, "shop__place__trade__trader_id"),
    (LicenceVersion, "licence__shop__place__trade__trader_id"),
    (SiteVersion, "site__operator_id"),
    (AccommodationVersion, "accommodation__operator_id"),
)


def traders_of(municipality, notifications):
    """``{notification id: trader id}``: the trader whose register a notification changed."""
    ids = [n.pk for n in notifications]
    found = {}
    for model, path in _TOUCHES:
        rows = model.objects.filter(municipality=municipality, notification_id__in=ids)
        for notification_id, trader_id in rows.values_list("notification_id", path):
            found.setdefault(notification_id, trader_id)
    return found


def new_entries_of(municipality, notifications):
    """``{notification id: {"shops", "sites", "accommodations"}}``: the entries a
    notification brought into the register (the first version of each), for the tax
    prompts next to it in the queue."""
    ids = [n.pk for n in notifications]
    found = {pk: {"shops": [], "sites": [], "accommodations": []} for pk in ids}
    for model, key, entry_field in (
        (ShopVersion, "shops", "shop_id"),
        (SiteVersion, "sites", "site_id"),
        (AccommodationVersion, "accommodations", "accommodation_id"),
    ):
        rows = model.objects.filter(municipality=municipality, notification_id__in=ids)
        for notification_id, entry_id in rows.values_list("notification_id", entry_field):
            first = (
                model.objects.filter(municipality=municipality, **{entry_field: entry_id})
                .order_by("valid_from", "pk")
                .values_list("notification_id", flat=True)
                .first()
            )
            if first == notification_id:
                found[notification_id][key].append(entry_id)
    return found


def unchecked(municipality):
    """The notifications not checked yet, oldest first: the officer's queue."""
    return (
        Notification.objects.for_municipality(municipality)
        .filter(checked_at__isnull=True)
        .select_related("recorded_by")
        .order_by("received_on", "pk")
    )


@transaction.atomic
def check_notification(notification, *, actor, note=""):
    """The officer's check of a registered notification: who, when and what they noted,
    written once (a second check is refused) and put on the audit log."""
    locked = (
        Notification.objects.select_for_update()
        .filter(municipality=notification.municipality_id, pk=notification.pk)
        .first()
    )
    if locked is None:
        raise CommerceError(_("This notification is not in the register."))
    if locked.checked_at is not None:
        raise CommerceError(_("This notification has already been checked."))
    user = getattr(actor, "user", None)
    locked.checked_at = timezone.now()
    locked.checked_by = user if getattr(user, "is_authenticated", False) else None
    locked.check_note = (note or "").strip()[:300]
    locked.save(update_fields=["checked_at", "checked_by", "check_note"])
    from wagtail.log_actions import log

    log(
        instance=locked,
        action="commerce.check",
        user=locked.checked_by,
        data={"note": locked.check_note, "kind": locked.kind},
    )
    return locked


# -- statistics


@dataclass
class Statistics:
    day: datetime.date
    shops: int
    by_form: list
    by_group: list
    per_month: list


def _months_back(day, count):
    year, month = day.year, day.month
    months = []
    for _index in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def statistics(municipality, day=None, months=12):
    """Active shops by trading form and by product group (the register as it stands on
    ``day``), and notifications received per month for the last ``months`` months."""
    day = day or timezone.localdate()
    active_shops = ShopVersion.objects.filter(
        ShopVersion.on(day), municipality=municipality, status=Status.ACTIVE
    ).values_list("shop__place_id", flat=True)
    places = list(
        PlaceVersion.objects.filter(
            PlaceVersion.on(day),
            municipality=municipality,
            status=Status.ACTIVE,
            place_id__in=list(active_shops),
        )
    )
    by_form, by_group = Counter(), Counter()
    for version in places:
        by_form.update(set(version.trading_forms))
        by_group.update(set(version.product_groups))
    groups = catalogue.product_groups()
    span = _months_back(day, months)
    first = datetime.date(*span[0], 1)
    counts = Counter(
        (received.year, received.month)
        for received in Notification.objects.for_municipality(municipality)
        .filter(received_on__gte=first, received_on__lte=day)
        .values_list("received_on", flat=True)
    )
    return Statistics(
        day=day,
        shops=len(places),
        by_form=[
            (TradingForm(form).label, by_form[form]) for form in TradingForm.values if by_form[form]
        ],
        by_group=[
            (f"{code} {groups.get(code, '')}".strip(), count)
            for code, count in sorted(by_group.items(), key=lambda item: (-item[1], item[0]))
        ],
        per_month=[(datetime.date(year, month, 1), counts[(year, month)]) for year, month in span],
    )
