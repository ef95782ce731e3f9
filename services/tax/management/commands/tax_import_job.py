"""Carry out a register import uploaded in the officer's workspace (an ImportJob row made by
services.tax.services.start_import). The task worker runs it; ``--now`` runs it here."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from sites.background import BackgroundCommand

from ... import services as tax
from ...models import ImportJob


class Command(BackgroundCommand):
    help = (
        "Run a register import uploaded in the tax officers' workspace, by its job id. "
        "A job already finished is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--job-id", type=int, required=True, help="The ImportJob's id.")

    def run(self, job_id, **options):
        job = ImportJob.objects.unscoped().select_related("municipality").filter(pk=job_id).first()
        if job is None:
            raise CommandError(_("No import with the id %(id)s.") % {"id": job_id})
        job = tax.run_import_job(job)
        self.stdout.write(
            _(
                "%(rows)s lines: %(created)s created, %(changed)s changed, "
                "%(unchanged)s unchanged, %(errors)s with errors."
            )
            % {
                "rows": job.rows,
                "created": job.created,
                "changed": job.changed,
                "unchanged": job.unchanged,
                "errors": len(job.line_errors),
            }
        )
