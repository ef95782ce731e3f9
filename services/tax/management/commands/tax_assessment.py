"""The annual assessment of building, land and communal tax of a municipality for a year
(services.tax.services.assessment). Safe to repeat: an unchanged taxpayer gets nothing new.
A background job: the task worker runs it (sites.background) unless ``--now``."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.background import BackgroundCommand
from sites.models import Municipality

from ... import services as tax
from ...models import AssessmentRun


class Command(BackgroundCommand):
    help = (
        "Assess building, land and communal tax of a year: one decision per taxpayer, "
        "booked in two halves, registered and routed to the portal or a print batch. "
        "--preview books nothing and stores only the summary. The task worker runs it "
        "unless --now; the progress is kept on the run's row."
    )

    def add_arguments(self, parser):
        parser.add_argument("municipality", nargs="?", help="the municipality's slug")
        parser.add_argument("year", nargs="?", type=int, help="the tax year, e.g. 2027")
        parser.add_argument("--preview", action="store_true", help="Compute only, book nothing.")
        parser.add_argument(
            "--no-registry",
            action="store_true",
            help="Do not register the decisions in the document registry.",
        )
        parser.add_argument(
            "--run-id", type=int, help="The id of a run already created (start_assessment)."
        )

    def prepare(self, municipality=None, year=None, run_id=None, **options):
        if run_id is not None:
            return {"run_id": run_id}
        found = self._municipality(municipality)
        try:
            run = tax.create_assessment_run(
                found,
                year or 0,
                preview=options.get("preview", False),
                register=not options.get("no_registry", False),
                actor=Actor.system(municipality=found),
            )
        except tax.TaxError as error:
            raise CommandError(str(error)) from None
        return {"run_id": run.pk}

    def run(self, run_id, **options):
        run = AssessmentRun.objects.unscoped().select_related("municipality").get(pk=run_id)
        try:
            run = tax.run_assessment(run)
        except tax.TaxError as error:
            raise CommandError(str(error)) from None
        summary = run.summary
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(kind)s %(year)s: %(decisions)s decisions (%(new)s new, %(corrections)s "
                    "correcting), %(unchanged)s unchanged, %(entries)s ledger entries, "
                    "%(total)s Ft assessed."
                )
                % {
                    "kind": _("Preview") if run.preview else _("Assessment"),
                    "year": run.year,
                    "decisions": run.decisions,
                    "new": summary.get("new_decisions", 0),
                    "corrections": summary.get("correcting_decisions", 0),
                    "unchanged": run.unchanged,
                    "entries": run.entries_booked,
                    "total": run.total,
                }
            )
        )

    def _municipality(self, slug):
        found = Municipality.objects.filter(slug=slug or "").first()
        if found is None:
            raise CommandError(_("No municipality with the slug %(slug)s.") % {"slug": slug})
        return found
