"""The public register's entries in the site and portal search (issue #18).

An entry is searchable as the public serializer (``services.public``) shows it and only
so: the record's text is built from the entry it returns — the trader's public name, the
seat it shows (a sole trader's home only as its settlement), the shop, its address, the
activity and the product groups — never from the models, so nothing that identifies a
natural person can reach the index."""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sites.models import Municipality
from sites.searchables import Record, RecordKind, Scope, public_pages, records_changed

KIND = "register"
TEXT_KEYS = ("trader_name", "seat", "shop_name", "address", "activity", "register_number")
LIST_KEYS = ("product_groups", "trading_forms")


class RegisterKind(RecordKind):
    name = KIND
    label = _("Trade and industry register")
    order = 70
    date_field = "date"

    def records(self, municipality):
        from .models import PublicRegisterPage
        from .services import public

        page = public_pages(PublicRegisterPage.objects.all(), Scope.for_municipality(municipality))
        page = page.order_by("path").first()
        if page is None:
            # No public page to open an entry on: nothing to find either.
            return []
        base = page.get_url(current_site=municipality.site) or page.url
        records = []
        for register in public.REGISTERS:
            filters = public.RegisterFilter(register=register)
            for entry in public.register_entries(municipality, filters):
                records.append(_record(entry, register, base, page))
        return records


def _record(entry, register, base, page):
    title = entry["shop_name"] or entry["trader_name"]
    if entry["shop_name"] and entry["trader_name"]:
        title = f"{entry['shop_name']} ({entry['trader_name']})"
    words = [str(entry[key]) for key in TEXT_KEYS if entry.get(key)]
    for key in LIST_KEYS:
        words.extend(str(item) for item in entry.get(key) or [])
    path = page.reverse_subpage("entry", kwargs={"register": register, "pk": entry["id"]})
    return Record(
        key=f"{register}:{entry['id']}",
        title=title,
        text=" · ".join(words),
        url=f"{base.rstrip('/')}/{path}",
        date=datetime.date.fromisoformat(entry["registered_on"]),
    )


def register_changed(municipality):
    """The register of ``municipality`` changed: the search layer refreshes its records
    once the change is committed — once, however many changes the transaction made (a
    rolled back transaction drops its callbacks, so nothing is left pending)."""
    if not isinstance(municipality, Municipality):
        return
    connection = transaction.get_connection()
    queued = (callback for _ids, callback, _robust in connection.run_on_commit)
    if any(getattr(callback, "search_refresh", None) == municipality.pk for callback in queued):
        return

    def refresh():
        records_changed(KIND, municipality)

    refresh.search_refresh = municipality.pk
    transaction.on_commit(refresh)
