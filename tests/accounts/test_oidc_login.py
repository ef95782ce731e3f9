"""Login through the national agent (KAÜ) over OpenID Connect (KAU_PROTOCOL=oidc).

allauth's openid_connect provider, end to end, against a provider double on 127.0.0.1:
our redirect, the callback, the token and userinfo requests, the id_token checks."""

import datetime
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model

from accounts import nationalagent
from accounts.constants import AssuranceLevel, IdentificationMethod
from accounts.models import CitizenProfile, IdentificationRecord
from tests.accounts import oidc_provider

CLIENT_ID = "varoshaza-portal"
LOGIN_URL = f"/fiok/oidc/{nationalagent.OIDC_PROVIDER_ID}/login/"
CALLBACK_URL = f"/fiok/oidc/{nationalagent.OIDC_PROVIDER_ID}/login/callback/"
USERINFO = {
    "sub": "HU/HU/KAU-OIDC-0001",
    "family_name": "Kovács",
    "given_name": "Anna Mária",
    "birth_family_name": "Szabó Anna Mária",
    "mothers_birth_name": "Tóth Ilona",
    # OIDC Identity Assurance writes the place of birth as an object.
    "place_of_birth": {"country": "HU", "locality": "Eger"},
    "birthdate": "1980-05-17",
}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def signing_key():
    return oidc_provider.make_rsa_key()


@pytest.fixture
def provider_double(signing_key):
    double = oidc_provider.OpenIDProviderDouble(signing_key).start()
    yield double
    double.stop()


@pytest.fixture
def kau_oidc(settings, provider_double):
    """The KAÜ over OIDC, configured from the env variables the way production reads them."""
    settings.SOCIALACCOUNT_PROVIDERS = nationalagent.socialaccount_providers(
        {
            "KAU_PROTOCOL": "oidc",
            "KAU_OIDC_SERVER_URL": provider_double.issuer,
            "KAU_OIDC_CLIENT_ID": CLIENT_ID,
            "KAU_OIDC_CLIENT_SECRET": "client-secret-of-the-test",
        }
    )
    return provider_double


def start_login(client, provider_double, next_url="/fiok/profilom/"):
    """Our redirect to the agent's authorization endpoint, and its query parameters."""
    response = client.post(f"{LOGIN_URL}?next={next_url}")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        provider_double.authorization_endpoint
    )
    return {name: values[0] for name, values in parse_qs(location.query).items()}


def id_token_claims(provider_double, authorization, **overrides):
    now = int(time.time())
    claims = {
        "iss": provider_double.issuer,
        "sub": USERINFO["sub"],
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 300,
        # How the person logged in is an ID Token claim (OIDC Core 2), not a userinfo one.
        "amr": ["eid_card"],
        "acr": "http://eidas.europa.eu/LoA/substantial",
    }
    if "nonce" in authorization:
        claims["nonce"] = authorization["nonce"]
    claims.update(overrides)
    return claims


def come_back(client, provider_double, authorization, id_token, userinfo=USERINFO):
    """The agent sends the browser back with a code; allauth redeems it at the token endpoint."""
    provider_double.id_token = id_token
    provider_double.userinfo = userinfo
    return client.get(
        CALLBACK_URL, {"code": "code-from-the-agent", "state": authorization["state"]}, follow=True
    )


def logged_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def test_the_login_sends_the_citizen_to_the_agent_with_our_client_id_and_pkce(client, kau_oidc):
    authorization = start_login(client, kau_oidc)

    assert authorization["client_id"] == CLIENT_ID
    assert authorization["response_type"] == "code"
    assert "openid" in authorization["scope"].split()
    assert authorization["redirect_uri"].endswith(CALLBACK_URL)
    assert authorization["code_challenge_method"] == "S256"
    assert authorization["state"]


def test_a_genuine_login_logs_the_citizen_in_and_fills_the_profile(client, kau_oidc, signing_key):
    # given
    authorization = start_login(client, kau_oidc)
    id_token = oidc_provider.sign_id_token(signing_key, id_token_claims(kau_oidc, authorization))

    # when
    response = come_back(client, kau_oidc, authorization, id_token)

    # then
    user = logged_in_user(client)
    assert user is not None
    assert response.redirect_chain[-1][0] == "/fiok/profilom/"
    token_request = kau_oidc.token_requests[-1]
    assert token_request["code"] == "code-from-the-agent"
    assert token_request["client_id"] == CLIENT_ID
    assert token_request["code_verifier"]  # PKCE: the code alone is not enough
    profile = CitizenProfile.objects.get(user=user)
    assert (profile.family_name, profile.given_name) == ("Kovács", "Anna Mária")
    assert profile.birth_name == "Szabó Anna Mária"
    assert profile.mothers_name == "Tóth Ilona"
    assert profile.place_of_birth == "Eger"
    assert profile.date_of_birth == datetime.date(1980, 5, 17)
    assert profile.identification_method == IdentificationMethod.EID_CARD
    # The level the agent stated (acr) wins over the method's default (high for eID).
    assert profile.assurance_level == AssuranceLevel.SUBSTANTIAL
    assert profile.national_agent_id == "HU/HU/KAU-OIDC-0001"
    assert (user.last_name, user.first_name) == ("Kovács", "Anna Mária")
    assert (
        IdentificationRecord.objects.filter(
            user=user, provider=nationalagent.OIDC_PROVIDER_ID
        ).count()
        == 1
    )
    assert "Tóth Ilona" in client.get("/fiok/profilom/").content.decode()


def test_without_a_stated_level_the_method_gives_it_and_the_next_login_updates(
    client, kau_oidc, signing_key
):
    authorization = start_login(client, kau_oidc)
    claims = id_token_claims(kau_oidc, authorization)
    del claims["acr"]
    come_back(client, kau_oidc, authorization, oidc_provider.sign_id_token(signing_key, claims))
    assert CitizenProfile.objects.get().assurance_level == AssuranceLevel.HIGH
    client.logout()

    # when the agent now says the family name changed and the method was DÁP
    authorization = start_login(client, kau_oidc)
    changed = {**USERINFO, "family_name": "Kovácsné Szabó"}
    come_back(
        client,
        kau_oidc,
        authorization,
        oidc_provider.sign_id_token(
            signing_key, id_token_claims(kau_oidc, authorization, amr=["dap"])
        ),
        userinfo=changed,
    )

    user = logged_in_user(client)
    profile = CitizenProfile.objects.get(user=user)
    assert profile.family_name == "Kovácsné Szabó"
    assert profile.identification_method == IdentificationMethod.DAP
    assert (
        get_user_model()
        .objects.filter(socialaccount__provider=nationalagent.OIDC_PROVIDER_ID)
        .count()
        == 1
    )
    assert "family_name" in IdentificationRecord.objects.filter(user=user).first().changed_fields


def refused(client):
    return logged_in_user(client) is None and not CitizenProfile.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"exp": int(time.time()) - 600, "iat": int(time.time()) - 900}, id="expired"),
        pytest.param({"aud": "someone-elses-client"}, id="wrong-audience"),
        pytest.param({"iss": "https://impostor.example"}, id="wrong-issuer"),
    ],
)
def test_an_id_token_that_is_not_for_us_or_no_longer_valid_is_refused(
    client, kau_oidc, signing_key, overrides
):
    authorization = start_login(client, kau_oidc)
    claims = id_token_claims(kau_oidc, authorization, **overrides)

    response = come_back(
        client, kau_oidc, authorization, oidc_provider.sign_id_token(signing_key, claims)
    )

    assert response.status_code == 401  # allauth's error page, not a 500
    assert refused(client)


def test_a_code_the_agent_does_not_redeem_logs_nobody_in(client, kau_oidc, signing_key):
    # The id_token is only believed as the agent's token endpoint's answer to our code.
    authorization = start_login(client, kau_oidc)
    kau_oidc.token_error = "invalid_grant"

    response = come_back(
        client,
        kau_oidc,
        authorization,
        oidc_provider.sign_id_token(signing_key, id_token_claims(kau_oidc, authorization)),
    )

    assert response.status_code == 401
    assert refused(client)


def test_a_callback_with_a_state_we_did_not_issue_is_refused(client, kau_oidc, signing_key):
    authorization = start_login(client, kau_oidc)
    forged = {**authorization, "state": "state-of-someone-elses-login"}

    response = come_back(
        client,
        kau_oidc,
        forged,
        oidc_provider.sign_id_token(signing_key, id_token_claims(kau_oidc, authorization)),
    )

    assert response.status_code == 401
    assert refused(client)
    assert kau_oidc.token_requests == []  # the code was not even redeemed


# allauth 65 checks neither of the next two in the browser flow: it skips the id_token's
# signature when it got the token straight from the token endpoint (allowed by OIDC Core
# 3.1.3.7 item 6 over TLS), and it sends no nonce (PKCE and state protect the code flow).
# Strict xfail: they start to fail, i.e. need promoting to plain tests, once allauth does.
ALLAUTH_TRUSTS_THE_TOKEN_ENDPOINT = pytest.mark.xfail(
    strict=True, reason="allauth trusts the TLS channel to the token endpoint (see above)"
)


@ALLAUTH_TRUSTS_THE_TOKEN_ENDPOINT
def test_an_id_token_signed_with_another_key_is_refused(client, kau_oidc):
    authorization = start_login(client, kau_oidc)
    forged = oidc_provider.sign_id_token(
        oidc_provider.make_rsa_key(), id_token_claims(kau_oidc, authorization)
    )

    response = come_back(client, kau_oidc, authorization, forged)

    assert response.status_code == 401
    assert refused(client)


@ALLAUTH_TRUSTS_THE_TOKEN_ENDPOINT
def test_an_id_token_with_a_wrong_nonce_is_refused(client, kau_oidc, signing_key):
    authorization = start_login(client, kau_oidc)
    assert authorization.get("nonce"), "the authorization request must carry a nonce"
    claims = id_token_claims(kau_oidc, authorization, nonce="replayed-from-another-login")

    response = come_back(
        client, kau_oidc, authorization, oidc_provider.sign_id_token(signing_key, claims)
    )

    assert response.status_code == 401
    assert refused(client)
