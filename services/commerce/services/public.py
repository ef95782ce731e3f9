"""What the public register shows: the one place that decides it.

The register is public except for the data that identify a natural person (210/2009;
OKNYIR's notice: "the registers' content, except the data identifying natural persons,
is accessible to anyone"). So an entry is built from an ALLOW-list of fields: a sole
trader's or small producer's home address, birth name, place and date of birth and
mother's name are never read here, their tax number is left out, and a seat that is the
trader's home shows only its settlement. The website's page, its CSV and JSON downloads
and (next) the open API and the search index all take their entries from here."""

import csv
import datetime
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..constants import Status, TraderKind, TradingForm
from ..models import (
    IndustrialSite,
    Place,
    PlaceVersion,
    Shop,
    ShopVersion,
    SiteVersion,
    TraderVersion,
)
from . import catalogue

TRADE = "kereskedelem"
SITES = "telep"
REGISTERS = (TRADE, SITES)
# The columns of the CSV download and the keys of the JSON, in order: the schema of the
# export (documented in docs/commerce-register-export.md); add, never rename.
COLUMNS = (
    "register",
    "id",
    "register_number",
    "registered_on",
    "status",
    "since",
    "trader_name",
    "trader_kind",
    "seat",
    "registration_number",
    "statistical_number",
    "tax_number",
    "address",
    "parcel_number",
    "trading_forms",
    "areas",
    "routes",
    "product_groups",
    "shop_name",
    "floor_area",
    "opening_hours",
    "activity",
    "teaor_code",
    "regime",
    "opening_hours_exceptions",
)
DAYS = ("H", "K", "Sze", "Cs", "P", "Szo", "V")


@dataclass
class RegisterFilter:
    register: str = TRADE
    query: str = ""
    trading_form: str = ""
    product_group: str = ""
    status: str = ""
    street: str = ""

    @classmethod
    def from_query(cls, data):
        """From a request's GET: anything unknown is ignored, never an error."""
        register = data.get("nyilvantartas", TRADE)
        form = data.get("forma", "")
        group = data.get("termekkor", "")
        status = data.get("allapot", "")
        return cls(
            register=register if register in REGISTERS else TRADE,
            query=str(data.get("q", ""))[:100].strip(),
            trading_form=form if form in TradingForm.values else "",
            product_group=group if group in catalogue.product_groups() else "",
            status=status if status in Status.values else "",
            street=str(data.get("utca", ""))[:100].strip(),
        )

    def query_string(self):
        from urllib.parse import urlencode

        pairs = {
            "nyilvantartas": self.register,
            "q": self.query,
            "forma": self.trading_form,
            "termekkor": self.product_group,
            "allapot": self.status,
            "utca": self.street,
        }
        return urlencode({key: value for key, value in pairs.items() if value})


def _seat(trader_version):
    if trader_version.seat_is_home and trader_version.trader.kind != TraderKind.COMPANY:
        return trader_version.settlement
    return trader_version.address


def _trader_fields(version):
    natural = version.trader.kind != TraderKind.COMPANY
    return {
        "trader_name": version.name,
        "trader_kind": version.trader.get_kind_display(),
        "seat": _seat(version),
        "registration_number": version.registration_number,
        "statistical_number": version.statistical_number,
        # A person's tax number identifies them: only an organisation's is shown.
        "tax_number": "" if natural else version.tax_number,
    }


def format_hours(hours):
    """``H 08:00–18:00, K …``; days without hours are left out."""
    parts = []
    for day, label in enumerate(DAYS):
        spans = hours.get(str(day))
        if spans:
            parts.append(f"{label} " + ", ".join(f"{a}–{b}" for a, b in spans))
    return "; ".join(parts)


def format_exceptions(exceptions, today=None):
    """The notified temporary changes that have not ended yet: ``2026-12-24–2026-12-31:
    H 08:00–12:00`` (closed when no hours)."""
    today = (today or datetime.date.today()).isoformat()
    return "; ".join(
        f"{item['from']}–{item['to']}: {format_hours(item.get('hours') or {}) or _('closed')}"
        for item in exceptions
        if item.get("to", "") >= today
    )


def _open_version(model, **lookup):
    return model.objects.filter(valid_to__isnull=True, **lookup)


def _trade_entries(municipality, filters):
    versions = (
        _open_version(PlaceVersion, municipality=municipality)
        .select_related("place__trade__trader")
        .order_by("place__trade__registered_on", "place_id")
    )
    if filters.status:
        versions = versions.filter(status=filters.status)
    if filters.street:
        versions = versions.filter(street__icontains=filters.street)
    # The lists are filtered here, not in SQL: JSON containment differs between
    # PostgreSQL and the SQLite of `make run`.
    versions = [
        version
        for version in versions
        if (not filters.trading_form or filters.trading_form in version.trading_forms)
        and (not filters.product_group or filters.product_group in version.product_groups)
    ]
    trader_ids = {version.place.trade.trader_id for version in versions}
    traders = {
        version.trader_id: version
        for version in _open_version(TraderVersion, municipality=municipality)
        .filter(trader_id__in=trader_ids)
        .select_related("trader")
    }
    shops = {
        version.shop.place_id: version
        for version in _open_version(ShopVersion, municipality=municipality).select_related("shop")
    }
    groups = catalogue.product_groups()
    entries = []
    for version in versions:
        trade = version.place.trade
        shop = shops.get(version.place_id)
        entry = {
            "register": TRADE,
            "id": version.place_id,
            "register_number": trade.register_number,
            "registered_on": trade.registered_on.isoformat(),
            "status": version.status,
            "since": version.valid_from.isoformat(),
            **_trader_fields(traders[trade.trader_id]),
            "address": version.address,
            "parcel_number": version.parcel_number,
            # Plain strings, not lazy labels: the API's schemas and the JSON take them as they are.
            "trading_forms": [str(TradingForm(form).label) for form in version.trading_forms],
            "areas": version.areas,
            "routes": version.routes,
            "product_groups": [
                f"{code} {groups.get(code, '')}".strip() for code in version.product_groups
            ],
            "shop_name": shop.name if shop else "",
            "floor_area": shop.floor_area if shop else None,
            "opening_hours": format_hours(shop.opening_hours) if shop else "",
            "activity": "",
            "teaor_code": "",
            "regime": "",
            "opening_hours_exceptions": format_exceptions(shop.hours_exceptions) if shop else "",
        }
        entries.append(entry)
    return _search(entries, filters.query, ("trader_name", "shop_name", "address"))


def _site_entries(municipality, filters):
    versions = (
        _open_version(SiteVersion, municipality=municipality)
        .select_related("site__operator")
        .order_by("site__registered_on", "site_id")
    )
    if filters.status:
        versions = versions.filter(status=filters.status)
    if filters.street:
        versions = versions.filter(street__icontains=filters.street)
    versions = list(versions)
    traders = {
        version.trader_id: version
        for version in _open_version(TraderVersion, municipality=municipality)
        .filter(trader_id__in={version.site.operator_id for version in versions})
        .select_related("trader")
    }
    activities = catalogue.industrial_activities()
    entries = []
    for version in versions:
        site = version.site
        activity = activities.get(version.activity, {})
        entries.append(
            {
                "register": SITES,
                "id": site.pk,
                "register_number": site.register_number,
                "registered_on": site.registered_on.isoformat(),
                "status": version.status,
                "since": version.valid_from.isoformat(),
                **_trader_fields(traders[site.operator_id]),
                "address": version.address,
                "parcel_number": version.parcel_number,
                "trading_forms": [],
                "areas": [],
                "routes": [],
                "product_groups": [],
                "shop_name": version.name,
                "floor_area": None,
                "opening_hours": format_hours(version.opening_hours),
                "activity": f"{version.activity} {activity.get('name', '')}".strip(),
                "teaor_code": version.teaor_code,
                "regime": version.get_regime_display(),
                "opening_hours_exceptions": "",
            }
        )
    return _search(entries, filters.query, ("trader_name", "shop_name", "address"))


def _search(entries, query, keys):
    if not query:
        return entries
    needle = query.casefold()
    return [entry for entry in entries if any(needle in str(entry[key]).casefold() for key in keys)]


def register_entries(municipality, filters=None):
    """The public entries of one municipality's register (trade or sites), current state,
    closed ones included (a closure is public too)."""
    filters = filters or RegisterFilter()
    if filters.register == SITES:
        return _site_entries(municipality, filters)
    return _trade_entries(municipality, filters)


def register_entry(municipality, register, pk):
    """One public entry with its history of changes and closures, or None."""
    if register == TRADE:
        place = Place.objects.for_municipality(municipality).filter(pk=pk).first()
        if place is None:
            return None
        entries = [e for e in _trade_entries(municipality, RegisterFilter()) if e["id"] == pk]
        versions = list(
            place.versions.filter(municipality=municipality).select_related("notification")
        )
        shop = Shop.objects.filter(municipality=municipality, place=place).first()
        if shop is not None:
            versions += list(
                shop.versions.filter(municipality=municipality).select_related("notification")
            )
    elif register == SITES:
        site = IndustrialSite.objects.for_municipality(municipality).filter(pk=pk).first()
        if site is None:
            return None
        entries = [
            e for e in _site_entries(municipality, RegisterFilter(register=SITES)) if e["id"] == pk
        ]
        versions = list(
            site.versions.filter(municipality=municipality).select_related("notification")
        )
    else:
        return None
    if not entries:
        return None
    return {**entries[0], "history": public_history(versions)}


def public_history(versions):
    """The dated events of an entry: what kind of notification, when it took effect and
    when it arrived; never who recorded it or the notification's free text."""
    seen = {}
    for version in sorted(versions, key=lambda v: (v.valid_from, v.notification_id)):
        notification = version.notification
        seen.setdefault(
            notification.pk,
            {
                "effective_on": version.valid_from.isoformat(),
                "received_on": notification.received_on.isoformat(),
                "event": notification.get_kind_display()
                if version.status != Status.CLOSED
                else _("Closure"),
                "status": version.status,
            },
        )
    return list(seen.values())


def filter_choices(municipality):
    return {
        "registers": ((TRADE, _("Traders and shops")), (SITES, _("Industrial sites"))),
        "trading_forms": TradingForm.choices,
        "product_groups": list(catalogue.product_groups().items()),
        "statuses": Status.choices,
    }


def as_json(entries):
    return {
        "schema": "varoshaza.commerce.register/1",
        "columns": list(COLUMNS),
        "entries": [{key: entry[key] for key in COLUMNS} for entry in entries],
    }


def _cell(value):
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return "" if value is None else str(value)


def as_csv(entries):
    buffer = io.StringIO()
    # A BOM so that spreadsheet programs read the accented letters as UTF-8.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow([_cell(entry[key]) for key in COLUMNS])
    return buffer.getvalue()
