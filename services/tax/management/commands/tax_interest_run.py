"""Book late-payment interest on every account of a municipality up to a day
(services.tax.services.interest.book_interest). A re-run books nothing twice. A background
job: the task worker runs it (sites.background) unless ``--now``."""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.background import BackgroundCommand
from sites.models import Municipality

from ... import services as tax
from ...models import InterestRun


class Command(BackgroundCommand):
    help = (
        "Book late-payment interest up to --until (today if not given) on every account of "
        "the municipality. Idempotent. The task worker runs it unless --now."
    )

    def add_arguments(self, parser):
        parser.add_argument("municipality", nargs="?", help="the municipality's slug")
        parser.add_argument("--until", help="the last day of interest, YYYY-MM-DD")
        parser.add_argument("--run-id", type=int, help="The id of a run already created.")

    def prepare(self, municipality=None, until=None, run_id=None, **options):
        if run_id is not None:
            return {"run_id": run_id}
        found = Municipality.objects.filter(slug=municipality or "").first()
        if found is None:
            raise CommandError(
                _("No municipality with the slug %(slug)s.") % {"slug": municipality}
            )
        try:
            day = datetime.date.fromisoformat(until) if until else timezone.localdate()
        except ValueError:
            raise CommandError(
                _("The date is not valid: %(value)s (YYYY-MM-DD).") % {"value": until}
            ) from None
        run = InterestRun.objects.create(
            municipality=found, until=day, started_by=Actor.system(municipality=found).user
        )
        return {"run_id": run.pk}

    def run(self, run_id, **options):
        run = InterestRun.objects.unscoped().select_related("municipality").get(pk=run_id)
        try:
            run = tax.run_interest(run)
        except tax.TaxError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Interest to %(until)s: %(examined)s charges examined, %(booked)s entries "
                    "booked, %(amount)s Ft net."
                )
                % {
                    "until": run.until.isoformat(),
                    "examined": run.charges_examined,
                    "booked": run.entries_booked,
                    "amount": run.amount,
                }
            )
        )
