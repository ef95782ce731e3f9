"""The profile page ("Profilom"): one's own identity data and login methods, nobody else's."""

import datetime

import pytest
from django.urls import reverse

from accounts.constants import AssuranceLevel, IdentificationMethod
from accounts.identity import IdentityClaims
from accounts.models import PhoneNumber
from accounts.services import record_identification
from tests.factories.municipalities import UserFactory

pytestmark = pytest.mark.django_db


def identified(username, family_name, mothers_name):
    user = UserFactory(username=username)
    record_identification(
        user,
        IdentityClaims(
            subject=f"kau-{username}",
            method=IdentificationMethod.CLIENT_GATE_PLUS,
            assurance_level=AssuranceLevel.SUBSTANTIAL,
            family_name=family_name,
            given_name="Teszt",
            mothers_name=mothers_name,
            date_of_birth=datetime.date(1990, 1, 2),
        ),
        provider="saml",
    )
    return user


def test_the_profile_needs_a_login(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_citizen_sees_their_own_data_and_never_anothers(client):
    anna = identified("anna", "Antal", "Anyja Anna")
    identified("bela", "Bodnár", "Anyja Béla")
    PhoneNumber.objects.create(user=anna, number="+36301234567", verified=True)
    client.force_login(anna)

    content = client.get(reverse("accounts:profile")).content.decode()

    assert "Antal" in content and "Anyja Anna" in content and "+36 30 123 4567" in content
    assert "Bodnár" not in content and "Anyja Béla" not in content


def test_the_profile_takes_no_identifier_that_could_point_at_someone_else(client):
    anna = identified("anna", "Antal", "Anyja Anna")
    bela = identified("bela", "Bodnár", "Anyja Béla")
    client.force_login(anna)

    response = client.get(reverse("accounts:profile"), {"user": bela.pk, "pk": bela.pk})

    assert "Bodnár" not in response.content.decode()


def test_identity_remembered_from_an_earlier_login_does_not_identify_this_session(client):
    anna = identified("anna", "Antal", "Anyja Anna")
    client.force_login(anna)  # not through an identity provider

    response = client.get(reverse("accounts:profile"))

    assert response.context["profile"].is_identified
    assert response.context["session_identity"] is None
