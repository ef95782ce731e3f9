from allauth.socialaccount.providers.saml.provider import SAMLProvider

from .identity import AUTHN_CONTEXTS_KEY


class NationalAgentSAMLProvider(SAMLProvider):
    """allauth's SAML provider, keeping what the KAÜ says about *how* the person logged in.

    Installed with ``SOCIALACCOUNT_PROVIDERS["saml"]["provider_class"]``; the SAML views,
    signature and timing checks are allauth's and python3-saml's, unchanged."""

    package = "allauth.socialaccount.providers.saml"

    def extract_extra_data(self, data):
        extra_data = dict(super().extract_extra_data(data))
        # The AuthnContextClassRef: an eIDAS level URI and/or the agent's method name.
        extra_data[AUTHN_CONTEXTS_KEY] = list(data.get_last_authn_contexts() or [])
        return extra_data
