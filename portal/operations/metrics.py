"""Prometheus metrics at ``/metrics``: django-prometheus's per-view request rate and
latency, plus the platform's own figures.

The platform's figures (task queue length and age, submissions, payments and registry
numbers per municipality) are read from the database when Prometheus scrapes, through one
grouped query each, and kept for ``METRICS_CACHE_SECONDS`` so that several scrapers (or
several web nodes scraped at once) cost one set of queries. The page cache's hits and misses
are counted by :class:`PageCacheMetricsMiddleware`, the first of the stack, which sees the
hits the page cache answers without running the rest.

Under gunicorn, each worker process counts its own requests: ``PROMETHEUS_MULTIPROC_DIR``
(deploy/gunicorn.conf.py) makes them one set. The figures are no one's personal data: a
municipality's KSH code is the only label besides the view's name."""

import hmac
import os

import prometheus_client
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404, HttpResponse
from prometheus_client import Counter, multiprocess
from prometheus_client.core import GaugeMetricFamily

PAGE_CACHE = Counter(
    "varoshaza_page_cache_requests",
    "Anonymous page requests answered from the page cache (hit) or rendered (miss).",
    ["result"],
)
FIGURES_KEY = "operations:metrics:figures"


class PageCacheMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = response.headers.get("X-Page-Cache")
        if state in ("HIT", "MISS"):
            PAGE_CACHE.labels(state.lower()).inc()
        return response


def task_queue():
    """(ready tasks, age in seconds of the oldest) of the database queue; (None, None) with
    the in-process backend, which has no queue. The operators' console reads the same
    function (portal.fleet.health), so both show one figure."""
    from portal.fleet import health

    queue = health.task_queue()
    if queue is None:
        return None, None
    return queue["waiting"], queue["oldest_seconds"]


def page_cache_counts():
    """(hits, misses) this node has counted: every gunicorn worker's, summed from the
    shared folder under PROMETHEUS_MULTIPROC_DIR, or this process's own without it."""
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return PAGE_CACHE.labels("hit")._value.get(), PAGE_CACHE.labels("miss")._value.get()
    registry = prometheus_client.CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    counts = {"hit": 0.0, "miss": 0.0}
    for family in registry.collect():
        if family.name != "varoshaza_page_cache_requests":
            continue
        for sample in family.samples:
            if sample.name.endswith("_total") and sample.labels.get("result") in counts:
                counts[sample.labels["result"]] += sample.value
    return counts["hit"], counts["miss"]


def page_cache_summary():
    """The page cache's hits, misses and hit ratio (per cent) on this node, for the
    operators' console; the ratio is None before the first anonymous page."""
    hits, misses = page_cache_counts()
    total = hits + misses
    return {
        "hits": int(hits),
        "misses": int(misses),
        "ratio": round(100 * hits / total, 1) if total else None,
    }


def _per_municipality(queryset):
    rows = queryset.values("municipality__ksh_code").annotate(n=Count("pk"))
    return {row["municipality__ksh_code"]: row["n"] for row in rows}


def platform_figures():
    figures = cache.get(FIGURES_KEY)
    if figures is not None:
        return figures
    from services.documents.models import Document
    from services.forms.models import Submission
    from services.payments.constants import SETTLED
    from services.payments.models import Payment

    length, age = task_queue()
    figures = {
        "queue_length": length,
        "queue_age": age,
        "submissions": _per_municipality(Submission.objects.unscoped()),
        "payments": _per_municipality(Payment.objects.unscoped().filter(status__in=SETTLED)),
        "registry_numbers": _per_municipality(Document.objects.unscoped()),
    }
    cache.set(FIGURES_KEY, figures, settings.METRICS_CACHE_SECONDS)
    return figures


class PlatformCollector:
    def describe(self):
        # Nothing to describe up front: registering must not query the database.
        return []

    def collect(self):
        figures = platform_figures()
        if figures["queue_length"] is not None:
            yield GaugeMetricFamily(
                "varoshaza_task_queue_length",
                "Tasks waiting for a worker.",
                value=figures["queue_length"],
            )
            yield GaugeMetricFamily(
                "varoshaza_task_queue_oldest_age_seconds",
                "How long the oldest waiting task has waited.",
                value=figures["queue_age"],
            )
        for name, key, text in (
            ("varoshaza_submissions", "submissions", "Form submissions received."),
            ("varoshaza_payments_paid", "payments", "Payments completed."),
            ("varoshaza_registry_numbers", "registry_numbers", "Registry numbers issued."),
        ):
            family = GaugeMetricFamily(name, text, labels=["municipality"])
            for ksh_code, count in sorted(figures[key].items()):
                family.add_metric([ksh_code or ""], count)
            yield family


PLATFORM = PlatformCollector()


def _allowed(request):
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    return request.META.get("REMOTE_ADDR") in settings.METRICS_ALLOWED_IPS


def metrics_view(request):
    if not _allowed(request):
        raise Http404  # not 403: the endpoint does not announce itself
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        # Every gunicorn worker's counters, from the shared folder, and ours once.
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(PLATFORM)
    else:
        registry = prometheus_client.REGISTRY  # PLATFORM is registered on it (apps.py)
    return HttpResponse(
        prometheus_client.generate_latest(registry),
        content_type=prometheus_client.CONTENT_TYPE_LATEST,
    )
