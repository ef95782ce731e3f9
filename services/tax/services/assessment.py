"""The annual assessment (kivetés) of building, land and communal tax, and the
late-interest run, as runs recorded on their own rows.

An assessment of a year takes the registers as they stood on 1 January (as tuples:
``assessment_compute``) and the decree in force for the year (``decree_in_force``), taxes every
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

Queries do not grow with the taxpayers: a chunk of taxpayers is computed from the one load
of the registers, its decisions are registered together (``documents.register_documents``:
their sub-numbers in one locked update of the run's case), written with COPY and its ledger
rows booked in bulk (``assessment_booking``). ``register=False`` leaves the decisions
unregistered (benchmarks, tests)."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor

from ..constants import EntryKind, TaxType
from ..models import AssessmentRun, DecisionKind, PrintBatch, RunState
from .assessment_booking import Booking, open_case
from .assessment_compute import Computed, current_details, last_decisions
from .assessment_compute import booked as booked_by_assessments
from .decision_delivery import deliver_decisions
from .errors import TaxError
from .interest_runs import _update, _user, run_interest, start_interest_run

CHUNK = 2000

__all__ = [
    "assess_taxpayer",
    "create_assessment_run",
    "run_assessment",
    "run_interest",
    "start_assessment",
    "start_interest_run",
]


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
    if run.register and not run.preview:
        # After the booking's commit: a decision for a taxpayer linked to a portal account
        # lands in its mailbox, any other goes to the run's print batch with the reason.
        deliver_decisions(municipality, run=run, actor=actor)
    run.refresh_from_db()
    return run


def _run(run, municipality, actor, decided_on, chunk_size):
    computed = Computed(municipality, run.year)
    last = last_decisions(municipality, run.year)
    booked = booked_by_assessments(municipality, run.year)
    taxpayer_ids = sorted(set(computed.lines) | set(last))
    details = current_details(municipality, decided_on) if not run.preview else {}
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
            run.case = open_case(municipality, run.year, actor=actor)
            _update(AssessmentRun, run, case=run.case)
        return run.case

    for start in range(0, len(taxpayer_ids), chunk_size):
        chunk = taxpayer_ids[start : start + chunk_size]
        booking = Booking(municipality, run.year, decided_on, actor)
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
                    decision["run_id"] = run.pk
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
    computed = Computed(municipality, year, taxpayer=taxpayer)
    lines, totals, fingerprint = computed.of(taxpayer.pk)
    previous = last_decisions(municipality, year, taxpayer).get(taxpayer.pk)
    if previous is None and not totals:
        return None
    if previous is not None and previous["fingerprint"] == fingerprint:
        return None
    booking = Booking(municipality, year, decided_on, actor)
    booking.add(
        taxpayer.pk,
        lines,
        totals,
        fingerprint,
        previous,
        booked_by_assessments(municipality, year, taxpayer),
        kind=DecisionKind.MID_YEAR,
        final_on=final_on or decided_on,
    )
    details = current_details(municipality, decided_on, taxpayer)
    case_for = None
    if register:
        main = max(totals, key=totals.get) if totals else TaxType.BUILDING
        name, _channel = details.get(taxpayer.pk, ("", None))
        case = open_case(municipality, year, taxpayer_name=name, tax_type=main, actor=actor)

        def case_for():
            return case

    booking.register(
        case_for,
        details,
        lambda: PrintBatch.objects.create(municipality=municipality, year=year),
    )
    # The ORM path: the decision returned has its key.
    booking.write(copy=False)
    decision = booking.saved[0]
    if register:
        deliver_decisions(municipality, decisions=[decision], actor=actor)
    return decision
