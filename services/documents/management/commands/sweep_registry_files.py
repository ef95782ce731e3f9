"""Delete the registry's stored files that no registered document refers to.

A registration writes its files before it takes its number (services/registration.py) and
deletes them again if it fails itself. Two cases remain that no code in the process can
see: the caller's transaction rolls back after the registration succeeded inside it, or
the process is killed between writing the files and the commit. Their files are left
behind without a record; this command, run from cron, removes them once they are older
than any registration could still be in flight (``--hours``, 24 by default)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import DocumentFile

FOLDER = "iratok"  # models.document_upload_to
BATCH = 500


def stored_names(storage, folder):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_names(storage, f"{folder}/{sub}")


class Command(BaseCommand):
    help = (
        "Delete the registry's stored files that no registered document refers to (left by "
        "a registration whose caller rolled back, or by a killed process) once they are "
        "older than --hours."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=24,
            help="leave files younger than this many hours (a registration may still be running)",
        )
        parser.add_argument("--dry-run", action="store_true", help="only count them")

    def handle(self, *args, hours, dry_run, **options):
        storage = DocumentFile._meta.get_field("file").storage
        cutoff = timezone.now() - datetime.timedelta(hours=hours)
        deleted = recent = 0
        names = list(stored_names(storage, FOLDER))
        for start in range(0, len(names), BATCH):
            batch = names[start : start + BATCH]
            referenced = set(
                DocumentFile.objects.unscoped()
                .filter(file__in=batch)
                .values_list("file", flat=True)
            )
            for name in batch:
                if name in referenced:
                    continue
                if storage.get_modified_time(name) > cutoff:
                    recent += 1
                    continue
                if not dry_run:
                    storage.delete(name)
                deleted += 1
        message = _(
            "%(deleted)d unreferenced files deleted, %(recent)d newer than %(hours)d hours kept."
        )
        if dry_run:
            message = _(
                "%(deleted)d unreferenced files would be deleted, %(recent)d newer than "
                "%(hours)d hours kept."
            )
        self.stdout.write(
            self.style.SUCCESS(message % {"deleted": deleted, "recent": recent, "hours": hours})
        )
