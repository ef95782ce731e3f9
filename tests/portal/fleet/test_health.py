"""Service health on the console with production's database task backend: the queue's
length and the oldest task's wait come from django_tasks_db's table, and the worker's
heartbeat is a task the console asks for and the worker stamps."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.fleet import health
from portal.fleet.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_queue_and_the_heartbeat_with_the_database_backend(monkeypatch):
    # The worker closes stale connections between tasks; inside the test's transaction
    # that would close the test's own connection.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    with override_settings(TASKS=DATABASE_TASKS):
        # when the console is opened for the first time, it asks for a beat
        beat = health.worker_heartbeat()
        assert not beat["in_process"] and beat["silent"] and beat["seen_at"] is None
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=7))
        queue = health.task_queue()
        assert queue["waiting"] == 1 and queue["running"] == 0
        assert queue["oldest_minutes"] == 7
        # a second visit soon after does not ask again
        health.worker_heartbeat()
        assert DBTaskResult.objects.count() == 1

        # when a worker takes the queue, the beat is stamped and the queue is empty
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
        beat = health.worker_heartbeat()
        assert not beat["silent"] and beat["worker"]
        assert health.task_queue()["waiting"] == 0

        # a worker that stopped answering shows as silent
        WorkerHeartbeat.objects.update(
            seen_at=timezone.now() - datetime.timedelta(hours=1),
            enqueued_at=timezone.now() - datetime.timedelta(minutes=1),
        )
        assert health.worker_heartbeat()["silent"]


def test_in_process_with_the_immediate_backend():
    assert health.task_queue() is None
    beat = health.worker_heartbeat()
    assert beat["in_process"] and not beat["silent"]
    assert health.cache_hit_ratio() is None  # the local-memory cache keeps no statistics
