"""A request id that follows a request into its logs and its tasks.

:class:`RequestIdMiddleware` takes the balancer's ``X-Request-ID`` (when it is a plain
token) or makes one, keeps it in a context variable for the request, and sends it back in
the response. :class:`RequestIdFilter` puts it on every log record, so the JSON logs of
production (LOG_FORMAT=json) can be searched by it. A task enqueued while the request
runs carries it on: django-tasks' ``task_enqueued`` signal stores it with the task's id
(:class:`TaskOrigin`), and ``task_started`` in the worker sets it again, so the worker's
log lines of that task name the request that asked for it."""

import contextvars
import logging
import re
import uuid

from django.db import DatabaseError

request_id = contextvars.ContextVar("request_id", default="")
# What a balancer or a client may give: letters, digits, dashes; anything else is replaced.
ACCEPTED = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def new_request_id():
    return uuid.uuid4().hex


def request_begins(sender, environ=None, scope=None, **kwargs):
    """request_started: the id is set before any middleware, and stays until the response
    is closed, so Django's own log line of an error response (written after the middleware
    chain) carries it too."""
    given = ""
    if environ is not None:
        given = environ.get("HTTP_X_REQUEST_ID", "")
    elif scope is not None:
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
    request_id.set(given if ACCEPTED.match(given) else new_request_id())


def request_ends(sender, **kwargs):
    request_id.set("")


class RequestIdMiddleware:
    """Hands the request its id and sends the id back in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = request_id.get()
        if not value:  # a request that did not come through a handler (RequestFactory)
            value = new_request_id()
            request_id.set(value)
        request.request_id = value
        response = self.get_response(request)
        response["X-Request-ID"] = value
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get()
        return True


def _queued(backend_class):
    """Whether the backend runs tasks in another process (the database queue)."""
    return backend_class.__module__.startswith("django_tasks_db")


def remember_origin(sender, task_result, **kwargs):
    """task_enqueued: the task's id → the request (or task) that enqueued it."""
    value = request_id.get()
    if not value or not _queued(sender):
        # No request, or the in-process backend runs it right here, under this very id.
        return
    from .models import TaskOrigin

    try:
        TaskOrigin.objects.update_or_create(
            task_id=str(task_result.id), defaults={"request_id": value}
        )
    except DatabaseError:
        # Never let the log's bookkeeping fail the request that enqueued real work.
        logging.getLogger(__name__).warning("request id of task %s not kept", task_result.id)


def restore_origin(sender, task_result, **kwargs):
    """task_started (in the worker): log the task's lines under its request's id."""
    if not _queued(sender):
        return
    from .models import TaskOrigin

    origin = TaskOrigin.objects.filter(task_id=str(task_result.id)).first()
    if origin is not None:
        TaskOrigin.objects.filter(pk=origin.pk).delete()  # read once: the table stays small
    request_id.set(origin.request_id if origin else f"task-{task_result.id}")


def forget_origin(sender, task_result, **kwargs):
    """task_finished (in the worker): the next task's lines must not carry this one's id."""
    if _queued(sender):
        request_id.set("")
