import pytest

from accounts import nationalagent
from accounts.sms import backends as sms_backends
from tests.accounts import saml_idp


@pytest.fixture(autouse=True)
def sms_outbox():
    sms_backends.outbox.clear()
    yield sms_backends.outbox
    sms_backends.outbox.clear()


@pytest.fixture(scope="session")
def idp_key_and_cert():
    return saml_idp.make_key_and_certificate()


@pytest.fixture
def kau_saml(settings, idp_key_and_cert):
    """The KAÜ configured as our tests' IdP, the way production reads it from the env."""
    _key, cert = idp_key_and_cert
    settings.SOCIALACCOUNT_PROVIDERS = nationalagent.socialaccount_providers(
        {
            "KAU_SAML_IDP_ENTITY_ID": saml_idp.IDP_ENTITY_ID,
            "KAU_SAML_IDP_SSO_URL": saml_idp.IDP_SSO_URL,
            "KAU_SAML_IDP_X509_CERT": cert,
        },
        development_agent=True,
    )
    return settings.SOCIALACCOUNT_PROVIDERS


@pytest.fixture
def client():
    """Like a browser, the client names the host: python3-saml reads HTTP_HOST (dotted)."""
    from django.test import Client

    return Client(HTTP_HOST="portal.varoshaza.test")
