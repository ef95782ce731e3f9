"""The demo's notices (``load_demo``): Eger's tax office has run this year's September
balance notice (the demo citizen Kovács János finds his in the portal mailbox, as PDF),
a payment reminder run six weeks ago and today's enforcement list. Runs once: a
municipality with any notice run is left alone."""

import datetime

from django.utils.translation import gettext as _

from .. import services as tax
from ..models import NoticeKind, NoticeRun

REMINDER_WEEKS_AGO = 6


def load_notice_demo(municipality, stdout=None, *, today=None):
    if NoticeRun.objects.for_municipality(municipality).exists():
        return None
    today = today or datetime.date.today()
    runs = [
        tax.run_notices(
            tax.create_notice_run(
                municipality,
                NoticeKind.SEPTEMBER,
                as_of=tax.default_day(NoticeKind.SEPTEMBER, today=today),
            )
        ),
        tax.run_notices(
            tax.create_notice_run(
                municipality,
                NoticeKind.REMINDER,
                as_of=today - datetime.timedelta(weeks=REMINDER_WEEKS_AGO),
            )
        ),
        tax.run_notices(tax.create_notice_run(municipality, NoticeKind.ENFORCEMENT, as_of=today)),
    ]
    if stdout is not None:
        stdout.write(
            _(
                "  Notices of %(name)s: %(september)d balance notices (%(mailbox)d to the "
                "portal mailbox), %(reminders)d reminders, %(listed)d on the enforcement list."
            )
            % {
                "name": municipality.name,
                "september": runs[0].notices,
                "mailbox": runs[0].to_mailbox,
                "reminders": runs[1].notices,
                "listed": runs[2].notices,
            }
        )
    return runs
