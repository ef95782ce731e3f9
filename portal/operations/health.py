"""Liveness and readiness for the load balancer and the orchestrator (django-health-check).

``/healthz/`` answers 200 as long as the process serves requests: a failed liveness probe
restarts the process, so it checks nothing outside it. ``/readyz/`` checks what a request
needs: the database, the cache, both file storages, the search engine (when one is
configured) and the task queue's table; a node that fails it is taken out of the balancer
(503) until it passes again. The answer names the checks and their state, never a
connection string."""

import dataclasses

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

DATABASE_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"


@dataclasses.dataclass
class SearchEngine(HealthCheck):
    """The search engine answers (Elasticsearch/OpenSearch); the database backend is the
    database, which is checked on its own."""

    alias: str = "default"

    def run(self):
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend(self.alias)
        client = getattr(backend, "es", None)
        if client is None:
            return
        try:
            alive = client.ping()
        except Exception as error:  # noqa: BLE001 - any client error means "not reachable"
            raise ServiceUnavailable("Search engine not reachable") from error
        if not alive:
            raise ServiceUnavailable("Search engine not reachable")


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The task queue can be read (the database backend's table); a long queue is a
    figure for the metrics, not a reason to take a web node out of the balancer."""

    def run(self):
        if settings.TASKS["default"]["BACKEND"] != DATABASE_TASKS_BACKEND:
            return
        from django_tasks_db.models import DBTaskResult

        try:
            DBTaskResult.objects.exists()
        except Exception as error:  # noqa: BLE001
            raise ServiceUnavailable("Task queue not readable") from error


class Readiness(HealthCheckView):
    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        ("health_check.checks.Storage", {"alias": "default"}),
        ("health_check.checks.Storage", {"alias": "private"}),
        SearchEngine,
        TaskQueue,
    )

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            # 503: "not ready, ask another node", what balancers and Kubernetes expect.
            response.status_code = 503
        return response


class LivenessMiddleware:
    """Answers ``/healthz/`` first of all: no session, no site lookup, no query, so a
    database outage does not make the orchestrator restart healthy processes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz/":
            return liveness(request)
        return self.get_response(request)


@never_cache
def liveness(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


readiness = Readiness.as_view()
