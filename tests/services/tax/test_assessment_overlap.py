"""A run outside a transaction on PostgreSQL writes each chunk in a second thread while the
next is computed (services/tax/services/overlap.py): the result is the one-thread run's,
chunk by chunk, and a failing write stops the run with what was committed kept."""

import pytest

from services.tax import services as tax
from services.tax.constants import ChargeOrigin
from services.tax.models import AssessmentDecision, AssessmentRun, LedgerEntry, RunState
from services.tax.services import assessment_booking, overlap
from tests.services.tax.test_assessment import DECIDED, base  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def _entries(municipality):
    return LedgerEntry.objects.filter(municipality=municipality, origin=ChargeOrigin.ASSESSMENT)


def test_the_chunks_are_written_by_the_second_thread_in_order(municipality_a, base):  # noqa: F811
    assert overlap.can_overlap()  # no test transaction around us: the overlapped path
    run = tax.create_assessment_run(municipality_a, 2027)

    run = tax.run_assessment(run, decided_on=DECIDED, chunk_size=1)

    assert run.state == RunState.DONE
    assert (run.decisions, run.total, run.taxpayers_done, run.entries_booked) == (2, 190_600, 2, 6)
    decisions = AssessmentDecision.objects.filter(municipality=municipality_a).order_by(
        "taxpayer_id"
    )
    # The registry numbered them in the order of the chunks: the writes kept their order.
    numbers = [d.registry_number for d in decisions]
    assert all(numbers) and numbers == sorted(numbers)
    assert _entries(municipality_a).count() == 6
    again = tax.run_assessment(
        tax.create_assessment_run(municipality_a, 2027), decided_on=DECIDED, chunk_size=1
    )
    assert (again.decisions, again.unchanged, _entries(municipality_a).count()) == (0, 2, 6)


def test_a_failing_write_fails_the_run_and_keeps_the_chunks_before_it(
    municipality_a,
    base,  # noqa: F811
    monkeypatch,
):
    write = assessment_booking.Booking.write
    calls = []

    def second_fails(self, **options):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("a lemez megtelt")
        return write(self, **options)

    monkeypatch.setattr(assessment_booking.Booking, "write", second_fails)
    run = tax.create_assessment_run(municipality_a, 2027)

    with pytest.raises(RuntimeError):
        tax.run_assessment(run, decided_on=DECIDED, chunk_size=1)

    run = AssessmentRun.objects.for_municipality(municipality_a).get(pk=run.pk)
    assert run.state == RunState.FAILED and "lemez" in run.error
    # The first taxpayer's chunk was committed whole; the second's not at all.
    assert AssessmentDecision.objects.filter(municipality=municipality_a).count() == 1
    assert _entries(municipality_a).values("taxpayer_id").distinct().count() == 1
