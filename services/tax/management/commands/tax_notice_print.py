"""Make the print PDFs of a notice run: its notices for the post, in files of
TAX_NOTICE_PRINT_FILE_SIZE notices (services.tax.services.notice_delivery). Notices
already in a file are left alone. A background job unless ``--now``."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from sites.background import BackgroundCommand

from ... import services as tax
from ...models import NoticeRun


class Command(BackgroundCommand):
    help = "Make the print PDFs of the notice run --run-id. The task worker runs it unless --now."

    def add_arguments(self, parser):
        parser.add_argument("--run-id", type=int, required=True, help="The notice run's id.")

    def prepare(self, run_id=None, **options):
        if not NoticeRun.objects.unscoped().filter(pk=run_id).exists():
            raise CommandError(_("No notice run %(id)s.") % {"id": run_id})
        return {"run_id": run_id}

    def run(self, run_id, **options):
        run = NoticeRun.objects.unscoped().select_related("municipality").get(pk=run_id)
        files = tax.make_print_files(run)
        pages = sum(f.pages for f in files)
        seconds = sum(f.seconds for f in files)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(files)s print files, %(pages)s pages in %(seconds).1f s.")
                % {"files": len(files), "pages": pages, "seconds": seconds}
            )
        )
