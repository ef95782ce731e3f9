"""The national agent (KAÜ) as allauth apps, from environment variables.

Imported by the settings, so nothing here may touch Django's app registry. KAU_PROTOCOL
chooses SAML 2.0 (allauth's SAML provider) or OpenID Connect; an agent that is not
configured offers no button. See the README's table for every variable."""

import json
from pathlib import Path

SAML_CLIENT_ID = "kau"
OIDC_PROVIDER_ID = "kau-oidc"

# Defaults for where the SAML attributes carry each datum: the eIDAS natural-person
# attributes where there is one; the others are unconfirmed names (override them with
# KAU_SAML_ATTRIBUTES, a JSON object of field -> list of attribute names).
EIDAS = "http://eidas.europa.eu/attributes/naturalperson/"
DEFAULT_SAML_ATTRIBUTES = {
    "national_agent_id": [
        f"{EIDAS}PersonIdentifier",
        "urn:oasis:names:tc:SAML:attribute:subject-id",
    ],
    "family_name": [f"{EIDAS}CurrentFamilyName", "urn:oid:2.5.4.4"],
    "given_name": [f"{EIDAS}CurrentGivenName", "urn:oid:2.5.4.42"],
    "birth_name": [f"{EIDAS}BirthName"],
    "mothers_name": ["MothersBirthName"],
    "place_of_birth": [f"{EIDAS}PlaceOfBirth"],
    "date_of_birth": [f"{EIDAS}DateOfBirth"],
    "email": ["urn:oid:0.9.2342.19200300.100.1.3"],
    "method": ["AuthenticationMethod"],
}
DEFAULT_OIDC_CLAIMS = {
    "national_agent_id": "sub",
    "family_name": "family_name",
    "given_name": "given_name",
    "birth_name": "birth_family_name",
    "mothers_name": "mothers_birth_name",
    "place_of_birth": "place_of_birth",
    "date_of_birth": "birthdate",
    "email": "email",
    "method": "amr",
}
# How the agent names its methods (attribute value or AuthnContextClassRef) -> ours.
DEFAULT_METHOD_VALUES = {
    "ugyfelkapu_plus": "ugyfelkapu_plus",
    "dap": "dap",
    "eid_card": "eid_card",
    "telephone": "telephone",
}


class NationalAgentConfigError(ValueError):
    pass


def _json(env, name, default):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return {**default, **json.loads(raw)}
    except (ValueError, TypeError) as error:
        raise NationalAgentConfigError(f"{name} is not a JSON object: {error}") from error


def _pem_body(value):
    """A certificate as python3-saml wants it: the base64 body, from PEM or bare."""
    lines = [line.strip() for line in value.strip().splitlines()]
    return "".join(line for line in lines if line and not line.startswith("-----"))


def saml_attributes(env):
    return _json(env, "KAU_SAML_ATTRIBUTES", DEFAULT_SAML_ATTRIBUTES)


def oidc_claims(env):
    return _json(env, "KAU_OIDC_CLAIMS", DEFAULT_OIDC_CLAIMS)


def method_values(env):
    return _json(env, "KAU_METHOD_VALUES", DEFAULT_METHOD_VALUES)


def _idp_from_metadata_file(path, entity_id):
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

    parsed = OneLogin_Saml2_IdPMetadataParser.parse(
        Path(path).read_text(encoding="utf-8"), entity_id=entity_id or None
    )
    idp = parsed.get("idp") or {}
    if not idp.get("entityId") or not idp.get("x509cert"):
        raise NationalAgentConfigError(f"{path}: no IdP entity id or signing certificate")
    return {
        "entity_id": idp["entityId"],
        "sso_url": idp["singleSignOnService"]["url"],
        "slo_url": (idp.get("singleLogoutService") or {}).get("url"),
        "x509cert": idp["x509cert"],
    }


def saml_app(env):
    """allauth's SAML app for the KAÜ, or None when no IdP is configured."""
    entity_id = env.get("KAU_SAML_IDP_ENTITY_ID", "").strip()
    metadata_url = env.get("KAU_SAML_IDP_METADATA_URL", "").strip()
    metadata_file = env.get("KAU_SAML_IDP_METADATA_FILE", "").strip()
    if metadata_url:
        if not entity_id:
            raise NationalAgentConfigError("KAU_SAML_IDP_METADATA_URL needs KAU_SAML_IDP_ENTITY_ID")
        idp = {"entity_id": entity_id, "metadata_url": metadata_url}
    elif metadata_file:
        idp = _idp_from_metadata_file(metadata_file, entity_id)
    elif entity_id:
        idp = {
            "entity_id": entity_id,
            "sso_url": env.get("KAU_SAML_IDP_SSO_URL", "").strip(),
            "slo_url": env.get("KAU_SAML_IDP_SLO_URL", "").strip() or None,
            "x509cert": _pem_body(env.get("KAU_SAML_IDP_X509_CERT", "")),
        }
        if not idp["sso_url"] or not idp["x509cert"]:
            raise NationalAgentConfigError(
                "KAU_SAML_IDP_ENTITY_ID needs KAU_SAML_IDP_SSO_URL and KAU_SAML_IDP_X509_CERT"
            )
    else:
        return None
    attributes = saml_attributes(env)
    advanced = {
        # Nothing unsigned is believed: the assertion itself must carry the IdP's signature.
        "want_assertion_signed": True,
        "want_message_signed": env.get("KAU_SAML_WANT_MESSAGE_SIGNED", "") == "1",
        "want_attribute_statement": True,
        "reject_deprecated_algorithm": True,
        "reject_idp_initiated_sso": True,
        "strict": True,
    }
    sp_cert = env.get("KAU_SAML_SP_X509_CERT", "").strip()
    sp_key = env.get("KAU_SAML_SP_PRIVATE_KEY", "").strip()
    if sp_cert and sp_key:
        advanced.update(x509cert=_pem_body(sp_cert), private_key=sp_key, authn_request_signed=True)
    settings = {
        "idp": idp,
        "advanced": advanced,
        "attribute_mapping": {
            "uid": attributes["national_agent_id"],
            "first_name": attributes["given_name"],
            "last_name": attributes["family_name"],
            "email": attributes["email"],
        },
    }
    sp_entity_id = env.get("KAU_SAML_SP_ENTITY_ID", "").strip()
    if sp_entity_id:
        settings["sp"] = {"entity_id": sp_entity_id}
    return {"name": "KAÜ", "client_id": SAML_CLIENT_ID, "settings": settings}


def oidc_app(env):
    server_url = env.get("KAU_OIDC_SERVER_URL", "").strip()
    if not server_url:
        return None
    return {
        "provider_id": OIDC_PROVIDER_ID,
        "name": "KAÜ",
        "client_id": env.get("KAU_OIDC_CLIENT_ID", ""),
        "secret": env.get("KAU_OIDC_CLIENT_SECRET", ""),
        "settings": {"server_url": server_url, "oauth_pkce_enabled": True},
    }


def socialaccount_providers(env, *, development_agent=False):
    """SOCIALACCOUNT_PROVIDERS for the chosen protocol (KAU_PROTOCOL: saml or oidc)."""
    protocol = env.get("KAU_PROTOCOL", "saml").strip().lower()
    providers = {"saml": {"provider_class": "accounts.saml.NationalAgentSAMLProvider", "APPS": []}}
    if protocol == "saml":
        app = saml_app(env)
        if app:
            providers["saml"]["APPS"].append(app)
    elif protocol == "oidc":
        app = oidc_app(env)
        if app:
            providers["openid_connect"] = {"APPS": [app]}
    else:
        raise NationalAgentConfigError("KAU_PROTOCOL must be saml or oidc")
    if development_agent:
        providers["development_agent"] = {
            "APPS": [{"client_id": "development", "name": "FEJLESZTŐI azonosítás – nem éles"}]
        }
    return providers
