"""Restore the newest backup into a scratch database and folder and verify it."""

import tempfile

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...backup import BackupError, restore_drill


class Command(BaseCommand):
    help = _(
        "Restore the newest backup (or --from FOLDER) into a scratch database "
        "(<database>_restore_drill) and a scratch folder, and compare every table's row "
        "count and every file's checksum with the backup's manifest. Exits with an error "
        "when anything differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="folder", help=_("The backup folder to restore."))
        parser.add_argument(
            "--keep", action="store_true", help=_("Keep the scratch database afterwards.")
        )

    def handle(self, *args, folder=None, keep=False, **options):
        with tempfile.TemporaryDirectory(prefix="restore-drill-") as scratch:
            try:
                report = restore_drill(folder, scratch_folder=scratch, keep=keep)
            except (BackupError, OSError, KeyError, ValueError) as error:
                raise CommandError(_("The restore failed: %(error)s") % {"error": error}) from None
        self.stdout.write(
            _(
                "%(backup)s: %(tables)s tables, %(rows)s rows, %(files)s files "
                "(%(bytes)s bytes) restored and compared."
            )
            % report
        )
        if report["problems"]:
            for problem in report["problems"]:
                self.stderr.write(problem)
            raise CommandError(
                _("The restore drill failed: %(count)s differences.")
                % {"count": len(report["problems"])}
            )
        self.stdout.write(self.style.SUCCESS(_("The restore drill passed.")))
