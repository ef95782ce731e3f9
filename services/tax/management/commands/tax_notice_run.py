"""Make a notice run of a municipality: the September or March balance notices, the
payment reminders or the enforcement list (services.tax.services.notices), and deliver
the mailbox notices. A re-run notices nobody twice. A background job: the task worker
runs it (sites.background) unless ``--now``."""

import datetime

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from sites.actor import Actor
from sites.background import BackgroundCommand
from sites.models import Municipality

from ... import services as tax
from ...models import NoticeKind, NoticeRun


class Command(BackgroundCommand):
    help = (
        "Make the notices of KIND (september, march, reminder, enforcement) for every "
        "taxpayer of the municipality on --as-of (the configured day if not given) and "
        "deliver the mailbox ones. Idempotent. The task worker runs it unless --now."
    )

    def add_arguments(self, parser):
        parser.add_argument("municipality", nargs="?", help="the municipality's slug")
        parser.add_argument(
            "--kind",
            choices=NoticeKind.values,
            default=NoticeKind.SEPTEMBER,
            help="september (default), march, reminder or enforcement",
        )
        parser.add_argument("--as-of", help="the day of the balance, YYYY-MM-DD")
        parser.add_argument("--run-id", type=int, help="The id of a run already created.")

    def prepare(self, municipality=None, kind=None, as_of=None, run_id=None, **options):
        if run_id is not None:
            return {"run_id": run_id}
        found = Municipality.objects.filter(slug=municipality or "").first()
        if found is None:
            raise CommandError(
                _("No municipality with the slug %(slug)s.") % {"slug": municipality}
            )
        try:
            day = datetime.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError(
                _("The date is not valid: %(value)s (YYYY-MM-DD).") % {"value": as_of}
            ) from None
        try:
            run = tax.create_notice_run(
                found, kind, as_of=day, actor=Actor.system(municipality=found)
            )
        except tax.TaxError as error:
            raise CommandError(str(error)) from None
        return {"run_id": run.pk}

    def run(self, run_id, **options):
        run = NoticeRun.objects.unscoped().select_related("municipality").get(pk=run_id)
        try:
            run = tax.run_notices(run)
        except tax.TaxError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(kind)s on %(day)s: %(examined)s taxpayers examined, %(notices)s "
                    "notices (%(mailbox)s to the mailbox, %(print)s to print), %(below)s "
                    "below the thresholds, %(already)s noticed before."
                )
                % {
                    "kind": run.get_kind_display(),
                    "day": run.as_of.isoformat(),
                    "examined": run.taxpayers_done,
                    "notices": run.notices,
                    "mailbox": run.to_mailbox,
                    "print": run.to_print,
                    "below": run.below_threshold,
                    "already": run.already_noticed,
                }
            )
        )
