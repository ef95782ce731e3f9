"""What the tax officer's workspace reads: the taxpayer search, the taxpayer card (details
with their history, representations, holdings, tax objects, the account of each tax type
with its running balance) and the receipts report. Read only; every query inside one
municipality."""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from ..constants import EntryKind, TaxpayerKind
from ..models import (
    CollectionAccount,
    LedgerEntry,
    Ownership,
    PropertyDetails,
    Representation,
    TaxObject,
    Taxpayer,
    TaxpayerDetails,
)
from .errors import TaxError
from .ledger import statement
from .registers import normalise_identifier

# The fields of the one search box: the officer may narrow it to one of them.
SEARCH_FIELDS = ("name", "identifier", "parcel", "address")


def _identifier_matches(query):
    """The taxpayers' identifiers the query may mean: the normalised adóazonosító jel or
    adószám if it is one, otherwise its digits as typed (a part of one)."""
    values = []
    for kind, field_name in (
        (TaxpayerKind.PERSON, "tax_id"),
        (TaxpayerKind.ORGANISATION, "tax_number"),
    ):
        try:
            values.append(Q(**{field_name: normalise_identifier(kind, query)}))
        except TaxError:
            continue
    if values:
        condition = Q()
        for value in values:
            condition |= value
        return condition
    digits = re.sub(r"\D", "", query)
    # A typed part of a number: at least four digits, so "1" does not list everybody.
    if len(digits) < 4 or len(digits) * 2 < len(re.sub(r"\s", "", query)):
        return None
    # Tax numbers are stored as NNNNNNNN-N-NN: their digits match a part typed without
    # hyphens only through the hyphen-free forms.
    condition = Q(tax_id__contains=digits)
    for cut in range(len(digits) + 1):
        shaped = _as_tax_number(digits, cut)
        if shaped:
            condition |= Q(tax_number__contains=shaped)
    return condition


def _as_tax_number(digits, start):
    """``digits`` as they stand in a tax number when they begin at digit ``start``."""
    if start > 10:
        return None
    shaped = ""
    for position, digit in enumerate(digits, start=start):
        if position >= 11:
            return None
        if position in (8, 9) and shaped and position != start:
            shaped += "-"
        shaped += digit
    return shaped


def search_taxpayers(municipality, query="", *, search_in="", kind="", tax_type="", day=None):
    """The municipality's taxpayers matching ``query`` in their current name, identifier,
    the parcel numbers they hold or operate, or an address (theirs or their property's);
    ``search_in`` narrows it to one of SEARCH_FIELDS. Ordered by current name."""
    day = day or datetime.date.today()
    taxpayers = Taxpayer.objects.for_municipality(municipality)
    query = " ".join(query.split())[:100]
    if query:
        details = TaxpayerDetails.objects.for_municipality(municipality).filter(
            TaxpayerDetails.on(day)
        )
        # Each way of matching gives a column of taxpayer ids, and the taxpayers are those
        # of their UNION: every arm is read through its own index (trigram indexes for
        # the names and addresses, tax.0013), where ORed "pk IN (…)" conditions made
        # PostgreSQL walk every taxpayer testing each arm (benchmarks/api_lists.py).
        arms = []
        if search_in in ("", "name"):
            words = query.split()
            named = details
            for word in words:
                named = named.filter(
                    Q(family_name__icontains=word) | Q(given_names__icontains=word)
                )
            arms.append(named.values("taxpayer_id"))
        if search_in in ("", "identifier"):
            identifier = _identifier_matches(query)
            if identifier is not None:
                arms.append(
                    Taxpayer.objects.for_municipality(municipality).filter(identifier).values("pk")
                )
        if search_in in ("", "parcel"):
            parcel = query.replace(" ", "")
            arms.append(
                Ownership.objects.for_municipality(municipality)
                .filter(Ownership.on(day), property__parcel_number__iexact=parcel)
                .values("holder_id")
            )
            arms.append(
                TaxObject.objects.for_municipality(municipality)
                .filter(TaxObject.on(day), property__parcel_number__iexact=parcel)
                .values("taxpayer_id")
            )
        if search_in in ("", "address"):
            addressed = details.filter(
                Q(address_line__icontains=query)
                | Q(settlement__icontains=query)
                | Q(postal_code=query)
            )
            properties = (
                PropertyDetails.objects.for_municipality(municipality)
                .filter(PropertyDetails.on(day), address__icontains=query)
                .values("property_id")
            )
            arms.append(addressed.values("taxpayer_id"))
            arms.append(
                Ownership.objects.for_municipality(municipality)
                .filter(Ownership.on(day), property_id__in=properties)
                .values("holder_id")
            )
        if not arms:
            return taxpayers.none()
        arms = [arm.order_by() for arm in arms]
        taxpayers = taxpayers.filter(pk__in=arms[0].union(*arms[1:]))
    if kind in TaxpayerKind.values:
        taxpayers = taxpayers.filter(kind=kind)
    if tax_type:
        taxpayers = taxpayers.filter(
            Q(
                pk__in=LedgerEntry.objects.for_municipality(municipality)
                .filter(tax_type=tax_type)
                .values("taxpayer_id")
            )
            | Q(
                pk__in=TaxObject.objects.for_municipality(municipality)
                .filter(tax_type=tax_type)
                .values("taxpayer_id")
            )
            # A property's tax falls on those who hold it (Htv.), not on an operator.
            | Q(
                pk__in=Ownership.objects.for_municipality(municipality)
                .filter(
                    Ownership.on(day),
                    property_id__in=TaxObject.objects.for_municipality(municipality)
                    .filter(TaxObject.on(day), tax_type=tax_type)
                    .values("property_id"),
                )
                .values("holder_id")
            )
        )
    return taxpayers.order_by("pk")


def current_details(municipality, taxpayers, day=None):
    """{taxpayer id: details in force on ``day``} for a page of taxpayers (or their ids),
    in one query."""
    day = day or datetime.date.today()
    rows = (
        TaxpayerDetails.objects.for_municipality(municipality)
        .filter(TaxpayerDetails.on(day), taxpayer__in=[getattr(t, "pk", t) for t in taxpayers])
        .order_by("valid_from", "pk")
    )
    return {row.taxpayer_id: row for row in rows}


@dataclass
class AccountLine:
    entry: LedgerEntry
    balance: int
    # The charge's unpaid part today, and whether it is past its due date.
    open_amount: int = 0
    overdue: bool = False
    due_soon: bool = False


@dataclass
class Account:
    tax_type: str
    label: str
    lines: list = field(default_factory=list)
    balance_today: int = 0
    overdue: int = 0


@dataclass
class TaxpayerCard:
    taxpayer: Taxpayer
    details: TaxpayerDetails | None
    history: list
    represented_by: list
    represents: list
    holdings: list
    tax_objects: list
    accounts: list
    names: dict


def taxpayer_card(taxpayer, *, day=None, due_window=30):
    """Everything of one taxpayer the officer's card shows, as of ``day`` (today)."""
    from .ledger import account_state

    day = day or datetime.date.today()
    municipality = taxpayer.municipality_id
    history = list(
        TaxpayerDetails.objects.for_municipality(municipality)
        .filter(taxpayer=taxpayer)
        .order_by("-valid_from", "-pk")
    )
    current = next(
        (r for r in history if r.valid_from <= day and (r.valid_to is None or r.valid_to > day)),
        None,
    )
    representations = Representation.objects.for_municipality(municipality).order_by(
        "-valid_from", "pk"
    )
    represented_by = list(representations.filter(taxpayer=taxpayer))
    represents = list(representations.filter(representative=taxpayer))
    holdings = list(
        Ownership.objects.for_municipality(municipality)
        .filter(holder=taxpayer)
        .select_related("property")
        .order_by("-valid_from", "pk")
    )
    property_ids = {row.property_id for row in holdings}
    tax_objects = list(
        TaxObject.objects.for_municipality(municipality)
        .filter(Q(taxpayer=taxpayer) | Q(property_id__in=property_ids))
        .select_related("property")
        .order_by("tax_type", "-valid_from", "pk")
    )
    property_details = {}
    for row in (
        PropertyDetails.objects.for_municipality(municipality)
        .filter(PropertyDetails.on(day), property_id__in=property_ids)
        .order_by("valid_from", "pk")
    ):
        property_details[row.property_id] = row
    for holding in holdings:
        holding.current_details = property_details.get(holding.property_id)
        holding.current = holding.valid_from <= day and (
            holding.valid_to is None or holding.valid_to > day
        )
    other_ids = {r.representative_id for r in represented_by} | {r.taxpayer_id for r in represents}
    names = {pk: row.name for pk, row in current_details(municipality, other_ids, day).items()}
    for row in represented_by:
        row.other_name = names.get(row.representative_id, "")
    for row in represents:
        row.other_name = names.get(row.taxpayer_id, "")
    state = account_state(taxpayer)
    open_amounts = {charge.pk: state.open_amount(charge) for charge in state.open_charges()}
    tax_types = (
        LedgerEntry.objects.for_municipality(municipality)
        .filter(taxpayer=taxpayer)
        .values_list("tax_type", flat=True)
        .distinct()
        .order_by("tax_type")
    )
    accounts = []
    soon = day + datetime.timedelta(days=due_window)
    for tax_type in tax_types:
        account = Account(tax_type, LedgerEntry(tax_type=tax_type).get_tax_type_display())
        for line in statement(taxpayer, tax_type):
            entry = line.entry
            shown = AccountLine(entry, line.running_balance)
            if entry.kind == EntryKind.CHARGE and entry.pk in open_amounts:
                shown.open_amount = open_amounts[entry.pk]
                shown.overdue = entry.due_on is not None and entry.due_on < day
                shown.due_soon = (
                    not shown.overdue and entry.due_on is not None and (entry.due_on <= soon)
                )
                if shown.overdue:
                    account.overdue += shown.open_amount
            if entry.booked_on <= day:
                account.balance_today = line.running_balance
            account.lines.append(shown)
        accounts.append(account)
    return TaxpayerCard(
        taxpayer=taxpayer,
        details=current,
        history=history,
        represented_by=represented_by,
        represents=represents,
        holdings=holdings,
        tax_objects=tax_objects,
        accounts=accounts,
        names=names,
    )


def receipts(municipality, since, until):
    """The money received in ``since``..``until`` (booking days, both included), per tax
    type and the collection account it is paid to: rows of (tax type, tax type label,
    account number, number of payments, Ft), reversed payments left out."""
    entries = LedgerEntry.objects.for_municipality(municipality)
    reversed_ids = entries.filter(kind=EntryKind.REVERSAL).values("source_id")
    rows = (
        entries.filter(kind=EntryKind.PAYMENT, booked_on__gte=since, booked_on__lte=until)
        .exclude(pk__in=reversed_ids)
        .values("tax_type")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("tax_type")
    )
    accounts = dict(
        CollectionAccount.objects.for_municipality(municipality).values_list("tax_type", "giro")
    )
    return [
        (
            row["tax_type"],
            LedgerEntry(tax_type=row["tax_type"]).get_tax_type_display(),
            accounts.get(row["tax_type"], ""),
            row["count"],
            row["total"],
        )
        for row in rows
    ]


def remove_decree_part(decree, model, pk):
    """Take a rate line or a rule off a draft decree; the lines after a removed line move
    up, so the check's "line N" stays the line's place in the list."""
    from django.db import transaction

    from ..models import DecreeLine
    from .decrees import _require_draft

    _require_draft(decree)
    with transaction.atomic():
        part = model.objects.filter(municipality=decree.municipality_id, decree=decree, pk=pk)
        if not part.exists():
            raise TaxError(_("The line or rule is no longer in the decree."))
        part.get().delete()
        if model is DecreeLine:
            lines = DecreeLine.objects.filter(municipality=decree.municipality_id, decree=decree)
            for position, line in enumerate(lines.order_by("position", "pk"), start=1):
                if line.position != position:
                    lines.filter(pk=line.pk).update(position=position)
