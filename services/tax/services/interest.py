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
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from sites.actor import Actor

from ..constants import TAX_TYPE_RULES, ChargeOrigin, EntryKind, TaxType
from ..models import LedgerEntry, Taxpayer
from ..rules import base_rates, rules
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


def calculate(charge, until, state=None):
    """The interest on one charge up to and including ``until``, line by line."""
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
        for first, last, rate in _rate_periods(seg_start, seg_end):
            days = (last - first).days + 1
            per_day = daily_rate(rate.percent)
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


def book_interest(municipality, *, until, taxpayer=None, actor=None, chunk_size=1000):
    """Book late interest up to ``until`` on every overdue charge of the municipality (or of
    one taxpayer). Idempotent: what was booked before is subtracted, and each booking has
    a key, so a repeated or concurrent run books nothing twice.

    The differences are computed from one read of the ledger; only the taxpayers with
    something to book are then locked, a chunk at a time (one transaction, one lock query
    and one bulk insert per chunk), and only those with unused money on their account are
    settled one by one. A re-run that finds nothing to book writes nothing."""
    actor = actor or Actor.system(municipality=municipality)
    result = InterestRunResult(until=until)
    entries = LedgerEntry.objects.filter(municipality=municipality, booked_on__lte=until)
    if taxpayer is not None:
        entries = entries.filter(taxpayer=taxpayer)
    by_taxpayer = {}
    for entry in entries.order_by("booked_on", "pk").iterator(chunk_size=5000):
        by_taxpayer.setdefault(entry.taxpayer_id, []).append(entry)
    interest_bearing = [code for code, rule in TAX_TYPE_RULES.items() if rule.bears_interest]
    pending = []  # (taxpayer id, [(charge, difference)], has unused money)
    for taxpayer_id, taxpayer_entries in by_taxpayer.items():
        state = AccountState(taxpayer_entries)
        candidates = [
            e
            for e in state.targets
            if e.kind == EntryKind.CHARGE
            and e.origin != ChargeOrigin.INTEREST
            and e.tax_type in interest_bearing
            and e.due_on < until
        ]
        # Reversed charges whose interest must be taken back.
        candidates += [
            e
            for e in state.entries
            if e.kind == EntryKind.CHARGE and e.pk in state.reversed and booked_interest(e, state)
        ]
        if not candidates:
            continue
        result.charges_examined += len(candidates)
        differences = []
        for charge in candidates:
            difference = calculate(charge, until, state).total - booked_interest(charge, state)
            if difference:
                differences.append((charge, difference))
        if differences:
            has_money = any(state.remaining(source) > 0 for source in state.money())
            pending.append((taxpayer_id, differences, has_money))
    for start in range(0, len(pending), chunk_size):
        _book_chunk(municipality, pending[start : start + chunk_size], until, actor, result)
    return result


def _interest_entry(municipality, taxpayer_id, charge, difference, until, user):
    fields = dict(
        municipality_id=municipality.pk,
        taxpayer_id=taxpayer_id,
        tax_type=TaxType.LATE_INTEREST,
        origin=ChargeOrigin.INTEREST,
        target=charge,
        period_year=charge.period_year,
        reference=charge.reference,
        idempotency_key=f"interest:{charge.pk}:{until.isoformat()}",
        booked_on=until,
        recorded_by=user,
        amount=abs(difference),
    )
    if difference > 0:
        return LedgerEntry(
            kind=EntryKind.CHARGE,
            signed_amount=difference,
            due_on=until,
            note=_("Late-payment interest to %(date)s") % {"date": until.isoformat()},
            **fields,
        )
    return LedgerEntry(
        kind=EntryKind.CREDIT,
        signed_amount=difference,
        note=_("Late-payment interest corrected to %(date)s") % {"date": until.isoformat()},
        **fields,
    )


@transaction.atomic
def _book_chunk(municipality, pending, until, actor, result):
    ids = sorted(taxpayer_id for taxpayer_id, _d, _m in pending)
    # In pk order, as every booking locks: two runs never wait on each other crosswise.
    locked = {
        row.pk: row
        for row in Taxpayer.objects.select_for_update()
        .filter(municipality=municipality, pk__in=ids)
        .order_by("pk")
    }
    user = actor.user
    rows = [
        _interest_entry(municipality, taxpayer_id, charge, difference, until, user)
        for taxpayer_id, differences, _money in pending
        for charge, difference in differences
    ]
    # Another run may have booked some of them to the same day since we read the ledger:
    # under the locks, what is already there is left out (the keys would refuse it too).
    taken = set(
        LedgerEntry.objects.filter(
            municipality=municipality, idempotency_key__in=[row.idempotency_key for row in rows]
        ).values_list("idempotency_key", flat=True)
    )
    rows = [row for row in rows if row.idempotency_key not in taken]
    LedgerEntry.objects.bulk_create(rows, batch_size=2000)
    result.booked += len(rows)
    result.amount += sum(row.signed_amount for row in rows)
    written = {row.taxpayer_id for row in rows}
    # A corrected (reduced) interest is a credit: money that may pay other charges.
    credited = {row.taxpayer_id for row in rows if row.kind == EntryKind.CREDIT}
    for taxpayer_id, _differences, has_money in pending:
        if taxpayer_id in credited or (has_money and taxpayer_id in written):
            settle(locked[taxpayer_id], on=until, actor=actor)
