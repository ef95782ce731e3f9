"""Import a register or the opening balances of a municipality from the CSV export of its
previous system (services.tax.services.imports). Idempotent: the same file again changes
nothing. A background job: the task worker runs it (sites.background) unless ``--now``."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from sites.actor import Actor
from sites.background import BackgroundCommand, absolute_path
from sites.models import Municipality

from ... import services as tax


class Command(BackgroundCommand):
    help = (
        "Import one register (taxpayers, properties, ownerships, tax_objects, "
        "representations) or the opening balances (opening_balances) of a municipality from "
        "a CSV file (UTF-8, ; or , delimited; columns in the README, examples in "
        "data/tax/samples). Every error is reported with its line number; nothing is "
        "imported if any line is wrong, unless --partial. The task worker runs it unless "
        "--now (the worker reads the file: give a path it can read)."
    )

    # In the worker a failed import is a finished task whose output lists the lines to
    # correct; in the operator's shell (--now) it is also a non-zero exit.
    background_options = {"no_progress": True, "in_worker": True}

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="the municipality's slug, e.g. eger")
        parser.add_argument("kind", choices=tax.IMPORT_KINDS, help="what the file holds")
        parser.add_argument("csv_file", help="the CSV file")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Import the good lines even if some lines are wrong (those are reported).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )

    def prepare(self, municipality, kind, csv_file, **options):
        # Refused here, in the operator's shell: an unknown municipality, an unreadable file
        # or a missing column.
        self._municipality(municipality)
        self._read(kind, csv_file)
        return {
            "municipality": municipality,
            "kind": kind,
            "csv_file": absolute_path(csv_file),
            **options,
        }

    def run(
        self,
        municipality,
        kind,
        csv_file,
        partial=False,
        no_progress=False,
        in_worker=False,
        **options,
    ):
        found = self._municipality(municipality)
        data = self._bytes(csv_file)

        def progress(rows):
            return tqdm(rows, desc=_("Lines"), file=self.stderr, disable=no_progress)

        try:
            result = tax.import_registers(
                found,
                kind,
                data,
                partial=partial,
                actor=Actor.system(municipality=found),
                progress=progress,
            )
        except tax.ImportFileError as error:
            raise CommandError(str(error)) from None
        for error in result.errors:
            self.stderr.write(self.style.ERROR(str(error)))
        counts = {
            "rows": result.rows,
            "created": result.created,
            "changed": result.changed,
            "unchanged": result.unchanged,
            "errors": len(result.errors),
        }
        if not result.applied:
            failed = (
                _(
                    "%(errors)s of %(rows)s lines are wrong: nothing was imported. "
                    "Correct the file and import it again (or use --partial)."
                )
                % counts
            )
            if not in_worker:
                raise CommandError(failed)
            self.stdout.write(self.style.ERROR(failed))
            return
        summary = (
            _(
                "%(rows)s lines: %(created)s created, %(changed)s changed, "
                "%(unchanged)s unchanged, %(errors)s with errors."
            )
            % counts
        )
        style = self.style.WARNING if result.errors else self.style.SUCCESS
        self.stdout.write(style(summary))

    def _municipality(self, slug):
        found = Municipality.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(_("No municipality with the slug %(slug)s.") % {"slug": slug})
        return found

    def _bytes(self, csv_file):
        try:
            with open(csv_file, "rb") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(_("Cannot open the file: %(error)s") % {"error": error}) from None

    def _read(self, kind, csv_file):
        try:
            return tax.read_import_rows(self._bytes(csv_file), kind)
        except tax.ImportFileError as error:
            raise CommandError(str(error)) from None
