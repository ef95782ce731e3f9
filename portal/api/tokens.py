"""Applications, grants and tokens: creating, checking and revoking them.

A token's secret is ``vh_`` and 43 URL-safe characters (256 random bits); only its SHA-256
digest is stored, so a leaked database gives no usable token. A plain digest (no salt, no
slow hash) is right here: the secret is random and long, nobody guesses it, and every
call must find its token by one indexed lookup."""

import hashlib
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiClient, ApiGrant, ApiToken
from .scopes import parse_scopes

SECRET_PREFIX = "vh_"
PREFIX_LENGTH = 10


class ClientError(ValueError):
    """A request to create or change an application that cannot be done (the message says
    why, in Hungarian)."""


def digest_of(secret):
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def create_client(name, *, municipality=None, grants=None, created_by=None, owner=None):
    """A new application. ``grants`` is {municipality: [scope, ...]}; a municipality's own
    application may only be granted its own municipality."""
    name = " ".join(str(name or "").split())[:120]
    if not name:
        raise ClientError(_("Give the application a name."))
    client = ApiClient.objects.create(
        name=name, municipality=municipality, created_by=created_by, owner=owner
    )
    for granted, scopes in (grants or {}).items():
        set_grant(client, granted, scopes)
    return client


def set_grant(client, municipality, scopes):
    """What ``client`` may do in ``municipality`` from now on (an empty list removes it)."""
    if client.municipality_id is not None and municipality.pk != client.municipality_id:
        raise ClientError(
            _("An application of %(own)s can only be granted access to %(own)s.")
            % {"own": client.municipality}
        )
    try:
        scopes = parse_scopes(scopes)
    except ValueError as error:
        raise ClientError(_("Unknown scope: %s") % error) from None
    if not scopes:
        ApiGrant.objects.filter(client=client, municipality=municipality).delete()
        return None
    grant, _created = ApiGrant.objects.update_or_create(
        client=client, municipality=municipality, defaults={"scopes": scopes}
    )
    return grant


def issue_token(client, *, expires_at=None):
    """A new token of ``client``: (the stored token, the secret to show once)."""
    if client.revoked_at is not None:
        raise ClientError(_("A revoked application gets no new token."))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        client=client,
        prefix=secret[:PREFIX_LENGTH],
        digest=digest_of(secret),
        expires_at=expires_at,
    )
    return token, secret


def revoke_token(token, now=None):
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def revoke_client(client, now=None):
    """Revoke the application and with it every token it has."""
    now = now or timezone.now()
    with transaction.atomic():
        if client.revoked_at is None:
            client.revoked_at = now
            client.save(update_fields=["revoked_at"])
        client.tokens.filter(revoked_at__isnull=True).update(revoked_at=now)
    return client


@dataclass
class Principal:
    """Who calls: the application and token, or (a personal token, a session) a person."""

    client: ApiClient | None = None
    token: ApiToken | None = None
    user: object = None
    grants: dict = field(default_factory=dict)  # municipality id -> set of scopes

    def scopes_in(self, municipality_id):
        return self.grants.get(municipality_id, set())

    @property
    def is_personal(self):
        return self.client is None or self.client.owner_id is not None


def principal_for(secret, now=None):
    """The principal of a bearer secret, or None when it is unknown, revoked or expired.
    ``last_used_at`` is written at most once a minute, so a busy client costs no write per
    call."""
    if not secret or not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("client", "client__owner")
        .filter(digest=digest_of(secret))
        .first()
    )
    if token is None or not token.usable(now):
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    client = token.client
    grants = {
        grant.municipality_id: set(grant.scopes) for grant in ApiGrant.objects.filter(client=client)
    }
    owner = client.owner if client.owner_id and client.owner.is_active else None
    if client.owner_id and owner is None:
        return None
    return Principal(client=client, token=token, user=owner, grants=grants)
