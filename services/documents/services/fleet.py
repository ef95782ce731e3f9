"""The provider's figures of the registry across the fleet (the fleet console)."""

import datetime

from django.db.models import Count
from django.utils import timezone

from sites.weekly import per_week

from ..constants import DeliveryStatus
from ..models import Case, DeliveryAttempt, Document


def registry_volume(weeks=12, today=None):
    """Documents registered (incoming and outgoing) this year and per week, cases opened
    this year, every municipality."""
    today = today or timezone.localdate()
    documents = Document.objects.unscoped()
    this_year = documents.filter(registered_at__year=today.year).aggregate(
        documents=Count("pk"), municipalities=Count("municipality", distinct=True)
    )
    return {
        "year": today.year,
        "documents": this_year["documents"],
        "municipalities": this_year["municipalities"],
        "cases": Case.objects.unscoped().filter(book__year=today.year).count(),
        "per_week": per_week(documents, "registered_at", weeks=weeks, today=today),
    }


def failed_deliveries(days=30, now=None):
    """Delivery attempts of outgoing documents that failed in the last ``days`` days (a
    channel that could not deliver; a later attempt may have succeeded)."""
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    return (
        DeliveryAttempt.objects.unscoped()
        .filter(status=DeliveryStatus.FAILED, attempted_at__gte=since)
        .count()
    )
