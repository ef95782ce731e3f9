"""Export everything of one municipality into a zip (docs/export-schema.md).

``manage.py export_municipality eger --output eger.zip`` writes the file here and now;
with ``--job-id`` it carries out an export started in the admin (the task worker does)."""

import time

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from sites.background import BackgroundCommand, absolute_path
from sites.models import Municipality

from ... import services
from ...archive import export_municipality
from ...models import ExportJob


class Command(BackgroundCommand):
    help = (
        "Export a municipality's pages, media, forms, registry, payments, tax and trade "
        "records, audit trail, settings and staff into a zip with a manifest of checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="The municipality's slug, e.g. eger.")
        parser.add_argument("--output", help="Where to write the zip (with a slug).")
        parser.add_argument("--job-id", type=int, help="An export started in the admin.")

    def prepare(self, slug=None, output=None, job_id=None, **options):
        if job_id is None:
            if not slug or not output:
                raise CommandError(_("Give a municipality's slug and --output, or --job-id."))
            if not Municipality.objects.filter(slug=slug).exists():
                raise CommandError(_("No municipality with the slug %(slug)s.") % {"slug": slug})
            output = absolute_path(output)
        return {**options, "slug": slug, "output": output, "job_id": job_id}

    def run(self, slug=None, output=None, job_id=None, **options):
        started = time.monotonic()
        if job_id is not None:
            job = ExportJob.objects.unscoped().select_related("municipality").filter(pk=job_id)
            job = job.first()
            if job is None:
                raise CommandError(_("No export with the id %(id)s.") % {"id": job_id})
            job = services.run_export(job)
            rows, files, size = job.rows, job.files, job.size
        else:
            municipality = Municipality.objects.get(slug=slug)

            def progress(done, total, what):
                self.stdout.write(f"[{done}/{total}] {what}")

            manifest = export_municipality(municipality, output, progress=progress)
            rows = sum(entry["rows"] for entry in manifest["entities"])
            files = sum(1 for name in manifest["files"] if name.startswith("files/"))
            size = sum(item["size"] for item in manifest["files"].values())
        seconds = time.monotonic() - started
        self.stdout.write(
            _("Exported %(rows)s rows and %(files)s files (%(mb).1f MB) in %(seconds).1f s.")
            % {"rows": rows, "files": files, "mb": size / 1e6, "seconds": seconds}
        )
