"""Late-payment interest (késedelmi pótlék), Art. 206–209. §.

Per charge, from the day after its due date to the day of payment (that day included), on
the part still unpaid each day, at a daily rate of (central bank base rate valid that day
+ 5 percentage points) / 365, the daily rate truncated to three decimals (as a percentage:
0.031 % for a 6.50 % base rate). The periods split wherever the base rate changes
(``data/tax/base_rates.json``) and wherever a payment reduces what is unpaid. No interest
on interest: the interest account bears none (constants.TAX_TYPE_RULES).

``calculate`` returns the lines (period, days, principal, base rate, daily rate, amount) so
that every figure can be checked by hand; ``book_interest`` books the difference between
what is due to date and what was booked before, to the interest account, so a re-run books
nothing twice. The exact unit of the truncation and the rounding of the total to whole
forints are ``rules.json`` "interest" (marked there as an interpretation)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor

from ..constants import SOURCE_KINDS, TAX_TYPE_RULES, ChargeOrigin, EntryKind, TaxType
from ..models import LedgerEntry, Taxpayer
from ..rules import base_rates, rules
from .bulk_rows import insert_rows, uses_copy
from .errors import TaxError
from .ledger import AccountState, settle

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class InterestLine:
    start: datetime.date
    end: datetime.date  # inclusive
    days: int
    principal: int
    base_rate: Decimal  # percent a year
    base_rate_confirmed: bool
    daily_rate: Decimal  # percent a day, truncated
    amount: Decimal  # exact: principal × daily rate / 100 × days


@dataclass
class InterestCalculation:
    charge: LedgerEntry
    until: datetime.date
    lines: list = field(default_factory=list)

    @property
    def exact_total(self):
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def total(self):
        """Whole forints (rules.json "interest": half a forint and up rounds up)."""
        return int(self.exact_total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def daily_rate(base_percent):
    """Art. 209. §: (base rate + 5 points) / 365, truncated to three decimals."""
    config = rules()["interest"]
    yearly = Decimal(base_percent) + Decimal(config["surcharge_percentage_points"])
    quantum = Decimal(1).scaleb(-int(config["daily_rate_decimals"]))
    if config.get("daily_rate_unit", "percent") == "percent":
        return (yearly / Decimal(config["days_in_year"])).quantize(quantum, rounding=ROUND_DOWN)
    # The rate as a fraction truncated, given back in percent for the lines.
    fraction = (yearly / 100 / Decimal(config["days_in_year"])).quantize(
        quantum, rounding=ROUND_DOWN
    )
    return fraction * 100


def _rate_periods(start, end):
    """[(first day, last day, BaseRate)] covering start..end, split at each change."""
    table = base_rates()
    if not table or start < table[0].valid_from:
        raise TaxError(
            _("The base-rate table does not reach back to %(date)s: add the rate in force then.")
            % {"date": start.isoformat()}
        )
    periods = []
    for index, rate in enumerate(table):
        next_from = table[index + 1].valid_from if index + 1 < len(table) else None
        first = max(start, rate.valid_from)
        last = end if next_from is None else min(end, next_from - ONE_DAY)
        if first <= last:
            periods.append((first, last, rate))
    return periods


def _periods(start, end, memo):
    """``_rate_periods`` with each period's daily rate, read once per run (``memo``)."""
    key = (start, end)
    found = None if memo is None else memo.get(key)
    if found is None:
        found = [
            (first, last, (last - first).days + 1, rate, daily_rate(rate.percent))
            for first, last, rate in _rate_periods(start, end)
        ]
        if memo is not None:
            memo[key] = found
    return found


def calculate(charge, until, state=None, *, memo=None):
    """The interest on one charge up to and including ``until``, line by line. ``state``
    gives the reversed entries and the charge's allocations (an ``AccountState`` of the
    taxpayer, read if not given); ``memo`` a dict a run shares between its charges."""
    calculation = InterestCalculation(charge=charge, until=until)
    if charge.kind != EntryKind.CHARGE or charge.origin == ChargeOrigin.INTEREST:
        return calculation
    if not TAX_TYPE_RULES[TaxType(charge.tax_type)].bears_interest:
        return calculation
    if state is None:
        state = AccountState(
            LedgerEntry.objects.filter(
                municipality=charge.municipality_id, taxpayer_id=charge.taxpayer_id
            ).order_by("booked_on", "pk")
        )
    if charge.pk in state.reversed:
        return calculation
    first_day = charge.due_on + ONE_DAY
    if until < first_day:
        return calculation
    # Money applied on day d still counts as unpaid on d: the principal drops from d + 1.
    drops = {}
    for allocation in state.allocations.get(charge.pk, []):
        if allocation.pk in state.reversed:
            continue
        day = max(allocation.booked_on + ONE_DAY, first_day)
        drops[day] = drops.get(day, 0) + allocation.amount
    principal = charge.amount - sum(a for d, a in drops.items() if d <= first_day)
    breaks = sorted(d for d in drops if first_day < d <= until)
    segments = []
    start = first_day
    for day in [*breaks, until + ONE_DAY]:
        if day > start:
            segments.append((start, day - ONE_DAY, principal))
        if day <= until:
            principal -= drops[day]
        start = day
    for seg_start, seg_end, seg_principal in segments:
        if seg_principal <= 0:
            continue
        for first, last, days, rate, per_day in _periods(seg_start, seg_end, memo):
            calculation.lines.append(
                InterestLine(
                    start=first,
                    end=last,
                    days=days,
                    principal=seg_principal,
                    base_rate=rate.percent,
                    base_rate_confirmed=rate.confirmed,
                    daily_rate=per_day,
                    amount=Decimal(seg_principal) * per_day / 100 * days,
                )
            )
    return calculation


def booked_interest(charge, state):
    """Interest booked on a charge so far: interest charges less interest corrections."""
    total = 0
    for entry in state.entries:
        if entry.target_id != charge.pk or entry.pk in state.reversed:
            continue
        if entry.kind == EntryKind.CHARGE and entry.origin == ChargeOrigin.INTEREST:
            total += entry.amount
        elif entry.kind == EntryKind.CREDIT and entry.origin == ChargeOrigin.INTEREST:
            total -= entry.amount
    return total


@dataclass
class InterestRunResult:
    until: datetime.date
    charges_examined: int = 0
    booked: int = 0  # entries written
    amount: int = 0  # net forints booked


class _Charge(NamedTuple):
    """What the run reads of a charge (``calculate`` takes it for a LedgerEntry)."""

    pk: int
    taxpayer_id: int
    kind: str
    origin: str
    tax_type: str
    amount: int
    due_on: datetime.date
    period_year: int | None
    reference: str


class _Allocation(NamedTuple):
    pk: int
    booked_on: datetime.date
    amount: int


class _Ledger:
    """What the run needs of the ledger up to ``until``, read set-based (a few queries of
    tuples, never the whole ledger as instances): the reversed entries, the allocations
    that paid each charge, the interest booked on each charge, which taxpayers have unused
    money, and the charges that may owe interest — the overdue ones that bear it and the
    reversed ones whose interest must be taken back. The same as replaying each
    taxpayer's ``AccountState`` (calculate, booked_interest)."""

    def __init__(self, municipality, until, taxpayer=None):
        entries = LedgerEntry.objects.filter(municipality=municipality, booked_on__lte=until)
        if taxpayer is not None:
            entries = entries.filter(taxpayer=taxpayer)
        self.reversed = set(
            entries.filter(kind=EntryKind.REVERSAL).values_list("source_id", flat=True)
        )
        self.allocations = defaultdict(list)
        used = defaultdict(int)
        for pk, source_id, target_id, amount, booked_on in entries.filter(
            kind=EntryKind.ALLOCATION
        ).values_list("pk", "source_id", "target_id", "amount", "booked_on"):
            if pk not in self.reversed:
                used[source_id] += amount
                self.allocations[target_id].append(_Allocation(pk, booked_on, amount))
        self.with_money = {
            taxpayer_id
            for pk, taxpayer_id, amount in entries.filter(kind__in=SOURCE_KINDS).values_list(
                "pk", "taxpayer_id", "amount"
            )
            if pk not in self.reversed and amount - used[pk] > 0
        }
        self.booked = defaultdict(int)
        for pk, target_id, kind, amount in entries.filter(
            origin=ChargeOrigin.INTEREST,
            kind__in=[EntryKind.CHARGE, EntryKind.CREDIT],
            target__isnull=False,
        ).values_list("pk", "target_id", "kind", "amount"):
            if pk not in self.reversed:
                self.booked[target_id] += amount if kind == EntryKind.CHARGE else -amount
        interest_bearing = [code for code, rule in TAX_TYPE_RULES.items() if rule.bears_interest]
        charges = entries.filter(kind=EntryKind.CHARGE).order_by("booked_on", "pk")
        self.candidates = defaultdict(list)
        overdue = (
            charges.exclude(origin=ChargeOrigin.INTEREST)
            .filter(tax_type__in=interest_bearing, due_on__lt=until)
            .values_list(*_Charge._fields)
        )
        for row in overdue.iterator(chunk_size=20_000):
            if row[0] not in self.reversed:
                self.candidates[row[1]].append(_Charge._make(row))
        taken_back = charges.filter(
            pk__in=entries.filter(kind=EntryKind.REVERSAL).values("source_id")
        ).values_list(*_Charge._fields)
        for row in taken_back:
            if self.booked.get(row[0]):
                self.candidates[row[1]].append(_Charge._make(row))


def book_interest(municipality, *, until, taxpayer=None, actor=None, chunk_size=1000):
    """Book late interest up to ``until`` on every overdue charge of the municipality (or of
    one taxpayer). Idempotent: what was booked before is subtracted, and each booking has
    a key, so a repeated or concurrent run books nothing twice.

    The differences are computed from one set-based read of the ledger (``_Ledger``); a
    charge nothing has paid yet owes what any charge of its amount and due date owes, so
    that is calculated once. Only the taxpayers with something to book are then locked, a
    chunk at a time (one transaction, one lock query and one COPY per chunk), and only
    those with unused money on their account are settled one by one. A re-run that finds
    nothing to book writes nothing."""
    actor = actor or Actor.system(municipality=municipality)
    result = InterestRunResult(until=until)
    ledger = _Ledger(municipality, until, taxpayer)
    memo, unpaid = {}, {}
    pending = []  # (taxpayer id, [(charge, difference)], has unused money)
    for taxpayer_id in sorted(ledger.candidates):
        candidates = ledger.candidates[taxpayer_id]
        result.charges_examined += len(candidates)
        differences = []
        for charge in candidates:
            if charge.pk in ledger.reversed or charge.pk in ledger.allocations:
                total = calculate(charge, until, ledger, memo=memo).total
            else:
                key = (charge.amount, charge.due_on)
                if key not in unpaid:
                    unpaid[key] = calculate(charge, until, ledger, memo=memo).total
                total = unpaid[key]
            difference = total - ledger.booked.get(charge.pk, 0)
            if difference:
                differences.append((charge, difference))
        if differences:
            pending.append((taxpayer_id, differences, taxpayer_id in ledger.with_money))
    for start in range(0, len(pending), chunk_size):
        _book_chunk(municipality, pending[start : start + chunk_size], until, actor, result)
    return result


def _interest_entry(municipality, taxpayer_id, charge, difference, until, user, now):
    """The row of an interest charge (or, for less, its correction): a dict of the
    entry's fields, written by ``bulk_rows.insert_rows`` without an instance per row."""
    charged = difference > 0
    return dict(
        municipality_id=municipality.pk,
        taxpayer_id=taxpayer_id,
        tax_type=TaxType.LATE_INTEREST,
        kind=EntryKind.CHARGE if charged else EntryKind.CREDIT,
        origin=ChargeOrigin.INTEREST,
        amount=abs(difference),
        signed_amount=difference,
        booked_on=until,
        due_on=until if charged else None,
        period_year=charge.period_year,
        instalment=None,
        target_id=charge.pk,
        source_id=None,
        counter_tax_type="",
        reference=charge.reference,
        note=(
            _("Late-payment interest to %(date)s")
            if charged
            else _("Late-payment interest corrected to %(date)s")
        )
        % {"date": until.isoformat()},
        idempotency_key=f"interest:{charge.pk}:{until.isoformat()}",
        recorded_at=now,
        recorded_by_id=getattr(user, "pk", None),
    )


@transaction.atomic
def _book_chunk(municipality, pending, until, actor, result):
    ids = sorted(taxpayer_id for taxpayer_id, _d, _m in pending)
    # In pk order, as every booking locks: two runs never wait on each other crosswise.
    list(
        Taxpayer.objects.select_for_update()
        .filter(municipality=municipality, pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    user, now = actor.user, timezone.now()
    # Another run may have booked some of them to the same day since we read the ledger:
    # under the locks, what is already there is left out (the keys would refuse it too).
    # A row's key names its day, so it can only be among the chunk's taxpayers' interest
    # entries of that day: an index range of the account, where a lookup of thousands of
    # keys made PostgreSQL scan the whole ledger once per chunk.
    taken = set(
        LedgerEntry.objects.filter(
            municipality=municipality,
            taxpayer_id__in=ids,
            tax_type=TaxType.LATE_INTEREST,
            booked_on=until,
        ).values_list("idempotency_key", flat=True)
    )
    day = until.isoformat()
    todo = [
        (taxpayer_id, charge, difference)
        for taxpayer_id, differences, _money in pending
        for charge, difference in differences
        if f"interest:{charge.pk}:{day}" not in taken
    ]
    if todo and uses_copy():
        _insert_in_the_database(municipality, todo, until, user, now)
    elif todo:
        insert_rows(
            LedgerEntry,
            [
                _interest_entry(municipality, taxpayer_id, charge, difference, until, user, now)
                for taxpayer_id, charge, difference in todo
            ],
        )
    result.booked += len(todo)
    result.amount += sum(difference for _t, _c, difference in todo)
    written = {taxpayer_id for taxpayer_id, _c, _d in todo}
    # A corrected (reduced) interest is a credit: money that may pay other charges.
    credited = {taxpayer_id for taxpayer_id, _c, difference in todo if difference < 0}
    to_settle = [
        taxpayer_id
        for taxpayer_id, _differences, has_money in pending
        if taxpayer_id in credited or (has_money and taxpayer_id in written)
    ]
    for payer in Taxpayer.objects.filter(municipality=municipality, pk__in=to_settle).order_by(
        "pk"
    ):
        settle(payer, on=until, actor=actor)


def _insert_in_the_database(municipality, todo, until, user, now):
    """Write the rows ``_interest_entry`` makes of ``todo`` ((taxpayer id, charge,
    difference)) on PostgreSQL in one ``INSERT … SELECT``: only
    each charge's id and difference travel, the database copies the rest from the charge
    (taxpayer, tax year, reference) — the same values, a fraction of the Python work and
    of the data sent (``test_interest_rows_are_the_same_in_the_database_and_by_the_orm``
    compares the two)."""
    charged = _("Late-payment interest to %(date)s") % {"date": until.isoformat()}
    corrected = _("Late-payment interest corrected to %(date)s") % {"date": until.isoformat()}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO tax_ledgerentry (
                municipality_id, taxpayer_id, tax_type, kind, origin, amount, signed_amount,
                booked_on, due_on, period_year, instalment, target_id, source_id,
                counter_tax_type, reference, note, idempotency_key, recorded_at,
                recorded_by_id)
            SELECT c.municipality_id, c.taxpayer_id, %(tax_type)s,
                CASE WHEN d.difference > 0 THEN %(charge)s ELSE %(credit)s END,
                %(origin)s, abs(d.difference), d.difference, %(until)s,
                CASE WHEN d.difference > 0 THEN %(until)s::date END, c.period_year, NULL,
                c.id, NULL, '', c.reference,
                CASE WHEN d.difference > 0 THEN %(charged)s ELSE %(corrected)s END,
                'interest:' || c.id || ':' || %(day)s, %(now)s, %(user)s
            FROM unnest(%(ids)s::bigint[], %(differences)s::bigint[]) WITH ORDINALITY
                AS d(charge_id, difference, position)
            -- Each charge by its key (LIMIT 1 keeps the subquery apart): with thousands
            -- of ids the planner otherwise hashes them and reads the whole ledger.
            CROSS JOIN LATERAL (
                SELECT id, municipality_id, taxpayer_id, period_year, reference
                FROM tax_ledgerentry
                WHERE id = d.charge_id AND municipality_id = %(m)s
                LIMIT 1
            ) c
            ORDER BY d.position
            """,
            {
                "tax_type": TaxType.LATE_INTEREST,
                "charge": EntryKind.CHARGE,
                "credit": EntryKind.CREDIT,
                "origin": ChargeOrigin.INTEREST,
                "until": until,
                "day": until.isoformat(),
                "charged": charged,
                "corrected": corrected,
                "now": now,
                "user": getattr(user, "pk", None),
                "ids": [charge.pk for _t, charge, _d in todo],
                "differences": [difference for _t, _c, difference in todo],
                "m": municipality.pk,
            },
        )
        if cursor.rowcount != len(todo):
            raise TaxError("An interest row's charge was not found in its municipality.")
