"""The annual assessment (kivetés) of building, land and communal tax, and the
late-interest run, as runs recorded on their own rows.

An assessment of a year takes the registers as they stood on 1 January (``state_on``,
``object_states``) and the decree in force for the year (``decree_in_force``), taxes every
object of every subject (``annual_tax``) and gives each taxpayer one decision whose lines
are per object. A booked run books the tax in two halves, due 15 March and 15 September
(moved to the next working day), registers each decision as an outgoing document of the
run's registry case and routes it to the portal mailbox or to the run's print batch. A
preview computes the same and books, registers and stores nothing but its summary.

Re-running is safe. A taxpayer's decision carries a fingerprint of its lines (object, tax
type, share, amount); a re-run that finds the same fingerprint on the taxpayer's last
decision of the year does nothing. Where the registers changed, the re-run issues a
correcting decision (the next ``sequence``) with all the lines as they now stand, and the
ledger gets the difference per tax type between the new total and what the assessments of
the year booked so far: more → one charge due 15 days after the decision becomes final,
less → a credit (origin assessment) booked that day; an object no longer held gives a
decision whose lines leave it out. Every ledger row has its key
(assessment:year:taxpayer:tax type:sequence[:instalment]), so even a run repeated after a
crash books nothing twice.

Queries do not grow with the taxpayers, except the registry: the registry numbers each
document under a lock (documents.register_document), one by one; ``register=False`` leaves
the decisions unregistered (benchmarks, tests)."""

import datetime
import hashlib
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from services.documents import services as documents
from services.documents.constants import Direction
from sites.actor import Actor

from ..constants import ChargeOrigin, DeliveryChannel, EntryKind, TaxType
from ..models import (
    AssessmentDecision,
    AssessmentRun,
    DecisionDelivery,
    DecisionKind,
    InterestRun,
    LedgerEntry,
    PrintBatch,
    RunState,
    TaxpayerDetails,
)
from ..models.registers import DatedModel
from .decrees import PROPERTY_TAXES, DecreeRates, annual_tax, decree_in_force, object_states
from .duedates import half_year_due_dates, mid_year_due_date, split_in_halves
from .errors import TaxError
from .interest import book_interest
from .ledger import book_entries_in_bulk
from .registers import state_on

CHUNK = 2000
# The registry's case type of an assessment (data/retention_schedule.json): building tax
# for a run (it covers the three), the taxpayer's main tax type for a single decision.
CASE_TYPE_CODES = {TaxType.BUILDING: "D-402", TaxType.LAND: "D-403", TaxType.COMMUNAL: "D-404"}


def _user(actor):
    return (actor or Actor.system()).user


def _update(model, run, **fields):
    """Progress and counts go straight to the row, so another process sees them."""
    model.objects.filter(municipality=run.municipality_id, pk=run.pk).update(**fields)


# ---------------------------------------------------------------------------- computing


def _line_json(result):
    state = result.object_state
    return {
        "object": state.tax_object_id,
        "tax_type": state.tax_type,
        "share": f"{state.share.numerator}/{state.share.denominator}",
        "amount": result.amount,
        "lines": [
            {
                "kind": line.kind,
                "description": str(line.description),
                "amount": str(Decimal(line.amount).quantize(Decimal("0.01"))),
                "base": None if line.base is None else str(line.base),
                "unit": line.unit,
                "rate": None if line.rate is None else str(line.rate),
            }
            for line in result.lines
        ],
    }


def _fingerprint(lines):
    key = sorted((row["object"], row["tax_type"], row["share"], row["amount"]) for row in lines)
    return hashlib.sha256(repr(key).encode()).hexdigest()


class _Computed:
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
        self.state = state_on(municipality, self.day)
        self.lines = defaultdict(list)
        self.unmeasured = 0
        for object_state in object_states(self.state):
            if object_state.tax_type not in PROPERTY_TAXES:
                continue
            if taxpayer is not None and object_state.taxpayer_id != taxpayer.pk:
                continue
            result = annual_tax(object_state, rates)
            if not result.measured:
                # A percent rate needs the adjusted market value, which the register
                # does not keep: such an object is assessed by hand.
                self.unmeasured += 1
                continue
            self.lines[object_state.taxpayer_id].append(_line_json(result))

    def of(self, taxpayer_id):
        lines = sorted(self.lines.get(taxpayer_id, []), key=lambda r: (r["tax_type"], r["object"]))
        totals = defaultdict(int)
        for row in lines:
            totals[row["tax_type"]] += row["amount"]
        return lines, {k: v for k, v in totals.items() if v}, _fingerprint(lines)


def _last_decisions(municipality, year, taxpayer=None):
    decisions = AssessmentDecision.objects.filter(municipality=municipality, year=year)
    if taxpayer is not None:
        decisions = decisions.filter(taxpayer=taxpayer)
    last = {}
    for row in decisions.order_by("taxpayer_id", "sequence").values(
        "taxpayer_id", "sequence", "fingerprint"
    ):
        last[row["taxpayer_id"]] = row
    return last


def _booked(municipality, year, taxpayer=None):
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
        .values("taxpayer_id", "tax_type")
        .annotate(total=Sum("signed_amount"))
        .order_by()
    )
    found = defaultdict(dict)
    for row in rows:
        found[row["taxpayer_id"]][row["tax_type"]] = row["total"]
    return found


def _current_details(municipality, day, taxpayer=None):
    """Name and delivery channel as they stand on the day of the decision."""
    details = TaxpayerDetails.objects.filter(DatedModel.on(day), municipality=municipality)
    if taxpayer is not None:
        details = details.filter(taxpayer=taxpayer)
    return {row.taxpayer_id: row for row in details.order_by("valid_from")}


# ---------------------------------------------------------------------------- one decision


class _Booking:
    """The decisions and ledger rows of one chunk of taxpayers, written together."""

    def __init__(self, municipality, year, decided_on, actor):
        self.municipality, self.year, self.decided_on, self.actor = (
            municipality,
            year,
            decided_on,
            actor,
        )
        self.decisions, self.rows = [], []
        # The calendar is read once per booking, not once per taxpayer.
        self.half_year_due_dates = half_year_due_dates(year)

    def add(self, taxpayer_id, lines, totals, fingerprint, last, booked, *, kind, final_on):
        sequence = 1 if last is None else last["sequence"] + 1
        booked = booked.get(taxpayer_id, {})
        for tax_type in sorted(set(totals) | set(booked)):
            difference = totals.get(tax_type, 0) - booked.get(tax_type, 0)
            key = f"assessment:{self.year}:{taxpayer_id}:{tax_type}:{sequence}"
            common = dict(
                taxpayer_id=taxpayer_id,
                tax_type=tax_type,
                origin=ChargeOrigin.ASSESSMENT,
                booked_on=self.decided_on,
                period_year=self.year,
            )
            if difference > 0 and kind == DecisionKind.ANNUAL:
                due_dates = self.half_year_due_dates
                for instalment, (part, due_on) in enumerate(
                    zip(split_in_halves(difference), due_dates, strict=True), start=1
                ):
                    if part > 0:
                        self.rows.append(
                            dict(
                                common,
                                kind=EntryKind.CHARGE,
                                amount=part,
                                due_on=due_on,
                                instalment=instalment,
                                idempotency_key=f"{key}:{instalment}",
                            )
                        )
            elif difference > 0:
                self.rows.append(
                    dict(
                        common,
                        kind=EntryKind.CHARGE,
                        amount=difference,
                        due_on=mid_year_due_date(final_on or self.decided_on),
                        idempotency_key=key,
                    )
                )
            elif difference < 0:
                self.rows.append(
                    dict(
                        common,
                        kind=EntryKind.CREDIT,
                        amount=-difference,
                        note=_("Assessment reduced by a correcting decision"),
                        idempotency_key=key,
                    )
                )
        decision = AssessmentDecision(
            municipality_id=self.municipality.pk,
            taxpayer_id=taxpayer_id,
            year=self.year,
            sequence=sequence,
            kind=kind,
            lines=lines,
            totals=totals,
            total=sum(totals.values()),
            fingerprint=fingerprint,
            decided_on=self.decided_on,
            final_on=final_on,
        )
        self.decisions.append(decision)
        return decision

    def register(self, case_for, details, print_batch_for):
        """Register each decision as an outgoing document of the case ``case_for()`` gives
        (none: unregistered) and route it by the taxpayer's delivery channel."""
        for decision in self.decisions:
            row = details.get(decision.taxpayer_id)
            name = row.name if row else ""
            decision.delivery_channel = row.delivery_channel if row else DeliveryChannel.POST
            if decision.delivery_channel == DeliveryChannel.PORTAL_MAILBOX:
                decision.delivery = DecisionDelivery.AWAITING_PORTAL
            else:
                decision.delivery = DecisionDelivery.PRINT_BATCH
                decision.print_batch = print_batch_for()
            if case_for is not None:
                document = documents.register_document(
                    case_for(),
                    direction=Direction.OUTGOING,
                    subject=_("Assessment decision %(year)s: %(name)s")
                    % {"year": decision.year, "name": name},
                    correspondent=name,
                    is_decision=True,
                    actor=self.actor,
                )
                decision.document = document
                decision.registry_number = document.registry_number

    def write(self):
        for decision, row in self._references():
            row["reference"] = decision.registry_number or f"{decision.year}/{decision.sequence}"
        AssessmentDecision.objects.bulk_create(self.decisions, batch_size=1000)
        return book_entries_in_bulk(self.municipality, self.rows, actor=self.actor)

    def _references(self):
        by_taxpayer = {d.taxpayer_id: d for d in self.decisions}
        return [(by_taxpayer[row["taxpayer_id"]], row) for row in self.rows]


def _open_case(municipality, year, taxpayer_name=None, tax_type=TaxType.BUILDING, actor=None):
    case_type = documents.case_types(municipality).filter(code=CASE_TYPE_CODES[tax_type]).first()
    if case_type is None:
        raise TaxError(
            _("The registry has no case type %(code)s for assessments.")
            % {"code": CASE_TYPE_CODES[tax_type]}
        )
    if taxpayer_name is None:
        subject = _("Annual assessment of local taxes, %(year)s") % {"year": year}
        client = _("The taxpayers of %(municipality)s") % {"municipality": municipality.name}
    else:
        subject = _("Assessment of local taxes, %(year)s") % {"year": year}
        client = taxpayer_name
    return documents.open_case(
        municipality,
        case_type=case_type,
        subject=subject,
        client_name=client,
        initiated_by_request=False,
        actor=actor,
    )


# ---------------------------------------------------------------------------- the run


def create_assessment_run(municipality, year, *, preview=False, register=True, actor=None):
    if not 2000 <= int(year) <= 2100:
        raise TaxError(_("The tax year is a year such as 2027."))
    return AssessmentRun.objects.create(
        municipality=municipality,
        year=int(year),
        preview=preview,
        register=register and not preview,
        started_by=_user(actor),
    )


def start_assessment(municipality, year, *, preview=False, register=True, actor=None):
    """Enqueue an assessment run for the task worker; returns its row (progress is kept
    there). With the immediate task backend (tests, ``make run``) it has run on return."""
    from sites.background import run_command

    run = create_assessment_run(municipality, year, preview=preview, register=register, actor=actor)
    run_command.enqueue("tax_assessment", {"run_id": run.pk})
    run.refresh_from_db()
    return run


def run_assessment(run, *, actor=None, decided_on=None, chunk_size=CHUNK):
    """Carry out an assessment run (see the module's docstring); the run row records the
    progress after each chunk and the counts at the end. Returns the run."""
    municipality = run.municipality
    actor = actor or Actor.system(municipality=municipality)
    decided_on = decided_on or timezone.localdate()
    _update(AssessmentRun, run, state=RunState.RUNNING, started_at=timezone.now(), error="")
    try:
        _run(run, municipality, actor, decided_on, chunk_size)
    except Exception as error:
        _update(
            AssessmentRun,
            run,
            state=RunState.FAILED,
            finished_at=timezone.now(),
            error=str(error)[:2000],
        )
        raise
    run.refresh_from_db()
    return run


def _run(run, municipality, actor, decided_on, chunk_size):
    computed = _Computed(municipality, run.year)
    last = _last_decisions(municipality, run.year)
    booked = _booked(municipality, run.year)
    taxpayer_ids = sorted(set(computed.lines) | set(last))
    details = _current_details(municipality, decided_on) if not run.preview else {}
    counts = defaultdict(int)
    by_tax_type = defaultdict(int)
    _update(AssessmentRun, run, taxpayers_total=len(taxpayer_ids))
    batch = []

    def print_batch():
        if not batch:
            batch.append(
                PrintBatch.objects.create(municipality=municipality, run=run, year=run.year)
            )
        return batch[0]

    def registry_case():
        # Opened with the first decision to register: a run that issues none opens none.
        if run.case_id is None:
            run.case = _open_case(municipality, run.year, actor=actor)
            _update(AssessmentRun, run, case=run.case)
        return run.case

    for start in range(0, len(taxpayer_ids), chunk_size):
        chunk = taxpayer_ids[start : start + chunk_size]
        booking = _Booking(municipality, run.year, decided_on, actor)
        for taxpayer_id in chunk:
            lines, totals, fingerprint = computed.of(taxpayer_id)
            for tax_type, amount in totals.items():
                by_tax_type[tax_type] += amount
            previous = last.get(taxpayer_id)
            if previous is None and not totals:
                counts["nothing_to_assess"] += 1
                continue
            if previous is not None and previous["fingerprint"] == fingerprint:
                counts["unchanged"] += 1
                continue
            kind = DecisionKind.ANNUAL if previous is None else DecisionKind.CORRECTION
            counts["new" if previous is None else "corrections"] += 1
            booking.add(
                taxpayer_id, lines, totals, fingerprint, previous, booked, kind=kind, final_on=None
            )
        if not run.preview:
            with transaction.atomic():
                for decision in booking.decisions:
                    decision.run = run
                booking.register(registry_case if run.register else None, details, print_batch)
                counts["entries"] += booking.write()
        counts["decisions"] += len(booking.decisions)
        counts["charged"] += sum(r["amount"] for r in booking.rows if r["kind"] == EntryKind.CHARGE)
        counts["credited"] += sum(
            r["amount"] for r in booking.rows if r["kind"] == EntryKind.CREDIT
        )
        _update(
            AssessmentRun,
            run,
            taxpayers_done=min(start + chunk_size, len(taxpayer_ids)),
            decisions=counts["decisions"],
            unchanged=counts["unchanged"],
            entries_booked=counts["entries"],
        )
    _update(
        AssessmentRun,
        run,
        state=RunState.DONE,
        finished_at=timezone.now(),
        total=sum(by_tax_type.values()),
        summary={
            "decree": computed.decree.pk,
            "by_tax_type": dict(by_tax_type),
            "unmeasured_objects": computed.unmeasured,
            "new_decisions": counts["new"],
            "correcting_decisions": counts["corrections"],
            "unchanged": counts["unchanged"],
            "nothing_to_assess": counts["nothing_to_assess"],
            "charged": counts["charged"],
            "credited": counts["credited"],
            "print_batch": batch[0].pk if batch else None,
        },
    )


@transaction.atomic
def assess_taxpayer(taxpayer, year, *, final_on=None, decided_on=None, register=True, actor=None):
    """A single taxpayer's assessment during the year, after a change of the registers: a
    decision with every line as it now stands, the difference to what was booked due on
    the 15th day after it becomes final (``final_on``; the decision's day until finality
    is recorded). None if nothing changed since the last decision."""
    municipality = taxpayer.municipality
    actor = actor or Actor.system(municipality=municipality)
    decided_on = decided_on or timezone.localdate()
    computed = _Computed(municipality, year, taxpayer=taxpayer)
    lines, totals, fingerprint = computed.of(taxpayer.pk)
    previous = _last_decisions(municipality, year, taxpayer).get(taxpayer.pk)
    if previous is None and not totals:
        return None
    if previous is not None and previous["fingerprint"] == fingerprint:
        return None
    booking = _Booking(municipality, year, decided_on, actor)
    decision = booking.add(
        taxpayer.pk,
        lines,
        totals,
        fingerprint,
        previous,
        _booked(municipality, year, taxpayer),
        kind=DecisionKind.MID_YEAR,
        final_on=final_on or decided_on,
    )
    details = _current_details(municipality, decided_on, taxpayer)
    case_for = None
    if register:
        main = max(totals, key=totals.get) if totals else TaxType.BUILDING
        row = details.get(taxpayer.pk)
        case = _open_case(
            municipality, year, taxpayer_name=row.name if row else "", tax_type=main, actor=actor
        )

        def case_for():
            return case

    booking.register(
        case_for,
        details,
        lambda: PrintBatch.objects.create(municipality=municipality, year=year),
    )
    booking.write()
    return decision


# ---------------------------------------------------------------------------- interest


def start_interest_run(municipality, *, until=None, actor=None):
    """Enqueue a late-interest run for the task worker; returns its row."""
    from sites.background import run_command

    run = InterestRun.objects.create(
        municipality=municipality,
        until=until or timezone.localdate(),
        started_by=_user(actor),
    )
    run_command.enqueue("tax_interest_run", {"run_id": run.pk})
    run.refresh_from_db()
    return run


def run_interest(run, *, actor=None):
    """Book late interest up to the run's day on every account of its municipality
    (``book_interest``: a re-run books nothing twice) and record the counts."""
    municipality = run.municipality
    actor = actor or Actor.system(municipality=municipality)
    _update(InterestRun, run, state=RunState.RUNNING, started_at=timezone.now(), error="")
    try:
        result = book_interest(municipality, until=run.until, actor=actor)
    except Exception as error:
        _update(
            InterestRun,
            run,
            state=RunState.FAILED,
            finished_at=timezone.now(),
            error=str(error)[:2000],
        )
        raise
    _update(
        InterestRun,
        run,
        state=RunState.DONE,
        finished_at=timezone.now(),
        charges_examined=result.charges_examined,
        entries_booked=result.booked,
        amount=result.amount,
    )
    run.refresh_from_db()
    return run
