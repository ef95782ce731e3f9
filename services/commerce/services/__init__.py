"""The trade and industry register's façade: the operations views, commands and other
apps call. Nobody else writes this app's models, and other apps import from here (or the
app's ``models`` and ``constants``), never from the modules behind it.

Behind it, by responsibility: ``notifications`` (what changes the trade register:
trading, changes, opening hours, closure), ``industry`` (sites, accommodations,
licences), ``registers`` (versions, history, the checks of what a person sends),
``competence`` (which notary), ``hours`` (opening hours and the 8-day rule),
``catalogue`` (the decrees' lists as data) and ``public`` (the one decision of what the
public register shows).

Every function works inside one municipality: it takes the municipality, or a record that
belongs to one, and never reads or writes across municipalities."""

from . import desk, public, tax_links
from .catalogue import accommodation_kinds, industrial_activities, licence_products, product_groups
from .certificate import certificate_pdf, issue_certificate
from .competence import Competence, competent_municipality, municipality_of_settlement, route
from .errors import CommerceError
from .hours import NOTICE_DAYS, check_notice, latest_notice_day, needs_notice, normalise_hours
from .industry import grant_licence, register_accommodation, register_site
from .lookup import find_place, find_trade, trader_by_tax_number
from .notifications import (
    change_opening_hours,
    change_place,
    change_shop,
    change_trader,
    close_place,
    close_trade,
    notify_trading,
)
from .registers import current, history

__all__ = [
    "NOTICE_DAYS",
    "CommerceError",
    "Competence",
    "accommodation_kinds",
    "certificate_pdf",
    "find_place",
    "find_trade",
    "issue_certificate",
    "municipality_of_settlement",
    "route",
    "trader_by_tax_number",
    "change_opening_hours",
    "change_place",
    "change_shop",
    "change_trader",
    "check_notice",
    "close_place",
    "close_trade",
    "competent_municipality",
    "current",
    "desk",
    "grant_licence",
    "history",
    "industrial_activities",
    "latest_notice_day",
    "licence_products",
    "needs_notice",
    "normalise_hours",
    "notify_trading",
    "product_groups",
    "public",
    "register_accommodation",
    "register_site",
    "tax_links",
]

# The notary's procedures: licence cases with their sub-steps, the industrial
# notification's zoning check, and their decisions through the registry.
from . import procedure_rules, zoning  # noqa: E402
from .decisions import grant, notification_received, refuse, send_prohibition  # noqa: E402
from .procedures import (  # noqa: E402
    KIND_OF_FORM,
    add_request,
    blockers,
    case_of_submission,
    open_procedure,
    record_answer,
    record_inspection,
    schedule_inspection,
)

__all__ += [  # noqa: PLE0605
    "KIND_OF_FORM",
    "add_request",
    "blockers",
    "case_of_submission",
    "grant",
    "notification_received",
    "open_procedure",
    "procedure_rules",
    "record_answer",
    "record_inspection",
    "refuse",
    "schedule_inspection",
    "send_prohibition",
    "zoning",
]
