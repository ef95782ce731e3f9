"""The platform's periodic jobs, in one explicit list.

The operations app is the project's top layer and knows every command it schedules, so the
list is written out here rather than collected through a hook: what runs when is read in one
place. Each job is a management command; the scheduler (``manage.py run_scheduler``) claims
each firing once across nodes (:mod:`portal.operations.scheduler`) and hands it to the task
worker. Every command listed is idempotent: a second run of the same slot, or a run after a
missed one, does no harm (checked by tests/portal/operations/test_jobs.py for each)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    # A crontab line (minute hour day month weekday), in the platform's TIME_ZONE.
    cron: str
    command: str
    why: str
    options: dict = field(default_factory=dict)
    # Run the command once for every active municipality, its slug as the first argument.
    per_municipality: bool = False


JOBS = (
    PeriodicJob(
        "publish_scheduled_pages",
        "* * * * *",
        "publish_scheduled",
        "Pages and news with a go-live or expiry time are published or unpublished on the "
        "minute (Wagtail's own command).",
    ),
    PeriodicJob(
        "deliver_pending_documents",
        "*/10 * * * *",
        "deliver_pending_documents",
        "Outgoing registry documents whose delivery failed or waits for a channel are tried again.",
    ),
    PeriodicJob(
        "apply_legal_changes",
        "*/5 * * * *",
        "apply_legal_changes",
        "Form template versions whose date in force has come are switched on, deadline "
        "reminders go out a week and a day before, and passed deadlines apply their rule "
        "(#22; the public form also switches at the first request after the date).",
    ),
    PeriodicJob(
        "appointment_reminders",
        "*/15 * * * *",
        "appointment_reminders",
        "Tomorrow's appointments are reminded by e-mail (once each, however often it runs), "
        "unconfirmed holds past their time are released, and past bookers' personal data "
        "is emptied after APPOINTMENTS_RETENTION_DAYS.",
    ),
    PeriodicJob(
        "reconcile_payments",
        "15 * * * *",
        "reconcile_payments",
        "Card payments the bank confirmed but whose return the payer never reached are "
        "settled from the provider's records.",
    ),
    PeriodicJob(
        "purge_expired_drafts",
        "30 2 * * *",
        "purge_expired_drafts",
        "Citizens' form drafts past their keeping period are deleted (data minimisation).",
    ),
    PeriodicJob(
        "sweep_registry_files",
        "45 2 * * *",
        "sweep_registry_files",
        "Files uploaded to the registry's storage but never attached to a document (an "
        "aborted upload) are removed.",
    ),
    PeriodicJob(
        "retention_report",
        "0 3 1 * *",
        "retention_report",
        "The monthly list of registry files whose retention period has ended, for the "
        "records officers.",
    ),
    PeriodicJob(
        "search_index_check",
        "30 3 * * *",
        "search_check",
        "The search index is compared with the database and its drift repaired.",
        {"repair": True},
    ),
    PeriodicJob(
        "tax_interest_run",
        "0 1 1 * *",
        "tax_interest_run",
        "Late-payment interest is booked to the end of the previous month in every "
        "municipality (Art. 206. §); a re-run books nothing twice.",
        {"until": "end_of_previous_month"},
        per_municipality=True,
    ),
    PeriodicJob(
        "prune_task_results",
        "0 4 * * *",
        "prune_db_task_results",
        "Finished task results older than two weeks are deleted, so the queue table stays small.",
        {"min_age_days": 14, "failed_min_age_days": 60},
    ),
)


def job_named(name):
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)
