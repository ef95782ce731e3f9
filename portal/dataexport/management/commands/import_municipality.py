"""Restore a municipality's export (``export_municipality``) into an installation that
does not have it: ``manage.py migrate`` on an empty database, then this."""

import time
import zipfile

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...restore import ImportRefused, import_municipality


class Command(BaseCommand):
    help = (
        "Restore a municipality's export zip into this installation (an empty one, or one "
        "without that municipality); checksums and row counts are verified."
    )

    def add_arguments(self, parser):
        parser.add_argument("zip", help="The export file.")

    def handle(self, zip, **options):
        started = time.monotonic()

        def progress(done, total, what):
            self.stdout.write(f"[{done}/{total}] {what}")

        try:
            report = import_municipality(zip, progress=progress)
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        except zipfile.BadZipFile:
            raise CommandError(_("%(path)s is not a zip file.") % {"path": zip}) from None
        except FileNotFoundError:
            raise CommandError(_("No such file: %(path)s") % {"path": zip}) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(name)s restored: %(rows)s rows of %(entities)s kinds and %(files)s "
                    "files in %(seconds).1f s; checksums and counts verified. Staff log in "
                    "after a password reset."
                )
                % {
                    "name": report["municipality"]["name"],
                    "rows": report["rows"],
                    "entities": report["entities"],
                    "files": report["files"],
                    "seconds": time.monotonic() - started,
                }
            )
        )
