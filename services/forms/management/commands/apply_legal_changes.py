"""The scheduler's entry to legal changes: run it every few minutes (cron, systemd timer).

Switches every template version whose date in force has come, sends the deadline
reminders due today and applies the policy of every passed "must be live by" date. Each
step is idempotent, so a late or repeated run does no harm; the switch also happens at the
first request that serves a form after the date (services.forms.services.switch_if_due)."""

from django.core.management.base import BaseCommand

from services.forms.services import apply_due_versions, enforce_deadlines, send_reminders


class Command(BaseCommand):
    help = (
        "Switch legal changes that came into force, send deadline reminders, "
        "apply passed deadlines."
    )

    def handle(self, *args, **options):
        switched = apply_due_versions()
        reminded = send_reminders()
        enforced = enforce_deadlines()
        self.stdout.write(
            self.style.SUCCESS(
                f"Versions switched: {switched}; reminders sent: {reminded}; "
                f"forms past a deadline handled: {enforced}."
            )
        )
