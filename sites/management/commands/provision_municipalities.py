from collections import Counter

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import connection
from django.utils.translation import gettext as _
from tqdm import tqdm

from sites.background import BackgroundCommand, absolute_path
from sites.csv_source import SourceError, read_municipalities
from sites.provisioning import Outcome, provision_municipality
from sites.starter_tree import bulk_indexing


def describe_validation_error(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def refresh_planner_statistics():
    """Let PostgreSQL see how the page and collection trees have grown.

    A bulk load grows the tree faster than autovacuum re-analyses it; with stale statistics
    the planner sorts every page to find the last child of the root instead of reading one
    index entry, and each new municipality gets slower than the one before."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE wagtailcore_page, wagtailcore_collection")


class Command(BackgroundCommand):
    help = (
        "Provision every municipality of a CSV file (columns: name, ksh_code, county, "
        "legal_status, postal_code, population, optional slug). Idempotent: a re-run changes "
        "nothing; a bad row is reported with its line number and skipped. The task worker "
        "runs it unless --now (the worker reads the file: give a path it can read)."
    )

    analyze_every = 500
    # A progress bar is for a terminal, not for the result the worker keeps.
    background_options = {"no_progress": True}

    def add_arguments(self, parser):
        parser.add_argument(
            "csv_file", help="UTF-8 CSV file with a header row, e.g. data/municipalities.csv."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )

    def prepare(self, csv_file, **options):
        self._read(csv_file)  # an unreadable file or a missing column is refused at once
        return {"csv_file": absolute_path(csv_file), **options}

    def run(self, csv_file, no_progress=False, **options):
        rows = self._read(csv_file)
        outcomes = Counter()
        progress = tqdm(rows, desc=_("Municipalities"), file=self.stderr, disable=no_progress)
        with bulk_indexing():
            for number, row in enumerate(progress, start=1):
                outcome = self._provision(row, progress)
                outcomes[outcome] += 1
                if number % self.analyze_every == 0:
                    refresh_planner_statistics()
        self._summarise(len(rows), outcomes)

    def _read(self, csv_file):
        try:
            handle = open(csv_file, encoding="utf-8-sig", newline="")
        except OSError as error:
            raise CommandError(_("Cannot open the file: %(error)s") % {"error": error}) from error
        with handle:
            try:
                return list(read_municipalities(handle))
            except (SourceError, UnicodeDecodeError) as error:
                raise CommandError(
                    _("Cannot read the file: %(error)s") % {"error": error}
                ) from error

    def _provision(self, row, progress):
        """Provision one row; a bad one is reported and skipped. Returns its outcome."""
        if row.data is None:
            self._report_bad_row(row.line_number, row.error)
            return "error"
        try:
            result = provision_municipality(row.data)
        except ValidationError as error:
            self._report_bad_row(row.line_number, describe_validation_error(error))
            return "error"
        if result.outcome == Outcome.UPDATED:
            progress.write(
                _("Line %(line)s: %(name)s updated (%(fields)s)")
                % {
                    "line": row.line_number,
                    "name": result.municipality.name,
                    "fields": ", ".join(result.changed_fields),
                },
                file=self.stdout,
            )
        return result.outcome

    def _summarise(self, row_count, outcomes):
        summary = _(
            "%(rows)s rows: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged, %(errors)s with errors."
        ) % {
            "rows": row_count,
            "created": outcomes[Outcome.CREATED],
            "updated": outcomes[Outcome.UPDATED],
            "unchanged": outcomes[Outcome.UNCHANGED],
            "errors": outcomes["error"],
        }
        if not outcomes[Outcome.CREATED] and not outcomes[Outcome.UPDATED]:
            summary += " " + _("Nothing changed.")
        style = self.style.WARNING if outcomes["error"] else self.style.SUCCESS
        self.stdout.write(style(summary))

    def _report_bad_row(self, line_number, message):
        self.stderr.write(
            self.style.ERROR(
                _("Line %(line)s skipped: %(message)s") % {"line": line_number, "message": message}
            )
        )
