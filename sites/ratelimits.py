"""Abuse limits of our own views (the contact form, invitations), on django-ratelimit.

allauth limits the views it owns (login, the texted login code, password reset, sign-up)
with ``ACCOUNT_RATE_LIMITS``; our views take their limits from ``RATE_LIMITS`` in the same
notation, so one reads both alike: ``"5/10m/ip,3/h/key"`` is five attempts per ten minutes
from one client address and three an hour for one person (the ``key`` a view names: an
e-mail address, a phone number, an invitation). ``user`` counts per signed-in account. The
counters live in the default cache (Redis in production, shared by the workers).

The client address is :func:`sites.actor.client_ip`, which reads ``X-Forwarded-For`` only
as far as ``TRUSTED_PROXY_COUNT`` allows; allauth is pointed at the same function."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

from .actor import client_ip

# The one message of every refused attempt, on our pages and allauth's 429 page alike.
LIMIT_MESSAGE = _("Too many attempts in a short time. Please wait a few minutes, then try again.")
TOO_MANY_REQUESTS = 429


def _rules(action):
    spec = settings.RATE_LIMITS.get(action) or ""
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        amount, period, kind = part.split("/")
        yield f"{amount}/{period}", kind


def _value(request, kind, key):
    if kind == "ip":
        return client_ip(request) or None
    if kind == "key":
        return str(key).strip().lower() if key else None
    if kind == "user":
        user = getattr(request, "user", None)
        return str(user.pk) if user is not None and user.is_authenticated else None
    raise ValueError(f"unknown rate-limit kind {kind!r} (ip, key or user)")


def hit(request, action, *, key=None):
    """Counts one attempt of ``action``; True when it is over one of its limits and must be
    refused. Every counter of the action is counted, so a refused attempt still counts: a
    client that keeps trying stays refused until it pauses."""
    limited = False
    for rate, kind in _rules(action):
        value = _value(request, kind, key)
        if value is None:
            continue  # e.g. no person named yet: the address's limit still applies
        usage = get_usage(
            request,
            group=f"vh:{action}:{kind}",
            key=lambda _group, _request, value=value: value,
            rate=rate,
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            limited = True
    return limited


def too_many_requests(request):
    """The page of a refused attempt (status 429), in the site's theme."""
    return render(request, "429.html", {"limit_message": LIMIT_MESSAGE}, status=TOO_MANY_REQUESTS)


def wait_seconds(request, action, *, key=None):
    """Like ``hit`` (counts one attempt), but says how long the client must wait: 0 when the
    attempt is within every limit of ``action``, otherwise the seconds until the longest
    exceeded window ends (a machine client's ``Retry-After``)."""
    wait = 0
    for rate, kind in _rules(action):
        value = _value(request, kind, key)
        if value is None:
            continue
        usage = get_usage(
            request,
            group=f"vh:{action}:{kind}",
            key=lambda _group, _request, value=value: value,
            rate=rate,
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            wait = max(wait, int(usage.get("time_left") or 1), 1)
    return wait
