"""The knowledge base and the canned answers: the provider's own texts, the same for
every municipality."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from sites.normalise import fold, has_unstorable

from .. import sla
from ..constants import Priority, Status
from ..models import Article, CannedAnswer, Ticket

MAX_QUERY = 100


def search_articles(query):
    """Published articles whose folded text holds every word of the query, with or
    without accents ("hatarido" and "határidő" find the same); titles that match first."""
    articles = Article.objects.filter(published=True)
    query = str(query or "")[:MAX_QUERY]
    if has_unstorable(query):
        return []  # no article holds a NUL or half a character; the database refuses them
    words = fold(query).split()
    if not words:
        return list(articles)
    for word in words:
        articles = articles.filter(search_text__contains=word)
    found = list(articles)
    found.sort(key=lambda a: (not all(w in fold(a.title) for w in words), fold(a.title)))
    return found


def article(slug):
    return Article.objects.filter(published=True, slug=slug).first()


def canned_answers(category=None):
    """The canned answers in use: the ticket's category's first, then the general ones."""
    answers = list(CannedAnswer.objects.filter(active=True))
    answers.sort(key=lambda a: (a.category != category, a.category != "", a.title))
    return answers


def helpdesk_load(now=None, weeks=12):
    """The fleet console's figures: open tickets by priority, waiting for municipalities,
    over their SLA, and tickets opened per week."""
    now = now or timezone.now()
    tickets = Ticket.objects.unscoped()
    open_tickets = list(tickets.exclude(status=Status.RESOLVED))
    with_provider = [t for t in open_tickets if t.status != Status.WAITING]
    since = timezone.localdate(now) - datetime.timedelta(weeks=weeks)
    per_week = (
        tickets.filter(created_at__date__gte=since)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(count=Count("id"))
        .order_by("week")
    )
    by_priority = {value: 0 for value in Priority.values}
    for ticket in with_provider:
        by_priority[ticket.priority] += 1
    return {
        "open": len(open_tickets),
        "with_provider": len(with_provider),
        "waiting": len(open_tickets) - len(with_provider),
        "breached": sum(1 for t in open_tickets if sla.state(t, now).breached),
        "by_priority": [(Priority(value).label, count) for value, count in by_priority.items()],
        "per_week": [(row["week"], row["count"]) for row in per_week],
        "total": tickets.count(),
    }
