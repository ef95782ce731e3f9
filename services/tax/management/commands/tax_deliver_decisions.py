"""Deliver the registered assessment decisions still awaiting the portal mailbox: to the
mailbox of the account linked to the taxpayer, else to the print batch with the reason
(services.tax.services.portal_links.deliver_decisions). A repeat routes nothing twice."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.models import Municipality

from ... import services as tax
from ...models import AssessmentRun


class Command(BaseCommand):
    help = (
        "Deliver the municipality's assessment decisions awaiting the portal mailbox "
        "(of one run with --run-id): to the linked account's mailbox, else to print."
    )

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="the municipality's slug")
        parser.add_argument("--run-id", type=int, help="only the decisions of this run")

    def handle(self, municipality, run_id=None, **options):
        found = Municipality.objects.filter(slug=municipality or "").first()
        if found is None:
            raise CommandError(
                _("No municipality with the slug %(slug)s.") % {"slug": municipality}
            )
        run = None
        if run_id is not None:
            run = AssessmentRun.objects.for_municipality(found).filter(pk=run_id).first()
            if run is None:
                raise CommandError(_("No assessment run %(id)s here.") % {"id": run_id})
        counts = tax.deliver_decisions(found, run=run, actor=Actor.system(municipality=found))
        self.stdout.write(
            self.style.SUCCESS(
                _("Decisions delivered to the portal mailbox: %(mailbox)s; to print: %(print)s.")
                % counts
            )
        )
