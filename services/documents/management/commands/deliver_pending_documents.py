from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sites.actor import Actor

from ...delivery import retry_pending


class Command(BaseCommand):
    help = (
        "Retry the delivery of outgoing documents still awaiting a channel (e.g. once the "
        "portal mailbox is registered). Safe to run from cron."
    )

    def handle(self, *args, **options):
        results = retry_pending(actor=Actor.system())
        self.stdout.write(
            self.style.SUCCESS(_("%(delivered)d delivered, %(waiting)d still waiting.") % results)
        )
