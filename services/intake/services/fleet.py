"""The provider's figures of applications across the fleet (the fleet console)."""

from sites.weekly import per_week

from ..constants import State
from ..models import Application


def submissions_per_week(weeks=12, today=None):
    """[(Monday, submissions, 0)]: applications submitted in each week, every channel and
    kind, every municipality (a draft never submitted is not counted)."""
    submitted = (
        Application.objects.unscoped()
        .filter(submitted_at__isnull=False)
        .exclude(state__in=[State.DRAFT, State.DISCARDED, State.EXPIRED])
    )
    return per_week(submitted, "submitted_at", weeks=weeks, today=today)
