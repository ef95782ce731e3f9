"""The export's operations for views and commands: start one as a background task, run
it, report its progress, hand out its file. Who may do so: an operator for any
municipality, a municipality's site admin for their own (``administered_by``)."""

import hashlib
import os
import tempfile

from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from sites.hungarian import user_name
from sites.models import Municipality

from .archive import export_municipality
from .models import ExportJob, ExportState

PROGRESS_SECONDS = 24 * 60 * 60


def exportable_municipalities(user):
    return Municipality.objects.administered_by(user)


def jobs_for(user):
    """The exports this user may see and download."""
    return ExportJob.objects.for_municipalities(exportable_municipalities(user))


def _progress_key(job):
    return f"dataexport-progress:{job.municipality_id}:{job.pk}"


def progress_of(job):
    """(steps done, steps in all) of a running export; both 0 before the worker starts."""
    if job.state == ExportState.DONE:
        return (1, 1)
    return cache.get(_progress_key(job), (0, 0))


class ExportRunning(Exception):
    """An export of the municipality is queued or running already."""


def running_export(municipality):
    return (
        ExportJob.objects.for_municipality(municipality)
        .filter(state__in=[ExportState.QUEUED, ExportState.RUNNING])
        .first()
    )


def start_export(municipality, *, user=None):
    """Queue an export; the task worker runs it (at once with the immediate backend).
    One at a time per municipality: a second click while one runs starts nothing."""
    from sites.background import run_command

    if running_export(municipality) is not None:
        raise ExportRunning(municipality)
    job = ExportJob.objects.create(municipality=municipality, requested_by=user)
    transaction.on_commit(
        lambda: run_command.enqueue("export_municipality", {"job_id": job.pk, "output": None})
    )
    return job


def run_export(job):
    """Write the job's zip into the private storage; the outcome goes to the row."""
    municipality = job.municipality
    _update(job, state=ExportState.RUNNING, started_at=timezone.now())

    def progress(done, total, what):
        cache.set(_progress_key(job), (done, total), PROGRESS_SECONDS)

    handle, path = tempfile.mkstemp(suffix=".zip")
    os.close(handle)
    try:
        manifest = export_municipality(municipality, path, progress=progress)
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            while block := stream.read(1024 * 1024):
                digest.update(block)
            stream.seek(0)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            name = job.file.field.generate_filename(
                job, f"exports/{municipality.slug}/{municipality.slug}-{stamp}-{job.pk}.zip"
            )
            name = job.file.storage.save(name, File(stream, name=name))
        _update(
            job,
            state=ExportState.DONE,
            finished_at=timezone.now(),
            file=name,
            size=os.path.getsize(path),
            sha256=digest.hexdigest(),
            rows=sum(entry["rows"] for entry in manifest["entities"]),
            files=sum(1 for name in manifest["files"] if name.startswith("files/")),
        )
    except Exception as error:
        _update(job, state=ExportState.FAILED, finished_at=timezone.now(), error=str(error))
        raise
    finally:
        os.unlink(path)
    return job


def _update(job, **fields):
    ExportJob.objects.filter(municipality=job.municipality_id, pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def record_download(job, user):
    """Who took the data out is kept with the export."""
    entry = {"user": user.pk, "name": user_name(user), "at": timezone.now().isoformat()}
    with transaction.atomic():
        locked = ExportJob.objects.for_municipality(job.municipality_id).select_for_update()
        locked = locked.get(pk=job.pk)
        _update(locked, downloads=[*locked.downloads, entry])
