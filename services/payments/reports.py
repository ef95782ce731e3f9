"""The daily report for bookkeeping: every payment received and every refund made on one
day, as rows for one CSV (sites.workspace.csv_response writes it as Hungarian Excel opens
it, and keeps a citizen's text from running as a formula)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from sites.hungarian import user_name

from .constants import RefundStatus
from .models import Payment, Refund

COLUMNS = [
    "datum",
    "tetel",
    "hivatkozas",
    "cel",
    "leiras",
    "osszeg_ft",
    "penznem",
    "szolgaltato",
    "szolgaltatoi_azonosito",
    "fizeto",
    "megjegyzes",
]


def _day_bounds(day):
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def daily_rows(municipality, day):
    start, end = _day_bounds(day)
    payments = (
        Payment.objects.for_municipality(municipality)
        .filter(paid_at__gte=start, paid_at__lt=end)
        .select_related("payer")
        .order_by("paid_at", "pk")
    )
    for payment in payments:
        yield [
            timezone.localtime(payment.paid_at).strftime("%Y-%m-%d %H:%M:%S"),
            "befizetes",
            payment.reference,
            payment.purpose,
            payment.description,
            payment.amount,
            payment.currency,
            payment.provider,
            payment.provider_charge or payment.provider_reference,
            user_name(payment.payer) if payment.payer else "",
            "",
        ]
    refunds = (
        Refund.objects.for_municipality(municipality)
        .filter(created_at__gte=start, created_at__lt=end, status=RefundStatus.SUCCEEDED)
        .select_related("payment")
        .order_by("created_at", "pk")
    )
    for refund in refunds:
        payment = refund.payment
        yield [
            timezone.localtime(refund.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            "visszaterites",
            payment.reference,
            payment.purpose,
            payment.description,
            -refund.amount,
            payment.currency,
            payment.provider,
            refund.provider_reference,
            "",
            refund.reason,
        ]
