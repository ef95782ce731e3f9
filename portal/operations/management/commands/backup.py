"""Back up the database and both file storages into BACKUP_DIR (portal.operations.backup)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...backup import BackupError, backup


class Command(BaseCommand):
    help = _(
        "Back up the database (pg_dump of one snapshot, or SQLite's backup) and every file "
        "of the default and private storages, with a manifest of row counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", help=_("The folder to write into (BACKUP_DIR by default)."))

    def handle(self, *args, to=None, **options):
        try:
            folder = backup(to)
        except (BackupError, OSError) as error:
            raise CommandError(_("The backup failed: %(error)s") % {"error": error}) from None
        self.stdout.write(self.style.SUCCESS(_("Backup written: %(folder)s") % {"folder": folder}))
