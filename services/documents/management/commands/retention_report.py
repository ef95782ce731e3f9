import datetime

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.background import BackgroundCommand, absolute_path
from sites.models import Municipality

from ... import retention


class Command(BackgroundCommand):
    help = (
        "List closed cases whose retention period ended, write the CSV report, and with "
        "--mark mark them for destruction or for hand-over to the archive. The task worker "
        "runs it unless --now."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="slug of one municipality (default: all)")
        parser.add_argument("--as-of", help="date (YYYY-MM-DD); default: today")
        parser.add_argument("--output", help="CSV file; default: irattari-jelentes-<date>.csv")
        parser.add_argument("--mark", action="store_true", help="mark the cases listed")

    def prepare(self, as_of=None, municipality=None, output=None, **options):
        """The report's day and file are fixed when it is asked for, not when it runs."""
        day = timezone.localdate()
        if as_of:
            try:
                day = datetime.date.fromisoformat(as_of)
            except ValueError as error:
                raise CommandError(_("The date must look like 2026-01-31.")) from error
        if municipality and not Municipality.objects.filter(slug=municipality).exists():
            raise CommandError(_("There is no municipality %(slug)s.") % {"slug": municipality})
        output = absolute_path(output or f"irattari-jelentes-{day.isoformat()}.csv")
        return {"as_of": day.isoformat(), "municipality": municipality, "output": output,
                **options}

    def run(self, as_of, municipality, output, mark=False, **options):
        as_of = datetime.date.fromisoformat(as_of)
        municipality = Municipality.objects.get(slug=municipality) if municipality else None
        cases = list(retention.due_cases(as_of, municipality))
        with open(output, "w", encoding="utf-8-sig", newline="") as stream:
            count = retention.write_report(cases, stream)
        self.stdout.write(_("Report written: %(path)s") % {"path": output})
        if mark:
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
