from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    ENQUEUED = "enqueued", _("Enqueued")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class ScheduledRun(models.Model):
    """One firing of a periodic job: the claim that makes it run once across nodes.

    Every scheduler process (one per node, or two during a rolling deploy) fires each job at
    the same scheduled time; the first to insert (job, scheduled_for) enqueues it, the others
    hit the unique constraint and skip. The row is also the job's history."""

    job = models.CharField(_("job"), max_length=80)
    scheduled_for = models.DateTimeField(_("scheduled for"))
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    node = models.CharField(_("node"), max_length=200, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.ENQUEUED
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # What the job printed (its last lines) or the error: for the operator, no personal data
    # (the commands print counts and identifiers only).
    output = models.TextField(_("output"), blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-scheduled_for", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "scheduled_for"], name="scheduled_run_once")
        ]

    def __str__(self):
        return f"{self.job} @ {self.scheduled_for:%Y-%m-%d %H:%M}"


class TaskOrigin(models.Model):
    """Which request enqueued a task, so the worker's log lines carry the request's id."""

    task_id = models.CharField(_("task"), max_length=64, unique=True)
    request_id = models.CharField(_("request id"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("task origin")
        verbose_name_plural = _("task origins")

    def __str__(self):
        return f"{self.task_id} <- {self.request_id}"
