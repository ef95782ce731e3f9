"""Who may call: bearer tokens of applications and people, a citizen's session for their
own data, and the one check every tenant endpoint makes (``require_scope``)."""

from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from sites.actor import Actor, Channel, client_ip
from sites.models import Municipality
from sites.ratelimits import wait_seconds

from . import problems
from .tokens import Principal, principal_for


def _limit(request, principal):
    """The application's (or person's) rate limit: 429 with Retry-After when over it."""
    key = f"client:{principal.client.pk}" if principal.client else f"user:{principal.user.pk}"
    seconds = wait_seconds(request, "api", key=key)
    if seconds:
        raise problems.too_many_requests(seconds)


class BearerAuth(HttpBearer):
    """``Authorization: Bearer vh_…``: an application's token or a person's own one."""

    openapi_description = "Városháza API token (vh_…)"

    def authenticate(self, request, token):
        principal = principal_for(token)
        if principal is None:
            seconds = wait_seconds(request, "api_refused")
            if seconds:
                raise problems.too_many_requests(seconds)
            raise problems.unauthorized(
                _("The token is unknown, revoked or expired. Ask for a new one.")
            )
        request.api_principal = principal
        _limit(request, principal)
        return principal


class CitizenSession(SessionAuth):
    """A citizen's own login session (the portal's), for /me/ only. Staff sessions are
    not accepted: an officer's access runs through the admin, not through this API."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or user.is_staff or user.is_superuser:
            return None
        principal = Principal(user=user)
        request.api_principal = principal
        _limit(request, principal)
        return principal


bearer = BearerAuth()
citizen_session = CitizenSession()


def municipality_by_ksh(ksh_code):
    municipality = Municipality.objects.filter(ksh_code=ksh_code, active=True).first()
    if municipality is None:
        raise problems.not_found(_("There is no municipality with this KSH code."))
    return municipality


def require_scope(request, ksh_code, scope):
    """The municipality of ``ksh_code`` and the actor of this call, when the caller's grant
    there holds ``scope``; otherwise 404 (no such municipality) or 403. Every tenant
    endpoint starts with this, so the check and its audit note cannot be forgotten."""
    principal = getattr(request, "api_principal", None) or request.auth
    request.api_scope = str(scope)
    municipality = municipality_by_ksh(ksh_code)
    request.api_municipality = municipality
    if principal is None or principal.client is None or principal.is_personal:
        raise problems.forbidden(_("A personal token reads only its owner's own data (/me/)."))
    granted = principal.scopes_in(municipality.pk)
    if not granted:
        raise problems.forbidden(
            _("This application has no access to the data of %(name)s.")
            % {"name": municipality.name}
        )
    if str(scope) not in granted:
        raise problems.forbidden(
            _("This application's grant for %(name)s lacks the scope %(scope)s.")
            % {"name": municipality.name, "scope": scope}
        )
    return municipality, actor_for(request, municipality)


def require_person(request):
    """The citizen behind a /me/ call (a personal token or their session)."""
    principal = getattr(request, "api_principal", None) or request.auth
    if principal is None or principal.user is None:
        raise problems.forbidden(
            _("/me/ answers a person: log in, or use a personal token, not an application's.")
        )
    return principal.user


def actor_for(request, municipality=None):
    """The services' actor of this call: the person of a personal token or session, or
    nobody (an application acts as itself; the call log names it), through the API."""
    principal = getattr(request, "api_principal", None)
    return Actor(
        user=getattr(principal, "user", None),
        municipality=municipality,
        channel=Channel.API,
        ip_address=client_ip(request),
    )
