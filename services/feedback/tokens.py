"""The feedback form's anti-spam token, instead of a third-party captcha.

Three cheap checks, none of which asks the visitor anything:

* a **signed token** naming the page and the moment the form was drawn: a post without one,
  for another page, or older than ``FEEDBACK_TOKEN_MAX_AGE`` is not counted (the form is
  shown again with a fresh token, so a person loses nothing). It stands in for Django's CSRF
  token, which would put a cookie on every page and keep pages out of the page cache; a
  forged vote carries no one's authority, so a signed form token is what matters here;
* a **minimum time** (``FEEDBACK_MIN_SECONDS``) between drawing the form and sending it:
  scripts post at once, people read first. A page served from the page cache carries an
  older token, so the check bites only on freshly drawn forms: it filters the crudest
  scripts, and the rate limit is what bounds the rest;
* a **honeypot** field hidden from people and screen readers (``sites.ratelimits`` has
  the per-address limit): a filled one is thanked and dropped."""

import time

from django.conf import settings
from django.core import signing

SALT = "services.feedback.form"
HONEYPOT_FIELD = "weboldal"


def issue(page_id, now=None):
    payload = {"p": int(page_id), "t": int(now if now is not None else time.time())}
    return signing.dumps(payload, salt=SALT, compress=False)


def check(token, page_id, now=None):
    """``"ok"``, ``"too_fast"``, ``"expired"`` or ``"invalid"``."""
    now = now if now is not None else time.time()
    try:
        payload = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return "invalid"
    if not isinstance(payload, dict) or payload.get("p") != int(page_id):
        return "invalid"
    age = now - int(payload.get("t", 0))
    if age < settings.FEEDBACK_MIN_SECONDS:
        return "too_fast"
    if age > settings.FEEDBACK_TOKEN_MAX_AGE:
        return "expired"
    return "ok"
