from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from wagtail.models import Site

from sites.page_cache import invalidate_hostname


class Command(BaseCommand):
    help = _(
        "Make every site's cached pages stale at once, in the cache server and in every "
        "worker's memory (emptying the cache server by hand does not reach the workers)."
    )

    def handle(self, *args, **options):
        hostnames = set(Site.objects.values_list("hostname", flat=True))
        for hostname in hostnames:
            invalidate_hostname(hostname)
        self.stdout.write(
            _("Cached pages of %(count)d host names are stale.") % {"count": len(hostnames)}
        )
