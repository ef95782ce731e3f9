"""Fire the periodic jobs of :mod:`portal.operations.jobs`: once per slot, on one node.

``run_scheduler`` (APScheduler's blocking scheduler with cron triggers in TIME_ZONE) calls
:func:`fire` at each job's time on every node that runs a scheduler. :func:`fire` claims
the slot by inserting a :class:`ScheduledRun` row; the unique (job, scheduled_for)
constraint lets exactly one insert succeed, on PostgreSQL and SQLite alike, so two
schedulers (two nodes, or the old and the new during a deploy) never run a job twice.
The claimed job is enqueued through Django's task API and runs in the task worker, so a
slow job never delays the next firing and a worker restart does not lose it."""

import datetime
import io
import logging
import socket

from django.core.management import call_command, get_commands, load_command_class
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from sites.background import BackgroundCommand
from sites.models import Municipality

from .jobs import JOBS, job_named
from .models import RunStatus, ScheduledRun

logger = logging.getLogger(__name__)
OUTPUT_KEPT = 4000  # characters of a job's output kept on its run (the end of it)


def fire(job, scheduled_for, *, node=None):
    """Claim ``job``'s slot at ``scheduled_for`` and enqueue it; None when another
    scheduler claimed it first."""
    scheduled_for = scheduled_for.replace(second=0, microsecond=0)
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(
                job=job.name, scheduled_for=scheduled_for, node=node or socket.gethostname()
            )
    except IntegrityError:
        logger.info("periodic job %s at %s: claimed by another node", job.name, scheduled_for)
        return None
    # After the claim is committed: the worker must find the row it reports to.
    result = run_periodic_job.enqueue(run.pk)
    ScheduledRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id))
    run.refresh_from_db()
    return run


def latest_slot(job, now, *, within=datetime.timedelta(minutes=10)):
    """The job's last scheduled time at or before ``now`` (None if none in ``within``).

    Every scheduler fires a slot under this name, even one that fires it late (a node that
    was busy or restarting), so the claim recognises the same slot on every node."""
    from apscheduler.triggers.cron import CronTrigger

    trigger = CronTrigger.from_crontab(job.cron, timezone=timezone.get_current_timezone())
    slot, moment = None, now - within
    while True:
        moment = trigger.get_next_fire_time(None, moment)
        if moment is None or moment > now:
            return slot
        slot = moment
        moment = moment + datetime.timedelta(seconds=1)


def fire_due(now=None):
    """Fire every job whose slot is this minute (``run_scheduler --tick``; a test's clock)."""
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    fired = []
    for job in JOBS:
        if latest_slot(job, now, within=datetime.timedelta(0)) == now:
            run = fire(job, now)
            if run is not None:
                fired.append(run)
    return fired


@task()
def run_periodic_job(run_id):
    """The worker's side: run the claimed job's command and record how it ended."""
    run = ScheduledRun.objects.get(pk=run_id)
    if run.status != RunStatus.ENQUEUED:
        return run.status  # a second delivery of the same task: it ran already
    job = job_named(run.job)
    output = io.StringIO()
    try:
        for arguments in _calls(job, run.scheduled_for):
            _call(job.command, arguments, output)
    except Exception as error:  # noqa: BLE001 - recorded on the run, then raised to the queue
        _finish(run, RunStatus.FAILED, output.getvalue() + f"\n{type(error).__name__}: {error}")
        raise
    _finish(run, RunStatus.SUCCEEDED, output.getvalue())
    return run.status


def _calls(job, scheduled_for):
    options = {key: _resolved(value, scheduled_for) for key, value in job.options.items()}
    if not job.per_municipality:
        yield [], options
        return
    slugs = Municipality.objects.active().order_by("slug").values_list("slug", flat=True)
    for slug in slugs:
        yield [slug], options


def _resolved(value, scheduled_for):
    if value == "end_of_previous_month":
        local = timezone.localtime(scheduled_for).date()
        return (local.replace(day=1) - datetime.timedelta(days=1)).isoformat()
    return value


def _call(command, arguments, output):
    args, options = arguments
    app_name = get_commands()[command]
    if isinstance(load_command_class(app_name, command), BackgroundCommand):
        # Already in the worker: run the work here instead of enqueueing it again.
        options = {**options, "now": True}
    call_command(command, *args, stdout=output, stderr=output, **options)


def _finish(run, status, output):
    run.status = status
    run.finished_at = timezone.now()
    run.output = output[-OUTPUT_KEPT:]
    run.save(update_fields=["status", "finished_at", "output"])
