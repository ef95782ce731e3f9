from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portal.journey.services import purge_expired


class Command(BaseCommand):
    help = "Delete the portal drafts whose time is up, with their files (cron: nightly)."

    def handle(self, **options):
        count = purge_expired()
        self.stdout.write(
            self.style.SUCCESS(_("%(count)d expired draft(s) deleted.") % {"count": count})
        )
