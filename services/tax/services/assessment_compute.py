"""Computing an assessment: every taxpayer's decision lines for a year, from one load of
the registers as they stood on 1 January.

The registers are read as tuples (``values_list``), not model instances — a city of
200,000 taxpayers has some 800,000 dated rows, and building model instances was most of
the time — in the same order and with the same choice of subjects as
``registers.state_on`` and ``decrees.object_states`` (``object_rows_on``; a test holds
the two equal). The tax of an object depends only on its category, zone, area, the
subject's share (and, where the decree has an age allowance, the subject's date of
birth), so ``annual_tax`` runs once per distinct combination, not once per object: a
city's dwellings repeat a few thousand combinations."""

import datetime
import hashlib
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from django.db.models import Sum
from django.utils.translation import gettext as _

from ..constants import ChargeOrigin, EntryKind, RuleKind, TaxpayerKind
from ..models import (
    AssessmentDecision,
    LedgerEntry,
    Ownership,
    PropertyDetails,
    TaxObject,
    TaxpayerDetails,
)
from ..models.registers import DatedModel
from .decrees import (
    PROPERTY_TAXES,
    SUBJECT_RIGHTS,
    DecreeRates,
    ObjectState,
    annual_tax,
    birth_date_from_tax_id,
    decree_in_force,
)
from .errors import TaxError

# One (object, subject) of the registers on a day: what its tax depends on.
# (tax object id, taxpayer id, tax type, share numerator, share denominator, property
# kind, use category, zone, area m², holder is a person, holder's tax id); the last seven
# are None for an object without a property (a business site, an accommodation).


def _rows(queryset, *fields):
    return queryset.values_list(*fields).iterator(chunk_size=20_000)


def object_rows_on(municipality, day, taxpayer_id=None):
    """Every (object, subject) of the municipality's registers on ``day`` as tuples (see
    above), in the order of ``object_states(state_on(...))``; with ``taxpayer_id`` only
    that taxpayer's (reading only the properties they hold a share of)."""
    on = DatedModel.on(day)
    scoped = {"municipality": municipality}
    ownerships = Ownership.objects.filter(on, **scoped)
    tax_objects = TaxObject.objects.filter(on, **scoped)
    properties = PropertyDetails.objects.filter(on, **scoped)
    if taxpayer_id is not None:
        # Every holder of those properties is read: a usufruct of another makes them the
        # subject instead of the owner (SUBJECT_RIGHTS).
        held = Ownership.objects.filter(on, holder=taxpayer_id, **scoped).values("property_id")
        ownerships = ownerships.filter(property_id__in=held)
        properties = properties.filter(property_id__in=held)
        tax_objects = tax_objects.filter(property_id__in=held) | tax_objects.filter(
            taxpayer=taxpayer_id
        )
    details = {
        row[0]: row[1:]
        for row in _rows(
            properties.order_by("valid_from"),
            "property_id",
            "kind",
            "use_category",
            "zone",
            "area_m2",
        )
    }
    holders = defaultdict(list)
    for row in _rows(
        ownerships.order_by("property_id", "pk"),
        "property_id",
        "holder_id",
        "right",
        "share_numerator",
        "share_denominator",
        "holder__kind",
        "holder__tax_id",
    ):
        holders[row[0]].append(row)
    found = []
    for pk, tax_type, property_id, owner_id in _rows(
        tax_objects.order_by("pk"), "pk", "tax_type", "property_id", "taxpayer_id"
    ):
        if tax_type in PROPERTY_TAXES and property_id is not None:
            kind_use_zone_area = details.get(property_id)
            if kind_use_zone_area is None:
                continue
            rows = holders.get(property_id, [])
            for rights in SUBJECT_RIGHTS:
                subjects = [row for row in rows if row[2] in rights]
                if subjects:
                    break
            for _p, holder_id, _r, numerator, denominator, holder_kind, tax_id in subjects:
                found.append(
                    (pk, holder_id, tax_type, numerator, denominator, *kind_use_zone_area)
                    + (holder_kind == TaxpayerKind.PERSON, tax_id)
                )
        elif owner_id is not None:
            found.append((pk, owner_id, tax_type) + (None,) * 8)
    if taxpayer_id is not None:
        found = [row for row in found if row[1] == taxpayer_id]
    return found


def object_state(row, day):
    """The ``ObjectState`` of a row of ``object_rows_on``."""
    pk, taxpayer_id, tax_type, numerator, denominator, kind, use, zone, area, person, tax_id = row
    if numerator is None:
        return ObjectState(tax_object_id=pk, taxpayer_id=taxpayer_id, tax_type=tax_type, day=day)
    return ObjectState(
        tax_object_id=pk,
        taxpayer_id=taxpayer_id,
        tax_type=tax_type,
        day=day,
        share=Fraction(numerator, denominator),
        property_kind=kind,
        use_category=use,
        zone=zone,
        area_m2=area,
        holder_is_person=person,
        holder_birth_date=birth_date_from_tax_id(tax_id) if person else None,
    )


def _tax_lines_json(result):
    return [
        {
            "kind": line.kind,
            "description": str(line.description),
            "amount": str(Decimal(line.amount).quantize(Decimal("0.01"))),
            "base": None if line.base is None else str(line.base),
            "unit": line.unit,
            "rate": None if line.rate is None else str(line.rate),
        }
        for line in result.lines
    ]


def fingerprint(lines):
    key = sorted((row["object"], row["tax_type"], row["share"], row["amount"]) for row in lines)
    return hashlib.sha256(repr(key).encode()).hexdigest()


class Computed:
    """Every taxpayer's lines and totals for a year, from one load of the registers."""

    def __init__(self, municipality, year, taxpayer=None):
        self.day = datetime.date(year, 1, 1)
        self.decree = decree_in_force(municipality, year)
        if self.decree is None:
            raise TaxError(
                _("No adopted rate decree is in force for %(year)s: adopt one first.")
                % {"year": year}
            )
        rates = DecreeRates.of(self.decree)
        # The date of birth matters only to an age allowance: without one it is left out of
        # the key, so that the people of a city share their results.
        by_birth = any(rule.kind == RuleKind.AGE_ALLOWANCE for rule in rates.rules)
        memo = {}
        self.lines = defaultdict(list)
        self.unmeasured = 0
        rows = object_rows_on(municipality, self.day, taxpayer.pk if taxpayer else None)
        for row in rows:
            if row[2] not in PROPERTY_TAXES:
                continue
            # The key: the row without the object and the subject, and without the tax id
            # unless the date of birth counts.
            key = row[2:10] + ((row[10] if row[9] else None),) if by_birth else row[2:10]
            cached = memo.get(key)
            if cached is None:
                state = object_state(row, self.day)
                result = annual_tax(state, rates)
                share = f"{state.share.numerator}/{state.share.denominator}"
                cached = memo[key] = (
                    result.measured,
                    share,
                    result.amount,
                    _tax_lines_json(result),
                )
            measured, share, amount, tax_lines = cached
            if not measured:
                # A percent rate needs the adjusted market value, which the register
                # does not keep: such an object is assessed by hand.
                self.unmeasured += 1
                continue
            # The line list is shared by the objects of one key: it is only ever read.
            self.lines[row[1]].append(
                {
                    "object": row[0],
                    "tax_type": row[2],
                    "share": share,
                    "amount": amount,
                    "lines": tax_lines,
                }
            )

    def of(self, taxpayer_id):
        lines = sorted(self.lines.get(taxpayer_id, []), key=lambda r: (r["tax_type"], r["object"]))
        totals = defaultdict(int)
        for row in lines:
            totals[row["tax_type"]] += row["amount"]
        return lines, {k: v for k, v in totals.items() if v}, fingerprint(lines)


def last_decisions(municipality, year, taxpayer=None):
    decisions = AssessmentDecision.objects.filter(municipality=municipality, year=year)
    if taxpayer is not None:
        decisions = decisions.filter(taxpayer=taxpayer)
    last = {}
    for taxpayer_id, sequence, digest in decisions.order_by("taxpayer_id", "sequence").values_list(
        "taxpayer_id", "sequence", "fingerprint"
    ):
        last[taxpayer_id] = {
            "taxpayer_id": taxpayer_id,
            "sequence": sequence,
            "fingerprint": digest,
        }
    return last


def booked(municipality, year, taxpayer=None):
    """{taxpayer id: {tax type: Ft}} booked by the assessments of the year, net of their
    credits and of what was reversed."""
    entries = LedgerEntry.objects.filter(
        municipality=municipality,
        origin=ChargeOrigin.ASSESSMENT,
        period_year=year,
        tax_type__in=PROPERTY_TAXES,
    )
    if taxpayer is not None:
        entries = entries.filter(taxpayer=taxpayer)
    reversed_ids = LedgerEntry.objects.filter(
        municipality=municipality, kind=EntryKind.REVERSAL, source__in=entries
    ).values("source_id")
    rows = (
        entries.filter(kind__in=[EntryKind.CHARGE, EntryKind.CREDIT])
        .exclude(pk__in=reversed_ids)
        .values_list("taxpayer_id", "tax_type")
        .annotate(total=Sum("signed_amount"))
        .order_by()
    )
    found = defaultdict(dict)
    for taxpayer_id, tax_type, total in rows:
        found[taxpayer_id][tax_type] = total
    return found


def current_details(municipality, day, taxpayer=None):
    """{taxpayer id: (name, delivery channel)} as they stand on the day of the decision."""
    details = TaxpayerDetails.objects.filter(DatedModel.on(day), municipality=municipality)
    if taxpayer is not None:
        details = details.filter(taxpayer=taxpayer)
    found = {}
    for taxpayer_id, family, given, channel in _rows(
        details.order_by("valid_from"),
        "taxpayer_id",
        "family_name",
        "given_names",
        "delivery_channel",
    ):
        found[taxpayer_id] = (_name(family, given), channel)
    return found


def _name(family, given):
    # TaxpayerDetails.name without building an instance per taxpayer.
    return " ".join(part for part in (family, given) if part)
