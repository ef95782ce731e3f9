"""The periodic jobs: each slot runs once across nodes, in the worker, and is recorded."""

import datetime
import zoneinfo
from unittest import mock

import pytest
from django.core.management import call_command, get_commands, load_command_class

from portal.operations import scheduler
from portal.operations.jobs import JOBS, PeriodicJob, job_named
from portal.operations.models import RunStatus, ScheduledRun

pytestmark = pytest.mark.django_db
BUDAPEST = zoneinfo.ZoneInfo("Europe/Budapest")


def at(*args):
    return datetime.datetime(*args, tzinfo=BUDAPEST)


def test_two_schedulers_firing_the_same_slot_run_the_job_once():
    job = job_named("purge_expired_drafts")
    slot = at(2026, 12, 1, 2, 30)
    first = scheduler.fire(job, slot, node="web-1")
    second = scheduler.fire(job, slot, node="web-2")
    assert first is not None and second is None
    run = ScheduledRun.objects.get()
    assert (run.node, run.status) == ("web-1", RunStatus.SUCCEEDED)  # the in-process backend
    assert run.finished_at is not None


def test_the_next_slot_runs_again():
    job = job_named("purge_expired_drafts")
    scheduler.fire(job, at(2026, 12, 1, 2, 30))
    scheduler.fire(job, at(2026, 12, 2, 2, 30))
    assert ScheduledRun.objects.filter(job=job.name).count() == 2


def test_a_late_firing_names_the_slot_it_was_due_at():
    job = job_named("purge_expired_drafts")  # 02:30 every day
    late = at(2026, 12, 1, 2, 34, 17)
    assert scheduler.latest_slot(job, late) == at(2026, 12, 1, 2, 30)
    # outside the grace a slot is not fired any more
    assert scheduler.latest_slot(job, at(2026, 12, 1, 3, 0)) is None


def test_fire_due_fires_what_is_due_this_minute_only():
    fired = {run.job for run in scheduler.fire_due(at(2026, 12, 1, 3, 30))}
    # every minute: scheduled publishing; every five: legal changes; every ten: deliveries;
    # every fifteen: appointment reminders; at 3:30: the index check
    assert fired == {
        "publish_scheduled_pages",
        "apply_legal_changes",
        "appointment_reminders",
        "deliver_pending_documents",
        "search_index_check",
    }
    again = scheduler.fire_due(at(2026, 12, 1, 3, 30))
    assert again == []


def test_a_failing_job_is_recorded_with_its_error():
    job = PeriodicJob("broken", "* * * * *", "no_such_command_here", "test")
    with mock.patch.object(scheduler, "job_named", return_value=job):
        run = scheduler.fire(job, at(2026, 12, 1, 12, 0))
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "no_such_command_here" in run.output


def test_a_per_municipality_job_runs_for_each_active_municipality(municipality_a, municipality_b):
    municipality_b.active = False
    municipality_b.save(update_fields=["active"])
    job = job_named("tax_interest_run")
    calls = list(scheduler._calls(job, at(2026, 12, 1, 1, 0)))
    assert calls == [([municipality_a.slug], {"until": "2026-11-30"})]


def test_a_second_delivery_of_the_same_task_does_not_run_the_job_again():
    job = job_named("purge_expired_drafts")
    run = scheduler.fire(job, at(2026, 12, 1, 2, 30))
    with mock.patch.object(scheduler, "_call") as call:
        assert scheduler.run_periodic_job.call(run.pk) == RunStatus.SUCCEEDED
    call.assert_not_called()


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.name)
def test_every_job_names_a_command_that_takes_its_options(job):
    app_name = get_commands()[job.command]
    command = load_command_class(app_name, job.command)
    parser = command.create_parser("manage.py", job.command)
    destinations = {action.dest for action in parser._actions}
    assert set(job.options) <= destinations


def test_the_list_command_names_every_job(capsys):
    call_command("run_scheduler", "--list")
    printed = capsys.readouterr().out
    assert all(job.name in printed for job in JOBS)
