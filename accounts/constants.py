from django.db import models
from django.utils.translation import gettext_lazy as _


class AssuranceLevel(models.TextChoices):
    """eIDAS levels of assurance (Regulation 2015/1502), lowest first."""

    LOW = "low", _("low")
    SUBSTANTIAL = "substantial", _("substantial")
    HIGH = "high", _("high")

    @classmethod
    def rank(cls, level):
        return [choice.value for choice in cls].index(level) if level else -1


class IdentificationMethod(models.TextChoices):
    """How a person proved who they are at the national agent (KAÜ) or here."""

    CLIENT_GATE_PLUS = "ugyfelkapu_plus", _("Client Gate+ (Ügyfélkapu+)")
    DAP = "dap", _("DÁP mobile app")
    EID_CARD = "eid_card", _("eID card")
    TELEPHONE = "telephone", _("telephone identification")
    NATIONAL_AGENT = "national_agent", _("national agent (other method)")
    OPENID_CONNECT = "openid_connect", _("OpenID Connect identity provider")
    DEVELOPMENT_AGENT = "development_agent", _("development identity agent (not real)")


# The eIDAS level of assurance URIs an identity provider may send as AuthnContextClassRef.
EIDAS_LEVEL_URIS = {
    "http://eidas.europa.eu/LoA/low": AssuranceLevel.LOW,
    "http://eidas.europa.eu/LoA/substantial": AssuranceLevel.SUBSTANTIAL,
    "http://eidas.europa.eu/LoA/high": AssuranceLevel.HIGH,
}

# The level each method gives when the identity provider does not state one. Unconfirmed
# defaults (see README): the eID card is a chip-and-PIN means (high); the others are
# two-factor means (substantial).
DEFAULT_LEVEL_FOR_METHOD = {
    IdentificationMethod.CLIENT_GATE_PLUS: AssuranceLevel.SUBSTANTIAL,
    IdentificationMethod.DAP: AssuranceLevel.SUBSTANTIAL,
    IdentificationMethod.EID_CARD: AssuranceLevel.HIGH,
    IdentificationMethod.TELEPHONE: AssuranceLevel.SUBSTANTIAL,
    IdentificationMethod.NATIONAL_AGENT: AssuranceLevel.LOW,
    IdentificationMethod.OPENID_CONNECT: AssuranceLevel.LOW,
    IdentificationMethod.DEVELOPMENT_AGENT: AssuranceLevel.SUBSTANTIAL,
}

# allauth provider ids whose logins identify a natural person (vs. phone/e-mail accounts).
# The OpenID Connect app's provider_id is "kau-oidc" (accounts.nationalagent).
NATIONAL_AGENT_PROVIDERS = ("saml", "kau-oidc", "development_agent")
