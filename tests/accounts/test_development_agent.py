"""The development identity agent: demo citizens under make run, never in production."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.constants import IdentificationMethod
from accounts.demo import DEMO_CITIZENS
from accounts.models import CitizenProfile

pytestmark = pytest.mark.django_db
AGENT_URL = "/fiok/fejlesztoi-azonositas/"


def test_the_agent_is_clearly_labelled_and_lists_demo_citizens(client):
    response = client.get(AGENT_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "FEJLESZTŐI azonosítás – nem éles" in content
    for citizen in DEMO_CITIZENS:
        assert citizen["family_name"] in content


def test_picking_a_demo_citizen_logs_in_through_allauth_with_full_identity(client):
    citizen = DEMO_CITIZENS[1]

    response = client.post(
        AGENT_URL, {"citizen": citizen["national_agent_id"], "next": "/fiok/profilom/"}
    )

    assert response.status_code == 302 and response["Location"] == "/fiok/profilom/"
    profile = CitizenProfile.objects.get(user_id=client.session["_auth_user_id"])
    assert profile.mothers_name == citizen["mothers_name"]
    assert profile.birth_name == citizen["birth_name"]
    assert str(profile.date_of_birth) == citizen["date_of_birth"]
    assert profile.identification_method == IdentificationMethod.DEVELOPMENT_AGENT
    assert profile.assurance_level == citizen["assurance_level"]
    # The session counts as identified, as after a KAÜ login.
    page = client.get("/fiok/profilom/")
    assert page.context["session_identity"].provider == "development_agent"


def test_an_unknown_choice_is_refused_without_logging_in(client):
    response = client.post(AGENT_URL, {"citizen": "nincs-ilyen"})

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_the_agent_is_off_when_the_environment_is_production(client, settings):
    settings.ENVIRONMENT = "production"

    assert client.get(AGENT_URL).status_code == 404
    assert (
        client.post(AGENT_URL, {"citizen": DEMO_CITIZENS[0]["national_agent_id"]}).status_code
        == 404
    )


def test_the_login_page_offers_the_agent_only_while_it_is_enabled(client, settings):
    assert "fejlesztoi-azonositas" in client.get(reverse("account_login")).content.decode()

    settings.SOCIALACCOUNT_PROVIDERS = {
        key: value
        for key, value in settings.SOCIALACCOUNT_PROVIDERS.items()
        if key != "development_agent"
    }
    assert "fejlesztoi-azonositas" not in client.get(reverse("account_login")).content.decode()


def run_production_check(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "k" * 30 + "-production-secret-key-for-the-test",
            "DATABASE_URL": "postgres://varoshaza@db.internal:5432/varoshaza",
            "BASE_DOMAIN": "varoshaza.example.hu",
            "SMS_GATEWAY_URL": "https://sms.example.hu/send",
            # Production takes payments through Stripe only (services.payments).
            "STRIPE_SECRET_KEY": "sk_live_for_the_settings_test",
            "STRIPE_WEBHOOK_SECRET": "whsec_for_the_settings_test",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"DEVELOPMENT_AGENT_ENABLED": "1"}, "development identity agent"),
        ({"SMS_BACKEND": "console"}, "SMS_BACKEND"),
        ({"SMS_GATEWAY_URL": ""}, "SMS_GATEWAY_URL"),
        (
            {"KAU_PROTOCOL": "oidc", "KAU_OIDC_SERVER_URL": "http://kau.example/oidc"},
            "KAU_OIDC_SERVER_URL",
        ),
    ],
)
def test_production_settings_refuse_demo_login_features(env, reason):
    result = run_production_check(**env)

    assert result.returncode != 0
    assert "Production settings refused" in result.stderr and reason in result.stderr


def test_production_settings_accept_a_configured_kau(tmp_path):
    result = run_production_check(
        KAU_SAML_IDP_ENTITY_ID="https://kau.example/idp",
        KAU_SAML_IDP_SSO_URL="https://kau.example/sso",
        KAU_SAML_IDP_X509_CERT="MIIBfake",
    )

    assert result.returncode == 0, result.stderr
