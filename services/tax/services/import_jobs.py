"""The officer's CSV imports as jobs: an uploaded file becomes an ``ImportJob`` row that the
task worker carries out (sites.background), with its progress and its outcome kept for the
workspace's list of past imports.

The import itself (``imports.import_registers``) is all or nothing, one transaction: a
progress count written to the job's row inside it would stay invisible to the officer's
page until the very end. So the progress goes to the cache (Redis in production, shared by
the web processes and the worker), and only the outcome to the row."""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sites.actor import Actor, Channel

from ..models import ImportJob, RunState
from .imports import KINDS, ImportFileError, import_registers

# How often (in lines) the worker tells the cache how far it got: a few hundred writes for
# the largest files, none that a person would notice missing.
PROGRESS_EVERY = 50
PROGRESS_SECONDS = 24 * 60 * 60
# A job queued or running longer than this is taken as lost (the worker stopped, was
# restarted or never ran): the largest register files import in a few minutes.
# settings.TAX_IMPORT_TIMEOUT_MINUTES overrides it.
TIMEOUT_MINUTES = 60


def _progress_key(job):
    return f"tax-import-progress:{job.municipality_id}:{job.pk}"


def create_import_job(municipality, kind, content, *, file_name, partial=False, actor=None):
    """The job row of an uploaded file (``content``: bytes), queued."""
    if kind not in KINDS:
        raise ImportFileError(f"Unknown kind of register: {kind}")
    return ImportJob.objects.create(
        municipality=municipality,
        kind=kind,
        file_name=file_name[:255],
        content=bytes(content),
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        partial=partial,
        started_by=getattr(actor, "user", None),
    )


def start_import(municipality, kind, content, *, file_name, partial=False, actor=None):
    """Create the job and enqueue it for the task worker; returns the row. With the
    immediate task backend (tests, ``make run``) it has run on return."""
    from sites.background import run_command

    job = create_import_job(
        municipality, kind, content, file_name=file_name, partial=partial, actor=actor
    )
    # Enqueued once the row is committed, so that the worker finds it.
    transaction.on_commit(lambda: run_command.enqueue("tax_import_job", {"job_id": job.pk}))
    if not transaction.get_connection().in_atomic_block:
        job.refresh_from_db()
    return job


def import_progress(job):
    """(lines done, lines in all) of a running job; (0, 0) before the worker counted."""
    if job.is_finished:
        return (job.rows, job.rows)
    done, total = cache.get(_progress_key(job), (0, 0))
    return (min(done, total), total)


def _update(job, **fields):
    ImportJob.objects.filter(municipality=job.municipality_id, pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def run_import_job(job):
    """Carry out a queued job: the rows imported, unchanged and wrong are written to its row,
    the uploaded bytes dropped. A job already finished is left as it is (a task run twice
    imports once). Returns the job."""
    if job.is_finished:
        return job
    municipality = job.municipality
    # The officer who uploaded the file is who changed the registers, through a batch job.
    actor = Actor(user=job.started_by, municipality=municipality, channel=Channel.BATCH)
    _update(job, state=RunState.RUNNING, started_at=timezone.now())
    key = _progress_key(job)

    def progress(rows):
        total = len(rows)
        cache.set(key, (0, total), PROGRESS_SECONDS)
        for number, row in enumerate(rows, start=1):
            yield row
            if number % PROGRESS_EVERY == 0 or number == total:
                cache.set(key, (number, total), PROGRESS_SECONDS)

    # The messages are kept in the office's language, whichever process runs the job.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            result = import_registers(
                municipality,
                job.kind,
                bytes(job.content),
                partial=job.partial,
                actor=actor,
                progress=progress,
            )
        except ImportFileError as error:
            _finish(job, RunState.FAILED, error=str(error))
            return job
        except Exception as error:
            _finish(job, RunState.FAILED, error=str(error)[:2000])
            raise
    # Counts of what was written: an all-or-nothing import stopped by wrong lines wrote
    # nothing, whatever its good lines would have done.
    written = result.applied
    _finish(
        job,
        RunState.DONE,
        rows=result.rows,
        created=result.created if written else 0,
        changed=result.changed if written else 0,
        unchanged=result.unchanged if written else 0,
        line_errors=[[error.line, error.message] for error in result.errors],
        applied=result.applied,
    )
    cache.delete(key)
    return job


def _finish(job, state, **fields):
    _update(job, state=state, finished_at=timezone.now(), content=b"", **fields)


def fail_stuck_import_jobs(municipality, *, now=None):
    """Mark the municipality's jobs that have been queued or running for longer than the
    timeout as failed, with a message that tells the officer what to do; the uploaded
    bytes are dropped as for any finished job. Returns how many. A job that finishes
    after all (a very slow worker) records its real outcome over this one."""
    minutes = getattr(settings, "TAX_IMPORT_TIMEOUT_MINUTES", TIMEOUT_MINUTES)
    now = now or timezone.now()
    limit = now - datetime.timedelta(minutes=minutes)
    with translation.override(settings.LANGUAGE_CODE):
        message = _(
            "The import did not finish within %(minutes)s minutes: the background worker "
            "stopped or is not running. Nothing of this file was imported; upload it again."
        ) % {"minutes": minutes}
    return (
        ImportJob.objects.for_municipality(municipality)
        .filter(
            Q(state=RunState.QUEUED, created_at__lt=limit)
            | Q(state=RunState.RUNNING, started_at__lt=limit)
        )
        .update(state=RunState.FAILED, finished_at=now, content=b"", error=message)
    )


def import_jobs(municipality):
    """The municipality's imports, the latest first, without the uploaded bytes; jobs
    lost by the worker are marked failed first (``fail_stuck_import_jobs``), so neither
    the list nor a job's page waits for them for ever."""
    fail_stuck_import_jobs(municipality)
    return (
        ImportJob.objects.for_municipality(municipality)
        .defer("content")
        .select_related("started_by")
    )
