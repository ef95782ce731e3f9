"""Service health for the operators' console: the task queue, the worker's heartbeat,
the search index's lag, failed deliveries and the cache's hit ratio.

Each figure says what it measures; where it cannot be measured (the immediate task backend
runs tasks in-process; a local-memory cache keeps no statistics) it says so instead of
showing a number."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from portal.affairs import services as affairs
from search import health as search_health
from services.documents import services as registry

from .models import WorkerHeartbeat
from .tasks import HEARTBEAT, heartbeat

logger = logging.getLogger(__name__)

# A beat is asked for again when the last one is this old; a worker that has not answered
# for three times as long is shown as silent.
HEARTBEAT_EVERY = datetime.timedelta(minutes=5)


def uses_database_tasks():
    return "django_tasks_db" in settings.TASKS["default"]["BACKEND"]


def task_queue(now=None):
    """Waiting tasks and the age of the oldest, from django_tasks_db's table; None when
    tasks run in-process (the immediate backend: there is no queue)."""
    if not uses_database_tasks():
        return None
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    results = DBTaskResult.objects.all()
    waiting = results.filter(status=TaskResultStatus.READY)
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "waiting": waiting.count(),
        "running": results.filter(status=TaskResultStatus.RUNNING).count(),
        "failed_day": results.filter(
            status=TaskResultStatus.FAILED, finished_at__gte=now - datetime.timedelta(days=1)
        ).count(),
        "oldest_minutes": int((now - oldest).total_seconds() // 60) if oldest else None,
        "oldest_seconds": (now - oldest).total_seconds() if oldest else 0.0,
    }


def worker_heartbeat(now=None):
    """When a worker last ran the heartbeat task; asks for a new beat when it is old."""
    now = now or timezone.now()
    beat, _created = WorkerHeartbeat.objects.get_or_create(name=HEARTBEAT)
    if beat.enqueued_at is None or now - beat.enqueued_at > HEARTBEAT_EVERY:
        WorkerHeartbeat.objects.filter(pk=beat.pk).update(enqueued_at=now)
        try:
            heartbeat.enqueue()
        except Exception:  # a queue that refuses is what the console is there to show
            logger.exception("The heartbeat task could not be enqueued")
        beat.refresh_from_db()
    silent = beat.seen_at is None or now - beat.seen_at > 3 * HEARTBEAT_EVERY
    return {
        "in_process": not uses_database_tasks(),
        "seen_at": beat.seen_at,
        "worker": beat.worker,
        "silent": silent,
    }


def failed_deliveries(days=30):
    """Failed delivery attempts of the registry's outgoing documents and Ügyeim's e-mail
    notices that could not be sent, in the last ``days`` days."""
    return {
        "days": days,
        "documents": registry.failed_deliveries(days=days),
        "emails": affairs.failed_notices(days=days),
    }


def cache_hit_ratio():
    """Redis's own counters (keyspace hits and misses since the Redis server started,
    every client of that server counted) when the cache is Redis; None otherwise."""
    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" not in backend.lower():
        return None
    try:
        from django_redis import get_redis_connection

        stats = get_redis_connection("default").info("stats")
    except Exception:  # a cache that does not answer: the console says so
        logger.exception("Redis statistics could not be read")
        return {"error": True}
    hits, misses = stats.get("keyspace_hits", 0), stats.get("keyspace_misses", 0)
    total = hits + misses
    return {
        "hits": hits,
        "misses": misses,
        "ratio": round(100 * hits / total, 1) if total else None,
        "error": False,
    }


def search_lag():
    try:
        return search_health.index_lag()
    except Exception:  # an engine that is down is a finding, not a broken console
        logger.exception("The search index could not be checked")
        return {"error": True}
