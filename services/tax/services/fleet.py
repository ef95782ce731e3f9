"""The provider's figures of local taxes across the fleet (the fleet console)."""

from django.db.models import Count, Sum
from django.utils import timezone

from sites.weekly import per_week

from ..constants import EntryKind
from ..models import LedgerEntry


def tax_collected(year=None, weeks=12, today=None):
    """What the tax offices booked as paid: this year's total in forints, how many
    municipalities booked any, and [(Monday, payments, forints)] per week (booking date)."""
    today = today or timezone.localdate()
    year = year or today.year
    payments = LedgerEntry.objects.unscoped().filter(kind=EntryKind.PAYMENT)
    this_year = payments.filter(booked_on__year=year).aggregate(
        total=Sum("amount"), municipalities=Count("municipality", distinct=True)
    )
    return {
        "year": year,
        "total": this_year["total"] or 0,
        "municipalities": this_year["municipalities"],
        "per_week": per_week(payments, "booked_on", weeks=weeks, today=today, total="amount"),
    }
