"""The site admin's API applications in the Wagtail admin: only their own municipality's."""

import re

import pytest
from django.urls import reverse

from portal.api import tokens
from portal.api.models import ApiClient, ApiToken

pytestmark = pytest.mark.django_db


def test_site_admin_creates_an_application_and_sees_its_token_once(
    client, site_admin_a, municipality_a
):
    a = municipality_a
    client.force_login(site_admin_a)

    created = client.post(
        reverse("api_admin:clients", args=[a.pk]),
        {"name": "Könyvelés", "scopes": ["tax.read", "payments.read"]},
    )

    app = ApiClient.objects.get(name="Könyvelés")
    assert created.status_code == 302
    assert app.municipality == a and app.created_by == site_admin_a
    assert app.grants.get().scopes == ["payments.read", "tax.read"]
    page = client.get(reverse("api_admin:client", args=[a.pk, app.pk]))
    assert "Helyi adó" in page.content.decode()
    issued = client.post(
        reverse("api_admin:client", args=[a.pk, app.pk]), {"action": "issue", "days": "30"}
    )
    secret = re.search(r"vh_[A-Za-z0-9_-]{43}", issued.content.decode())[0]
    assert "no-store" in issued["Cache-Control"]
    token = ApiToken.objects.get(client=app)
    assert token.digest == tokens.digest_of(secret) and token.expires_at is not None
    assert (
        secret not in client.get(reverse("api_admin:client", args=[a.pk, app.pk])).content.decode()
    )

    client.post(reverse("api_admin:client", args=[a.pk, app.pk]), {"action": "revoke"})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_site_admin_of_a_reaches_nothing_of_b(
    client, site_admin_a, municipality_a, municipality_b
):
    other = tokens.create_client(
        "Zqxbapi", municipality=municipality_b, grants={municipality_b: ["tax.read"]}
    )
    client.force_login(site_admin_a)
    assert client.get(reverse("api_admin:clients", args=[municipality_b.pk])).status_code == 404
    url = reverse("api_admin:client", args=[municipality_b.pk, other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "revoke"}).status_code == 404
    own = reverse("api_admin:client", args=[municipality_a.pk, other.pk])
    assert client.get(own).status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_an_officer_has_no_api_admin(client, officer_a, municipality_a):
    client.force_login(officer_a)
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    assert client.get(reverse("api_admin:index")).status_code in (302, 403)
    assert client.get(reverse("api_admin:clients", args=[municipality_a.pk])).status_code in (
        302,
        403,
        404,
    )


def test_an_operator_manages_any_municipalitys_applications(client, operator, municipality_b):
    client.force_login(operator)
    answer = client.post(
        reverse("api_admin:clients", args=[municipality_b.pk]),
        {"name": "Szolgáltatói", "scopes": ["registry.read"]},
    )
    assert answer.status_code == 302
    assert ApiClient.objects.get(name="Szolgáltatói").municipality == municipality_b
