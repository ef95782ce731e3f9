"""Who acts in a service call: the user, for which municipality, on whose behalf, through
which channel, from which address.

Services take an ``Actor`` instead of the HTTP request so that an API call or a batch job,
which have no request, can call them too; only views know the request and build it."""

import ipaddress
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import _REQUEST_CACHE_ATTR


class Channel(models.TextChoices):
    ADMIN = "admin", _("officer administration")
    PORTAL = "portal", _("citizen portal")
    SITE_FORM = "site_form", _("form on the municipal website")
    API = "api", _("open API")
    BATCH = "batch", _("batch job")
    PAYMENT = "payment", _("payment provider")


@dataclass(frozen=True)
class Actor:
    user: Any = None
    municipality: Any = None
    on_behalf_of: Any = None
    channel: str = Channel.BATCH
    ip_address: str = ""

    @classmethod
    def from_request(cls, request, *, channel, municipality=None, on_behalf_of=None):
        """The actor of a view. The municipality is the one given (an officer's switcher
        choice) or the one the request already resolved; resolving it here would cost a
        query on every call for a value most services read from the case they act on."""
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated:
            user = None
        if municipality is None:
            municipality = getattr(request, _REQUEST_CACHE_ATTR, None)
        return cls(
            user=user,
            municipality=municipality,
            on_behalf_of=on_behalf_of,
            channel=channel,
            ip_address=client_ip(request),
        )

    @classmethod
    def system(cls, channel=Channel.BATCH, *, municipality=None):
        """The platform itself: a management command, a scheduled task."""
        return cls(municipality=municipality, channel=channel)


def client_ip(request):
    """The client's address: what the server saw (REMOTE_ADDR), or, behind proxies that the
    deployment names by number (``TRUSTED_PROXY_COUNT``), the address the outermost trusted
    proxy wrote into ``X-Forwarded-For``. The entries left of it are the client's to write
    and are never read, so nobody escapes a per-address limit or the audit trail by sending
    the header himself. Rate limits (ours and allauth's) and the audit trail use this."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # Not through the whole proxy chain (a health check on the host itself).
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
