"""The query log of each site and its report: what people search for, and what they do
not find. Only the folded query, the number of results, the time and the site are kept."""

import datetime

from django.db.models import Count, Max
from django.utils import timezone

from .models import QueryLog

REPORT_DAYS = 30
REPORT_ROWS = 20


def record(site, folded_query, results):
    if not folded_query or site is None:
        return None
    return QueryLog.objects.create(site=site, query=folded_query[:200], results=results)


def report(sites, *, days=REPORT_DAYS, rows=REPORT_ROWS, now=None):
    """The top searches and the searches without a result of ``sites`` over the last
    ``days`` days, most frequent first."""
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    searches = QueryLog.objects.filter(site__in=sites, searched_at__gte=since)
    grouped = searches.values("query").annotate(count=Count("pk"), last=Max("searched_at"))
    return {
        "days": days,
        "total": searches.count(),
        "top": list(grouped.order_by("-count", "query")[:rows]),
        "no_result": list(grouped.filter(results=0).order_by("-count", "query")[:rows]),
    }
