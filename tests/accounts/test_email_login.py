"""E-mail and password accounts, for citizens with neither a KAÜ login nor a phone."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "Hosszu-Jelszo-2026"


def sign_up(client, email="polgar@example.hu"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def test_signing_up_sends_a_verification_link_and_does_not_log_in(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not logged_in(client)
    assert mail.outbox[-1].to == ["polgar@example.hu"]


def test_the_password_alone_does_not_open_an_unverified_account(client):
    sign_up(client)

    response = client.post(
        reverse("account_login"), {"login": "polgar@example.hu", "password": PASSWORD}
    )

    assert not logged_in(client)
    assert response["Location"] == reverse("account_email_verification_sent")


def test_the_verification_link_opens_the_account(client):
    sign_up(client)
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    path = link.split("portal.varoshaza.test", 1)[-1]

    page = client.get(path)
    assert page.status_code == 200
    client.post(path)

    assert logged_in(client)
    client.logout()
    client.post(reverse("account_login"), {"login": "polgar@example.hu", "password": PASSWORD})
    assert logged_in(client)
