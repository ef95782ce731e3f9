"""What the officer's assessment screens read: the runs of a municipality, a run's
decisions with the taxpayers' names, a print batch as the post room's list, the decisions
of one taxpayer for the card, and a preview's sample of decisions.

A preview run keeps only its summary (services.assessment), so the sample is computed
again here from the same inputs (the registers on 1 January and the decree in force),
through the same functions; nothing is stored or booked. Read only."""

import datetime
from collections import defaultdict

from ..models import AssessmentDecision, AssessmentRun, PrintBatch, TaxpayerDetails
from .decrees import PROPERTY_TAXES, DecreeRates, annual_tax, decree_in_force, object_states
from .desk import current_details
from .registers import state_on


def assessment_runs(municipality):
    return (
        AssessmentRun.objects.for_municipality(municipality)
        .select_related("started_by")
        .order_by("-created_at", "-pk")
    )


def run_decisions(run):
    return (
        AssessmentDecision.objects.for_municipality(run.municipality_id)
        .filter(run=run)
        .order_by("pk")
    )


def with_names(municipality, decisions, day=None):
    """The decisions of a page, each with ``name`` (the taxpayer's current name)."""
    decisions = list(decisions)
    names = current_details(municipality, [d.taxpayer_id for d in decisions], day)
    for decision in decisions:
        row = names.get(decision.taxpayer_id)
        decision.name = row.name if row else ""
    return decisions


def print_batch_of(run):
    """The run's print batch, or None (every decision went to the portal mailbox)."""
    return PrintBatch.objects.for_municipality(run.municipality_id).filter(run=run).first()


def print_batch_rows(batch):
    """The post room's list: (registry number, name, postal code, settlement, address,
    identifier, total Ft), in registry-number order."""
    decisions = list(
        AssessmentDecision.objects.for_municipality(batch.municipality_id)
        .filter(print_batch=batch)
        .select_related("taxpayer")
        .order_by("registry_number", "pk")
    )
    details = {
        row.taxpayer_id: row
        for row in TaxpayerDetails.objects.for_municipality(batch.municipality_id)
        .filter(
            TaxpayerDetails.on(datetime.date.today()),
            taxpayer__in=[d.taxpayer_id for d in decisions],
        )
        .order_by("valid_from", "pk")
    }
    for decision in decisions:
        row = details.get(decision.taxpayer_id)
        yield (
            decision.registry_number,
            row.name if row else "",
            row.postal_code if row else "",
            row.settlement if row else "",
            row.address_line if row else "",
            decision.taxpayer.identifier,
            decision.total,
        )


def taxpayer_decisions(taxpayer):
    return (
        AssessmentDecision.objects.for_municipality(taxpayer.municipality_id)
        .filter(taxpayer=taxpayer)
        .order_by("-year", "-sequence")
    )


def preview_sample(municipality, year, *, limit=50):
    """The decisions an assessment of ``year`` would make, the largest ``limit`` of them:
    [(taxpayer id, name, {tax type: Ft}, total, objects)], or None without a decree."""
    decree = decree_in_force(municipality, year)
    if decree is None:
        return None
    rates = DecreeRates.of(decree)
    totals = defaultdict(lambda: defaultdict(int))
    objects = defaultdict(int)
    for object_state in object_states(state_on(municipality, datetime.date(year, 1, 1))):
        if object_state.tax_type not in PROPERTY_TAXES:
            continue
        result = annual_tax(object_state, rates)
        if result.measured and result.amount:
            totals[object_state.taxpayer_id][object_state.tax_type] += result.amount
            objects[object_state.taxpayer_id] += 1
    largest = sorted(totals.items(), key=lambda item: (-sum(item[1].values()), item[0]))[:limit]
    names = current_details(municipality, [taxpayer_id for taxpayer_id, _ in largest])
    return [
        (
            taxpayer_id,
            names[taxpayer_id].name if taxpayer_id in names else "",
            dict(by_type),
            sum(by_type.values()),
            objects[taxpayer_id],
        )
        for taxpayer_id, by_type in largest
    ]
