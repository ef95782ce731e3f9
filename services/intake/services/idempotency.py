"""A retried submission is the first one.

A citizen whose connection broke after pressing "Submit" cannot know whether the form
arrived, and presses it again (or the browser resends the post). Every form that submits
carries a submission token, a random value made when the form was rendered
(:func:`new_token`). The application keeps a key made of the token, of who sends it and,
for a form sent in one go, of the answers and files; a second post with the same key finds
the first application instead of making a second case, and the citizen is sent to its
receipt (or payment page).

The key includes the sender (the account, or "anonymous"), so a token taken from someone
else's page leads nowhere: the post makes its own application and never shows theirs.
For a form without an account, the token (122 random bits, seen only by the browser the
page was rendered for) together with the same answers is what proves it is the same
sender. A post with the same token but other answers (the citizen went back and changed
something) is a new submission. ``Application.submission_key`` is unique, so two identical
posts at the same moment cannot both create: the second one's insert waits for the first
transaction and then fails, and it answers with the first application."""

import hashlib
import json
import re
import uuid

from ..constants import EDITABLE, EventKind
from ..models import Application
from .history import record

TOKEN_FORM = re.compile(r"[0-9a-f]{32}")
CHUNK = 64 * 1024


def new_token():
    return uuid.uuid4().hex


def clean_token(value):
    """The token of a post, or "" when it has none (a page rendered before tokens) or a
    value that is no token: then the post is simply not recognised as a retry."""
    value = str(value or "")[:40].strip().lower().replace("-", "")
    return value if TOKEN_FORM.fullmatch(value) else ""


def _sender(actor):
    user = actor.user
    return f"user:{user.pk}" if user is not None and user.is_authenticated else "anonymous"


def _digest(*parts):
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()


def _file_fingerprint(upload):
    if not all(hasattr(upload, attr) for attr in ("read", "seek")):
        return str(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        digest.update(chunk)
    upload.seek(0)
    return [str(getattr(upload, "name", "")), getattr(upload, "size", 0), digest.hexdigest()]


def _answers_fingerprint(data, files):
    files = {
        str(key): [_file_fingerprint(f) for f in value]
        if isinstance(value, list | tuple)
        else _file_fingerprint(value)
        for key, value in (files or {}).items()
    }
    return json.dumps(
        {"data": data or {}, "files": files}, sort_keys=True, default=str, ensure_ascii=True
    )


def key_for_new(actor, kind, target, municipality, token, data, files):
    """The key of a form sent in one go (intake.submit_new); "" without a token."""
    if not token:
        return ""
    return _digest(
        "new",
        getattr(municipality, "pk", municipality),
        kind,
        getattr(target, "pk", target),
        _sender(actor),
        token,
        _answers_fingerprint(data, files),
    )


def key_for_draft(actor, application, token):
    """The key of a draft's submission (intake.submit): the draft is already the sender's
    one application, so its own id and the token are enough."""
    if not token:
        return ""
    return _digest("draft", application.pk, _sender(actor), token)


def earlier(key):
    if not key:
        return None
    return (
        Application.objects.unscoped()
        .filter(submission_key=key)
        .select_related("municipality")
        .first()
    )


def retried(application, actor):
    """The first application, answered to a retry: recorded (the retry is part of the
    story of a dispute) and marked, so the channel sends the citizen to its receipt."""
    record(application, EventKind.RETRIED, actor)
    application.retried = True
    return application


def retried_submission(actor, application, token):
    """``application`` when it was already submitted with this token by this sender (the
    retry of the post that submitted it), else None."""
    key = key_for_draft(actor, application, clean_token(token))
    if not key or application.state in EDITABLE or application.submission_key != key:
        return None
    return retried(application, actor)
