"""Natural identity data, as each identity provider sends it, in one shape.

One reader per allauth provider id, registered in :data:`identity_sources`: the KAÜ over
SAML 2.0, an OpenID Connect agent, and the development identity agent. Which attribute
or claim carries which datum is configuration (``KAU_SAML_ATTRIBUTES``,
``KAU_OIDC_CLAIMS``): the agent's interface description is not public, so the defaults
are the eIDAS natural-person attributes where one exists (see README)."""

import datetime
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings

from sites.registry import Registry, demo

from .constants import (
    DEFAULT_LEVEL_FOR_METHOD,
    EIDAS_LEVEL_URIS,
    AssuranceLevel,
    IdentificationMethod,
)

logger = logging.getLogger(__name__)

IDENTITY_FIELDS = (
    "family_name",
    "given_name",
    "birth_name",
    "mothers_name",
    "place_of_birth",
    "date_of_birth",
)
# Where the SAML provider keeps the AuthnContextClassRef values next to the attributes.
AUTHN_CONTEXTS_KEY = "_authn_context_class_refs"


@dataclass
class IdentityClaims:
    """What an identity provider vouched for about one natural person."""

    subject: str
    method: str
    assurance_level: str
    family_name: str = ""
    given_name: str = ""
    birth_name: str = ""
    mothers_name: str = ""
    place_of_birth: str = ""
    date_of_birth: datetime.date | None = None
    email: str = ""
    problems: list = field(default_factory=list)


# The login methods: the allauth providers in SOCIALACCOUNT_PROVIDERS are the ones in use.
identity_sources = Registry(
    "login methods",
    setting="SOCIALACCOUNT_PROVIDERS",
    hint="Unset DEVELOPMENT_AGENT_ENABLED: it adds the development identity agent.",
)


def claims_for(sociallogin):
    """The identity in an allauth SocialLogin, or None for a provider that gives none."""
    reader = identity_sources.get(sociallogin.account.provider)
    if reader is None:
        # SAML/OIDC apps are stored under the app's provider_id when it has one.
        reader = identity_sources.get(getattr(sociallogin.provider, "id", ""))
    if reader is None:
        return None
    return reader(sociallogin.account.extra_data or {}, sociallogin.account.uid)


def parse_date(value):
    """A date of birth as agents write it: 1980-05-17, 1980.05.17 or 1980.05.17."""
    if isinstance(value, datetime.date):
        return value
    match = re.fullmatch(r"\s*(\d{4})[-.](\d{2})[-.](\d{2})\.?\s*", str(value or ""))
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def level_for(method, stated_levels=()):
    """The eIDAS level the agent stated (highest of them), else the method's default."""
    levels = [EIDAS_LEVEL_URIS[uri] for uri in stated_levels if uri in EIDAS_LEVEL_URIS]
    if levels:
        return max(levels, key=AssuranceLevel.rank)
    return DEFAULT_LEVEL_FOR_METHOD.get(method, AssuranceLevel.LOW)


def method_for(value, default):
    mapping = settings.KAU_METHOD_VALUES
    return mapping.get(str(value or "").strip(), default)


def _first(values):
    if isinstance(values, list | tuple):
        return str(values[0]).strip() if values else ""
    return str(values or "").strip()


@identity_sources.register("saml")
def read_saml(extra_data, uid):
    """The KAÜ's SAML attributes (lists of strings, keyed by attribute name)."""
    mapping = settings.KAU_SAML_ATTRIBUTES
    found = {}
    for name, attribute_names in mapping.items():
        for attribute_name in attribute_names:
            if extra_data.get(attribute_name):
                found[name] = _first(extra_data[attribute_name])
                break
    contexts = extra_data.get(AUTHN_CONTEXTS_KEY) or []
    method = method_for(found.get("method"), IdentificationMethod.NATIONAL_AGENT)
    if method == IdentificationMethod.NATIONAL_AGENT:
        # Some agents name the method in the AuthnContextClassRef instead.
        for context in contexts:
            method = method_for(context, method)
    return _claims(uid, method, level_for(method, contexts), found)


@identity_sources.register("openid_connect")
def read_openid_connect(extra_data, uid):
    """An OpenID Connect agent's claims (standard names where OIDC has them)."""
    if "userinfo" in extra_data or "id_token" in extra_data:
        # How the person logged in (amr, acr) is an ID Token claim; who they are usually
        # comes from userinfo, which wins where both carry a claim.
        claims = {**(extra_data.get("id_token") or {}), **(extra_data.get("userinfo") or {})}
    else:  # allauth before 65.11 stored the claims flat
        claims = extra_data
    mapping = settings.KAU_OIDC_CLAIMS
    found = {}
    for name, claim in mapping.items():
        value = claims.get(claim)
        if isinstance(value, dict):  # OIDC Identity Assurance: {"locality": ..., ...}
            value = value.get("locality", "")
        if value:
            found[name] = _first(value)
    acr = claims.get("acr")
    method = method_for(found.get("method"), IdentificationMethod.OPENID_CONNECT)
    return _claims(uid, method, level_for(method, [acr] if acr else []), found)


@identity_sources.register("development_agent")
@demo
def read_development_agent(extra_data, uid):
    """The development agent hands over a demo citizen in our own field names."""
    return _claims(
        uid,
        IdentificationMethod.DEVELOPMENT_AGENT,
        extra_data.get("assurance_level", AssuranceLevel.SUBSTANTIAL),
        extra_data,
    )


def _claims(uid, method, level, found):
    claims = IdentityClaims(
        subject=found.get("national_agent_id") or uid,
        method=method,
        assurance_level=level,
        email=found.get("email", ""),
    )
    for name in IDENTITY_FIELDS:
        value = found.get(name, "")
        if name == "date_of_birth":
            parsed = parse_date(value)
            if value and parsed is None:
                claims.problems.append(name)
                logger.warning("Identity provider sent an unreadable date of birth")
            value = parsed
        setattr(claims, name, value)
    return claims
