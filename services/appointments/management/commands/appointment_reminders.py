"""The appointments' daily job: tomorrow's reminders, lapsed holds, old bookers' data.

Run it once a day (e.g. at 08:00) from the scheduler; a periodic scheduler is not part of
the platform yet (cron: ``manage.py appointment_reminders``, which enqueues it for the task
worker; ``--now`` runs it in place). Any number of runs sends each reminder once."""

from django.utils.translation import gettext as _

from services.appointments import services
from sites.actor import Actor
from sites.background import BackgroundCommand


class Command(BackgroundCommand):
    help = (
        "Send reminders of tomorrow's appointments, release unconfirmed holds and remove "
        "the personal data of old bookings (APPOINTMENTS_RETENTION_DAYS). Idempotent."
    )

    def run(self, **options):
        result = services.daily(Actor.system())
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(reminded)s reminders sent, %(failed)s failed (tried again next run), "
                    "%(expired)s unconfirmed holds released, %(anonymised)s old bookings "
                    "anonymised."
                )
                % result.__dict__
            )
        )
