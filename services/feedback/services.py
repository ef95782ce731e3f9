"""The page feedback's façade: what the site's form, the admin report, the demo and other
apps (the provider's fleet console) call.

A vote is the visitor's own statement; it is stored as sent and never changed, so the table
is its own record of what happened. Only its moderation changes: the site's staff may hide
an abusive comment from the report and show it again (:func:`hide_comment`,
:func:`show_comment`); the vote itself keeps counting. Reports count votes in the
municipality's scope only; :func:`worst_pages` is the provider's view across the fleet
(operators only)."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page

from .models import COMMENT_MAX_LENGTH, PageVote
from .privacy import personal_data_in

REPORT_DAYS = 90
CHART_WEEKS = 12
# A page needs this many votes before its share of "no" ranks it among the worst: two
# unhappy visitors out of two say little.
WORST_MIN_VOTES = 5


class FeedbackRefused(ValueError):
    """The comment carries personal data (``kinds``: "email", "phone")."""

    def __init__(self, kinds):
        super().__init__(", ".join(sorted(kinds)))
        self.kinds = set(kinds)


def municipality_page(municipality, page_id):
    """The live public page of the municipality's own tree with this id, or None."""
    if municipality is None or not municipality.root_page_id:
        return None
    root = Page.objects.filter(pk=municipality.root_page_id).first()
    if root is None:
        return None
    return (
        Page.objects.live().public().descendant_of(root, inclusive=True).filter(pk=page_id).first()
    )


def record_vote(municipality, page, *, helpful, comment="", when=None):
    """Store one answer. A comment with an e-mail address or a phone number is refused
    (:class:`FeedbackRefused`), nothing stored; the caller shows it again to edit."""
    comment = (comment or "").strip()[:COMMENT_MAX_LENGTH]
    found = personal_data_in(comment)
    if found:
        raise FeedbackRefused(found)
    return PageVote.objects.create(
        municipality=municipality,
        page=page,
        helpful=bool(helpful),
        comment=comment,
        created_at=when or timezone.now(),
    )


@dataclass
class PageResult:
    page_id: int
    title: str
    yes: int
    no: int
    comments: int
    last: datetime.datetime | None

    @property
    def total(self):
        return self.yes + self.no

    @property
    def useful_percent(self):
        return round(100 * self.yes / self.total) if self.total else None


def _since(days, now=None):
    return (now or timezone.now()) - datetime.timedelta(days=days)


def _per_page(votes):
    rows = (
        votes.values("page_id", "page__title")
        .annotate(
            yes=Count("pk", filter=Q(helpful=True)),
            no=Count("pk", filter=Q(helpful=False)),
            comments=Count("pk", filter=~Q(comment="") & Q(hidden_at__isnull=True)),
            last=Max("created_at"),
        )
        .order_by()
    )
    return [
        PageResult(r["page_id"], r["page__title"], r["yes"], r["no"], r["comments"], r["last"])
        for r in rows
    ]


def report(municipality, *, days=REPORT_DAYS, page_id=None, now=None):
    """A municipality's results over the last ``days`` days: totals, per page (least useful
    first), the latest comments and the weekly series for the chart."""
    votes = PageVote.objects.for_municipality(municipality).filter(
        created_at__gte=_since(days, now)
    )
    if page_id is not None:
        votes = votes.filter(page_id=page_id)
    pages = sorted(
        _per_page(votes), key=lambda r: (r.useful_percent or 0, -r.total, r.title.lower())
    )
    return {
        "days": days,
        "yes": sum(p.yes for p in pages),
        "no": sum(p.no for p in pages),
        "pages": pages,
        "comments": list(
            votes.exclude(comment="")
            .filter(hidden_at__isnull=True)
            .select_related("page")
            .order_by("-created_at")[:50]
        ),
        "hidden": list(
            votes.exclude(comment="")
            .filter(hidden_at__isnull=False)
            .select_related("page", "hidden_by")
            .order_by("-hidden_at")[:50]
        ),
        "weeks": weekly(votes, now=now),
    }


def comment_of(municipality, vote_id):
    """The municipality's own vote with a comment, or None (another's id finds nothing)."""
    return (
        PageVote.objects.for_municipality(municipality)
        .exclude(comment="")
        .filter(pk=vote_id)
        .first()
    )


def _moderate(municipality, vote_id, user, *, hide):
    with transaction.atomic():
        vote = (
            PageVote.objects.for_municipality(municipality)
            .select_for_update()
            .exclude(comment="")
            .filter(pk=vote_id)
            .first()
        )
        if vote is None or (vote.hidden_at is not None) == hide:
            # Not this municipality's comment, or already in the asked state: nothing to
            # record twice.
            return vote
        vote.hidden_at = timezone.now() if hide else None
        vote.hidden_by = user if hide else None
        vote.save(update_fields=["hidden_at", "hidden_by"])
        # Who hid it and who showed it again stays on Wagtail's audit log, since showing
        # it again clears the fields above.
        log(
            instance=vote,
            action="feedback.hide_comment" if hide else "feedback.show_comment",
            user=user,
            data={"page_id": vote.page_id},
        )
    return vote


def hide_comment(municipality, vote_id, user):
    """Hide a comment of the municipality's report (who and when recorded); the vote still
    counts. Returns the vote, or None if it is not the municipality's comment."""
    return _moderate(municipality, vote_id, user, hide=True)


def show_comment(municipality, vote_id, user):
    """Undo :func:`hide_comment`."""
    return _moderate(municipality, vote_id, user, hide=False)


def weekly(votes, *, weeks=CHART_WEEKS, now=None):
    """(Monday, yes, no) for each of the last ``weeks`` calendar weeks, oldest first."""
    today = timezone.localdate(now or timezone.now())
    first = today - datetime.timedelta(days=today.weekday() + 7 * (weeks - 1))
    counts = {}
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    for created_at, helpful in votes.filter(created_at__gte=start).values_list(
        "created_at", "helpful"
    ):
        day = timezone.localdate(created_at)
        monday = day - datetime.timedelta(days=day.weekday())
        yes, no = counts.get(monday, (0, 0))
        counts[monday] = (yes + 1, no) if helpful else (yes, no + 1)
    series = []
    for index in range(weeks):
        monday = first + datetime.timedelta(days=7 * index)
        series.append((monday, *counts.get(monday, (0, 0))))
    return series


def worst_pages(limit=10, *, days=REPORT_DAYS, min_votes=WORST_MIN_VOTES, now=None):
    """The fleet's least useful pages for the provider's operators: pages with at least
    ``min_votes`` votes in the last ``days`` days, the highest share of "no" first. Each
    row: municipality (id, name), page (id, title, url), yes, no, useful_percent."""
    votes = PageVote.objects.unscoped().filter(created_at__gte=_since(days, now))
    rows = (
        votes.values("municipality_id", "municipality__name", "page_id", "page__title")
        .annotate(
            yes=Count("pk", filter=Q(helpful=True)),
            no=Count("pk", filter=Q(helpful=False)),
            total=Count("pk"),
        )
        .filter(total__gte=min_votes)
        .order_by()
    )
    ranked = sorted(rows, key=lambda r: (-r["no"] / r["total"], -r["total"], r["page_id"]))
    pages = Page.objects.in_bulk([r["page_id"] for r in ranked[:limit]])
    result = []
    for row in ranked[:limit]:
        page = pages.get(row["page_id"])
        result.append(
            {
                "municipality_id": row["municipality_id"],
                "municipality": row["municipality__name"],
                "page_id": row["page_id"],
                "title": row["page__title"],
                "url": page.get_full_url() if page else "",
                "yes": row["yes"],
                "no": row["no"],
                "useful_percent": round(100 * row["yes"] / row["total"]),
            }
        )
    return result
