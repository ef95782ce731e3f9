"""Long operators' jobs are tasks: enqueued by their command, run by the worker."""

import io

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.test import override_settings
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from sites.background import BackgroundCommand, run_command
from sites.checks import TASKS_NOT_QUEUED, task_backend_errors

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def enqueued():
    """The task results enqueued while the test runs."""
    results = []

    def remember(sender, task_result, **kwargs):
        results.append(task_result)

    task_enqueued.connect(remember)
    yield results
    task_enqueued.disconnect(remember)


@pytest.mark.parametrize(
    "command", ["reconcile_payments", "retention_report", "provision_municipalities"]
)
def test_each_long_job_is_a_background_command(command):
    assert isinstance(load_command_class(get_commands()[command], command), BackgroundCommand)


def test_reconciliation_is_enqueued_and_run_with_its_options(enqueued):
    out = io.StringIO()

    call_command("reconcile_payments", "--since", "2026-01-01", stdout=out)

    (result,) = enqueued
    assert result.task.func is run_command.func
    assert result.args[0] == "reconcile_payments"
    assert result.args[1] == {"since": "2026-01-01", "until": None}
    # The immediate backend ran it, and the command shows what the job printed.
    assert result.status == "SUCCESSFUL"
    assert "Reconciled 0 payments" in result.return_value["output"]
    assert "Reconciled 0 payments" in out.getvalue()


def test_now_runs_in_place_without_a_task(enqueued):
    out = io.StringIO()

    call_command("reconcile_payments", "--now", stdout=out)

    assert enqueued == []
    assert "Reconciled 0 payments" in out.getvalue()


def test_bad_options_are_refused_before_anything_is_enqueued(enqueued, tmp_path):
    with pytest.raises(CommandError, match="2026-01-31"):
        call_command("retention_report", "--as-of", "tegnap", "--output", str(tmp_path / "r.csv"))
    with pytest.raises(CommandError, match="Not a date"):
        call_command("reconcile_payments", "--since", "múlt hét")
    with pytest.raises(CommandError):
        call_command("provision_municipalities", str(tmp_path / "nincs-ilyen.csv"))

    assert enqueued == []


def test_the_job_gets_the_day_and_the_absolute_path_fixed_when_asked(
    enqueued, tmp_path, monkeypatch
):
    # given a relative output path, as an operator types it in some folder
    monkeypatch.chdir(tmp_path)

    call_command(
        "retention_report",
        "--as-of",
        "2031-05-04",
        "--output",
        "jelentes.csv",
        stdout=io.StringIO(),
    )

    (result,) = enqueued
    assert result.args[1]["as_of"] == "2031-05-04"
    assert result.args[1]["output"] == str(tmp_path / "jelentes.csv")
    assert (tmp_path / "jelentes.csv").exists()


def test_bulk_provisioning_runs_without_a_progress_bar_in_the_worker(enqueued, tmp_path):
    source = tmp_path / "ures.csv"
    source.write_text(
        "name,ksh_code,county,legal_status,postal_code,population\n", encoding="utf-8"
    )

    call_command("provision_municipalities", str(source), stdout=io.StringIO())

    (result,) = enqueued
    assert result.args[1] == {"csv_file": str(source), "no_progress": True}
    assert result.status == "SUCCESSFUL"


def test_a_failed_job_is_reported_by_the_command():
    # --since after --until passes the option check and fails in the job itself
    with pytest.raises(CommandError, match="--since must be before --until"):
        call_command("reconcile_payments", "--since", "2026-02-01", "--until", "2026-01-01")


def test_a_task_row_cannot_run_a_command_that_is_not_a_background_job():
    with pytest.raises(CommandError, match="not a background command"):
        run_command.call("flush", {"interactive": False})
    with pytest.raises(CommandError, match="Unknown command"):
        run_command.call("no_such_command", {})


def test_with_the_database_backend_the_worker_runs_the_job(tmp_path, monkeypatch):
    # The worker closes stale connections between tasks; inside the test's transaction
    # that would close the test's own connection.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    report = tmp_path / "jelentes.csv"
    out = io.StringIO()
    with override_settings(TASKS=DATABASE_TASKS):
        # when the operator asks for the report
        call_command("retention_report", "--output", str(report), stdout=out)

        # then it waits in the queue, not yet written
        row = DBTaskResult.objects.get()
        assert row.status == "READY"
        assert f"Feladatként sorba állítva: {row.id}" in out.getvalue()
        assert not report.exists()

        # when the worker takes what is waiting and stops
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    # then the job ran once and its output is the task's result
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert row.return_value["errors"] == ""
    assert str(report) in row.return_value["output"]
    assert report.exists()


@pytest.mark.parametrize(
    ("backend", "refused"),
    [
        ("django_tasks.backends.immediate.ImmediateBackend", True),
        ("django_tasks.backends.dummy.DummyBackend", True),
        ("django_tasks_db.DatabaseBackend", False),
    ],
)
def test_production_refuses_a_task_backend_without_a_worker(backend, refused):
    with override_settings(ENVIRONMENT="production", TASKS={"default": {"BACKEND": backend}}):
        errors = task_backend_errors()

    assert [error.id for error in errors] == ([TASKS_NOT_QUEUED] if refused else [])


def test_development_keeps_the_immediate_backend():
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ):
        assert task_backend_errors() == []
