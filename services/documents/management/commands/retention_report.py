import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.models import Municipality

from ... import retention


class Command(BaseCommand):
    help = (
        "List closed cases whose retention period ended, write the CSV report, and with "
        "--mark mark them for destruction or for hand-over to the archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="slug of one municipality (default: all)")
        parser.add_argument("--as-of", help="date (YYYY-MM-DD); default: today")
        parser.add_argument("--output", help="CSV file; default: irattari-jelentes-<date>.csv")
        parser.add_argument("--mark", action="store_true", help="mark the cases listed")

    def handle(self, *args, **options):
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError(_("The date must look like 2026-01-31.")) from error
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(slug=options["municipality"]).first()
            if municipality is None:
                raise CommandError(
                    _("There is no municipality %(slug)s.") % {"slug": options["municipality"]}
                )
        cases = list(retention.due_cases(as_of, municipality))
        path = options["output"] or f"irattari-jelentes-{as_of.isoformat()}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as stream:
            count = retention.write_report(cases, stream)
        self.stdout.write(_("Report written: %(path)s") % {"path": path})
        if options["mark"]:
            counts = retention.mark(cases, actor=Actor.system())
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "%(total)d case(s): %(destroy)d marked for destruction, %(archive)d for "
                        "hand-over to the archive."
                    )
                    % {
                        "total": count,
                        "destroy": counts[retention.RetentionMark.DESTROY],
                        "archive": counts[retention.RetentionMark.ARCHIVE],
                    }
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(total)d case(s) past their retention period; nothing marked (use --mark).")
                    % {"total": count}
                )
            )
