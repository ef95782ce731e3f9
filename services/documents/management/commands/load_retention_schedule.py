from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sites.models import Municipality

from ...casetypes import ScheduleError, load_schedule, sync_case_types


class Command(BaseCommand):
    help = (
        "Load the provider's retention schedule (data/retention_schedule.json or a file) and "
        "bring every municipality's case types in line with it."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="schedule JSON (default: the shipped one)")

    def handle(self, *args, **options):
        try:
            created, updated = load_schedule(options["path"])
        except (ScheduleError, OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        changed = 0
        for municipality in Municipality.objects.iterator():
            changed += sync_case_types(municipality)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Schedule: %(created)d new, %(updated)d changed item(s); %(changed)d case "
                    "type(s) of municipalities added or updated."
                )
                % {"created": created, "updated": updated, "changed": changed}
            )
        )
