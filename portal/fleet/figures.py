"""The console's figures, every one from a service's façade (import-linter keeps it so),
computed at most once per ``FLEET_CONSOLE_CACHE_SECONDS`` for every operator: the first
operator's visit pays, the others read the cache. The search index check reads every
indexed object and is kept for ``FLEET_SEARCH_CHECK_SECONDS``."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils import timezone

from portal.fleet import health
from portal.operations import metrics
from services.documents import services as registry
from services.forms import services as forms
from services.helpdesk import services as helpdesk
from services.intake import services as intake
from services.payments import services as payments
from services.tax import services as tax
from sites.constants import County, LegalStatus
from sites.models import Municipality

CACHE_KEY = "fleet:console:1"
SEARCH_CACHE_KEY = "fleet:search-lag:1"
WEEKS = 12


def _joined():
    joined = Municipality.objects.filter(active=True)
    by_county = joined.values("county").annotate(n=Count("id")).order_by("-n", "county")
    by_status = joined.values("legal_status").annotate(n=Count("id")).order_by("-n")
    return {
        "total": joined.count(),
        "population": joined.aggregate(total=Sum("population"))["total"] or 0,
        "by_county": [(County(r["county"]).label, r["n"]) for r in by_county],
        "by_legal_status": [(LegalStatus(r["legal_status"]).label, r["n"]) for r in by_status],
    }


def compute(today=None):
    """Every figure of the console, freshly (the cache keeps what this returns)."""
    today = today or timezone.localdate()
    form_figures = forms.fleet_figures(today)
    in_use = forms.templates_in_use()
    return {
        "computed_at": timezone.now(),
        "joined": _joined(),
        "forms": {
            "personalised": form_figures["personalised"],
            "share": form_figures["share"],
            "templates": form_figures["templates"],
            "templates_in_use": len(in_use),
            "top_templates": in_use[:10],
        },
        "submissions": intake.submissions_per_week(weeks=WEEKS, today=today),
        "payments": payments.payments_per_week(weeks=WEEKS, today=today),
        "tax": tax.tax_collected(weeks=WEEKS, today=today),
        "registry": registry.registry_volume(weeks=WEEKS, today=today),
        "helpdesk": helpdesk.helpdesk_load(),
        "deliveries": health.failed_deliveries(),
    }


def console_figures(refresh=False):
    figures = None if refresh else cache.get(CACHE_KEY)
    if figures is None:
        figures = compute()
        cache.set(CACHE_KEY, figures, settings.FLEET_CONSOLE_CACHE_SECONDS)
    return figures


def search_lag(refresh=False):
    lag = None if refresh else cache.get(SEARCH_CACHE_KEY)
    if lag is None:
        lag = health.search_lag()
        cache.set(SEARCH_CACHE_KEY, lag, settings.FLEET_SEARCH_CHECK_SECONDS)
    return lag


def live_health():
    """The cheap health figures, read at every visit; the page cache's and the platform's
    totals are the very figures /metrics gives Prometheus (portal.operations.metrics)."""
    platform = metrics.platform_figures()
    return {
        "queue": health.task_queue(),
        "heartbeat": health.worker_heartbeat(),
        "cache": health.cache_hit_ratio(),
        "page_cache": metrics.page_cache_summary(),
        "platform": {
            key: sum(platform[key].values())
            for key in ("submissions", "payments", "registry_numbers")
        },
    }


def worst_pages(limit=10):
    """The fleet's least useful pages by their visitors' "Was this page useful?" answers
    (services.feedback's façade: at least a few votes in the last 90 days, most "no" first)."""
    from services.feedback import services as feedback

    return feedback.worst_pages(limit)
