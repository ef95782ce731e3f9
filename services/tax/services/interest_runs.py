"""The late-interest run as a task: its row records who started it, its state and counts
(``interest.book_interest`` does the booking)."""

from django.utils import timezone

from sites.actor import Actor

from ..models import InterestRun, RunState
from .interest import book_interest


def _user(actor):
    return (actor or Actor.system()).user


def _update(model, run, **fields):
    """Progress and counts go straight to the row, so another process sees them."""
    model.objects.filter(municipality=run.municipality_id, pk=run.pk).update(**fields)


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
