"""The worker's heartbeat: a task the console enqueues when the last beat is old. The
worker that runs it stamps the time, so the console sees that tasks are being taken."""

import os
import socket

from django.utils import timezone
from django_tasks import task

from .models import WorkerHeartbeat

HEARTBEAT = "default"


@task()
def heartbeat():
    WorkerHeartbeat.objects.update_or_create(
        name=HEARTBEAT,
        defaults={"seen_at": timezone.now(), "worker": f"{socket.gethostname()}:{os.getpid()}"},
    )
