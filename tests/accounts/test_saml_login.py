"""Login through the national agent (KAÜ) as a SAML 2.0 IdP: a real signed response."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from accounts.constants import AssuranceLevel, IdentificationMethod
from accounts.models import CitizenProfile, IdentificationRecord
from tests.accounts import saml_idp

EIDAS = saml_idp.EIDAS
ACS_URL = "http://portal.varoshaza.test/fiok/saml/kau/acs/"
SP_ENTITY_ID = "http://portal.varoshaza.test/fiok/saml/kau/metadata/"
ATTRIBUTES = {
    f"{EIDAS}PersonIdentifier": "HU/HU/KAU-0001",
    f"{EIDAS}CurrentFamilyName": "Kovács",
    f"{EIDAS}CurrentGivenName": "Anna Mária",
    f"{EIDAS}BirthName": "Szabó Anna Mária",
    "MothersBirthName": "Tóth Ilona",
    f"{EIDAS}PlaceOfBirth": "Eger",
    f"{EIDAS}DateOfBirth": "1980-05-17",
    "AuthenticationMethod": "eid_card",
}

pytestmark = pytest.mark.django_db


def start_login(client, next_url="/fiok/profilom/"):
    """The SP-initiated login: our redirect to the IdP, and the AuthnRequest's ID."""
    response = client.post(f"/fiok/saml/kau/login/?next={next_url}")
    assert response.status_code == 302
    assert response["Location"].startswith(saml_idp.IDP_SSO_URL)
    return saml_idp.authn_request_id(response["Location"])


def post_to_acs(client, response_xml):
    return client.post(
        "/fiok/saml/kau/acs/", {"SAMLResponse": saml_idp.encode(response_xml)}, follow=True
    )


def signed_response(idp_key_and_cert, request_id, **overrides):
    key, cert = idp_key_and_cert
    fields = {
        "key_pem": key,
        "cert_pem": cert,
        "acs_url": ACS_URL,
        "audience": SP_ENTITY_ID,
        "in_response_to": request_id,
        "attributes": ATTRIBUTES,
    }
    fields.update(overrides)
    return saml_idp.build_response(**fields)


def logged_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def test_a_signed_response_logs_the_citizen_in_and_fills_the_profile(
    client, kau_saml, idp_key_and_cert
):
    # given
    request_id = start_login(client)

    # when
    response = post_to_acs(client, signed_response(idp_key_and_cert, request_id))

    # then
    user = logged_in_user(client)
    assert user is not None
    assert response.redirect_chain[-1][0] == "/fiok/profilom/"
    profile = CitizenProfile.objects.get(user=user)
    assert (profile.family_name, profile.given_name) == ("Kovács", "Anna Mária")
    assert profile.birth_name == "Szabó Anna Mária"
    assert profile.mothers_name == "Tóth Ilona"
    assert profile.place_of_birth == "Eger"
    assert profile.date_of_birth == datetime.date(1980, 5, 17)
    assert profile.identification_method == IdentificationMethod.EID_CARD
    assert profile.assurance_level == AssuranceLevel.HIGH
    assert profile.national_agent_id == "HU/HU/KAU-0001"
    assert profile.last_identified_at is not None
    assert (user.last_name, user.first_name) == ("Kovács", "Anna Mária")
    assert IdentificationRecord.objects.filter(user=user, provider="saml").count() == 1
    page = client.get("/fiok/profilom/")
    assert "Tóth Ilona" in page.content.decode()


def test_the_next_login_replaces_the_identity_data_with_the_agents_new_data(
    client, kau_saml, idp_key_and_cert
):
    post_to_acs(client, signed_response(idp_key_and_cert, start_login(client)))
    client.logout()

    # when the agent now says the family name changed, with a lower level
    changed = {**ATTRIBUTES, f"{EIDAS}CurrentFamilyName": "Kovácsné Szabó"}
    post_to_acs(
        client,
        signed_response(
            idp_key_and_cert,
            start_login(client),
            attributes=changed,
            authn_context="http://eidas.europa.eu/LoA/substantial",
        ),
    )

    user = logged_in_user(client)
    profile = CitizenProfile.objects.get(user=user)
    assert profile.family_name == "Kovácsné Szabó"
    assert profile.assurance_level == AssuranceLevel.SUBSTANTIAL
    assert get_user_model().objects.filter(socialaccount__provider="saml").count() == 1
    latest = IdentificationRecord.objects.filter(user=user).first()
    assert "family_name" in latest.changed_fields


def test_a_tampered_response_is_refused(client, kau_saml, idp_key_and_cert, caplog):
    request_id = start_login(client)
    genuine = signed_response(idp_key_and_cert, request_id)
    # Someone changes the date of birth after the IdP signed it.
    tampered = genuine.replace(">1980-05-17<", ">1970-05-17<")
    assert tampered != genuine

    post_to_acs(client, tampered)

    assert logged_in_user(client) is None
    assert not CitizenProfile.objects.exists()
    assert "Signature validation failed" in caplog.text


def test_a_response_signed_with_another_key_is_refused(client, kau_saml, caplog):
    other_key, other_cert = saml_idp.make_key_and_certificate()
    request_id = start_login(client)

    post_to_acs(
        client,
        saml_idp.build_response(
            key_pem=other_key,
            cert_pem=other_cert,
            acs_url=ACS_URL,
            audience=SP_ENTITY_ID,
            in_response_to=request_id,
            attributes=ATTRIBUTES,
        ),
    )

    assert logged_in_user(client) is None
    assert "Signature validation failed" in caplog.text


def test_an_expired_response_is_refused(client, kau_saml, idp_key_and_cert, caplog):
    request_id = start_login(client)
    an_hour_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)

    post_to_acs(client, signed_response(idp_key_and_cert, request_id, issued=an_hour_ago))

    assert logged_in_user(client) is None
    assert not CitizenProfile.objects.exists()
    assert "expired" in caplog.text


def test_an_unsolicited_response_is_refused(client, kau_saml, idp_key_and_cert):
    # A validly signed response to a login this browser never started (IdP-initiated or
    # replayed into another session).
    post_to_acs(client, signed_response(idp_key_and_cert, "_not-our-request"))

    assert logged_in_user(client) is None


def test_the_service_provider_metadata_asks_for_signed_assertions(client, kau_saml):
    response = client.get("/fiok/saml/kau/metadata/")

    assert response.status_code == 200
    assert b'WantAssertionsSigned="true"' in response.content
    assert ACS_URL.encode() in response.content
