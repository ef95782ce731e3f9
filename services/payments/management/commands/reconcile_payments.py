"""Compare local payments of a period with the provider's records and repair what a lost
webhook left behind: completions, refunds made at the provider, and the provider's messages
that arrived before their payment could take them (the inbox). Safe to run again and again:
every change goes through the same once-only service functions as the webhooks, and each
leaves a line in the payment's history (source: reconciliation). A background job: the task
worker runs it (sites.background) unless ``--now``."""

from datetime import datetime, time, timedelta

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from sites.background import BackgroundCommand

from ... import services
from ...constants import OPEN, SETTLED, EventSource, Outcome, PaymentStatus
from ...models import Payment
from ...providers import ProviderError, get_provider


def _moment(text, end=False):
    """A date (the whole day; as an end, up to its midnight) or an ISO date and time."""
    day = parse_date(text) if len(text) == 10 else None
    if day is not None:
        parsed = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    else:
        parsed = parse_datetime(text)
    if parsed is None:
        raise CommandError(f"Not a date: {text!r} (use YYYY-MM-DD or an ISO date and time).")
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


class Command(BackgroundCommand):
    help = "Reconcile payments of a period with the payment provider."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="start (YYYY-MM-DD or ISO time); default: 2 days ago")
        parser.add_argument("--until", help="end, inclusive day (YYYY-MM-DD); default: now")

    def prepare(self, since=None, until=None, **options):
        # Refused here, in the operator's shell, rather than in the worker's log.
        for text, end in ((since, False), (until, True)):
            if text:
                _moment(text, end=end)
        return {"since": since, "until": until, **options}

    def run(self, since=None, until=None, **options):
        now = timezone.now()
        start = _moment(since) if since else now - timedelta(days=2)
        end = _moment(until, end=True) if until else now
        if start >= end:
            raise CommandError("--since must be before --until.")
        # Operators' command: across all municipalities.
        payments = Payment.objects.unscoped().filter(created_at__gte=start, created_at__lt=end)
        counts = {
            "checked": 0,
            "repaired": 0,
            "expired": 0,
            "handed_over": 0,
            "mismatch": 0,
            "inbox": 0,
            "refunds": 0,
        }
        # First what the provider told us too early (a refund before its completion).
        # (Received in the period: a message about a payment of the period came after it.)
        for payment in services.apply_pending_messages(
            since=start, source=EventSource.RECONCILIATION
        ):
            counts["inbox"] += 1
            self.stdout.write(
                f"{payment.uuid} ({payment.reference}): applied a stored provider message, "
                f"now {PaymentStatus(payment.status).label}."
            )
        for payment in payments.order_by("created_at").iterator(chunk_size=200):
            counts["checked"] += 1
            before = payment.status
            if payment.status in OPEN:
                payment = services.refresh(payment, source=EventSource.RECONCILIATION)
                if payment.status != before:
                    counts["repaired"] += 1
                elif payment.expires_at and payment.expires_at < now - timedelta(minutes=5):
                    services.expire(payment, source=EventSource.RECONCILIATION)
                    counts["expired"] += 1
            elif payment.status in SETTLED:
                if services.settle_target(payment):
                    counts["handed_over"] += 1
                counts["mismatch"] += self._check_settled(payment)
                repaired, mismatch = self._check_refunds(payment)
                counts["refunds"] += repaired
                counts["mismatch"] += mismatch
        self.stdout.write(
            self.style.SUCCESS(
                "Reconciled {checked} payments: {repaired} completed from the provider, "
                "{expired} expired, {handed_over} handed over, {refunds} refunds recorded "
                "from the provider, {inbox} stored provider messages applied, "
                "{mismatch} to check by hand.".format(**counts)
            )
        )

    def _check_refunds(self, payment):
        """(1, 0) when a refund made at the provider was recorded now, (0, 1) when the
        provider has refunded less than we recorded (a person must look), else (0, 0)."""
        try:
            ours, theirs, repaired = services.reconcile_refunds(
                payment, source=EventSource.RECONCILIATION
            )
        except ProviderError as error:
            self.stderr.write(f"{payment.uuid}: provider not reachable ({error})")
            return 0, 0
        if repaired:
            self.stdout.write(
                f"{payment.uuid} ({payment.reference}): refunded {theirs} Ft at the provider, "
                f"{ours} Ft recorded here: the difference is recorded now."
            )
            return 1, 0
        if theirs is not None and theirs < ours:
            self.stderr.write(
                self.style.WARNING(
                    f"{payment.uuid} ({payment.reference}): {ours} Ft refunded here, {theirs} Ft"
                    " at the provider: check it by hand."
                )
            )
            return 0, 1
        return 0, 0

    def _check_settled(self, payment):
        try:
            update = get_provider(payment.provider).look_up(payment)
        except ProviderError as error:
            self.stderr.write(f"{payment.uuid}: provider not reachable ({error})")
            return 0
        if update is not None and update.outcome != Outcome.PAID:
            self.stderr.write(
                self.style.WARNING(
                    f"{payment.uuid} ({payment.reference}) is {PaymentStatus(payment.status).label}"
                    f" here, {update.outcome} at the provider: check it by hand."
                )
            )
            return 1
        return 0
