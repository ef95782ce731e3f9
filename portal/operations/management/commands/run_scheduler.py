"""The scheduler process of the Procfile: fires the periodic jobs of portal.operations.jobs."""

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ...jobs import JOBS, job_named
from ...scheduler import fire, fire_due, latest_slot


class Command(BaseCommand):
    help = _(
        "Run the periodic jobs' scheduler (one per node is safe: each firing runs once). "
        "--list shows the jobs, --run JOB fires one now, --tick fires those due this minute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help=_("List the periodic jobs."))
        parser.add_argument("--run", metavar="JOB", help=_("Fire this job now, once."))
        parser.add_argument(
            "--tick",
            action="store_true",
            help=_("Fire the jobs due this minute and exit (for cron instead of the daemon)."),
        )

    def handle(self, *args, list, run, tick, **options):
        if list:
            for job in JOBS:
                self.stdout.write(f"{job.name:28} {job.cron:15} {job.command}  — {job.why}")
            return
        if run:
            try:
                job = job_named(run)
            except KeyError:
                raise CommandError(_("No periodic job named %(name)s.") % {"name": run}) from None
            claimed = fire(job, timezone.now())
            self.stdout.write(
                _("%(name)s: %(state)s")
                % {"name": job.name, "state": claimed.status if claimed else _("already claimed")}
            )
            return
        if tick:
            for claimed in fire_due():
                self.stdout.write(f"{claimed.job}: {claimed.status}")
            return
        self._serve()

    def _serve(self):
        zone = timezone.get_current_timezone()
        scheduler = BlockingScheduler(timezone=zone)
        for job in JOBS:
            scheduler.add_job(
                self._fire,
                CronTrigger.from_crontab(job.cron, timezone=zone),
                args=[job],
                id=job.name,
                # A node that was down for a slot fires it late, once, within the grace; the
                # claim makes sure another node's firing of the same slot is not repeated.
                misfire_grace_time=300,
                coalesce=True,
                max_instances=1,
            )
        self.stdout.write(_("Scheduler started with %(count)s jobs.") % {"count": len(JOBS)})
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            scheduler.shutdown(wait=False)

    def _fire(self, job):
        slot = latest_slot(job, timezone.now())
        if slot is not None:
            fire(job, slot)
