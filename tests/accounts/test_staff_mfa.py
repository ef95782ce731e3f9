"""Staff and operators reach the admin only with a TOTP second factor (allauth.mfa)."""

import re
from urllib.parse import urlparse

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from sites.constants import StaffRole
from tests.factories.municipalities import UserFactory

pytestmark = pytest.mark.django_db
SECRET = "JBSWY3DPEHPK3PXPTESTTESTTESTTEST"


def current_code(secret=SECRET):
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def password_login(client, username, password="jelszo-teszt-1", next_url="/admin/"):
    return client.post(
        f"{reverse('account_login')}?next={next_url}",
        {"login": username, "password": password},
    )


def test_staff_without_totp_are_sent_to_set_it_up_before_any_admin_page(client, editor_a):
    password_login(client, "szerkeszto_a")

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert "next=%2Fadmin%2Fpages%2F" in response["Location"]


def test_staff_with_totp_enter_the_code_at_login_and_then_reach_the_admin(client, editor_a):
    TOTP.activate(editor_a, SECRET)

    response = password_login(client, "szerkeszto_a")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not logged in yet

    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_password_only_session_of_staff_with_totp_is_asked_for_the_code(client, editor_a):
    TOTP.activate(editor_a, SECRET)
    client.force_login_password_only(editor_a)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    client.post(f"{reverse('mfa_reauthenticate')}?next=/admin/", {"code": current_code()})
    assert client.get("/admin/").status_code == 200


def test_operators_need_the_second_factor_too(client, operator):
    client.force_login_password_only(operator)

    response = client.get("/admin/")

    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_citizens_are_not_asked_for_a_second_factor_outside_the_admin(client):
    citizen = UserFactory(username="polgar")
    client.force_login_password_only(citizen)

    assert client.get(reverse("accounts:profile")).status_code == 200
    # The admin itself stays closed to them (Wagtail's own permission check).
    assert not client.get("/admin/").get("Location", "").startswith("/fiok/2fa/")


def test_wagtails_login_page_leads_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_invited_colleague_signs_up_accepts_then_sets_up_totp_then_works(
    client, admin_client, municipality_a, django_capture_on_commit_callbacks
):
    # given an invitation from the site admin's staff page
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("municipal_staff:invite", args=[municipality_a.pk]),
            {
                "email": "uj@example.hu",
                "first_name": "Új",
                "last_name": "Kolléga",
                "role": StaffRole.EDITOR,
            },
        )
    invitation = urlparse(
        re.search(r"https?://\S+/fiok/meghivas/\S+", mail.outbox[-1].body).group(0)
    ).path
    # and an account of the invited address, confirmed through allauth's e-mail
    client.post(
        f"{reverse('account_signup')}?next={invitation}",
        {"email": "uj@example.hu", "password1": "Hosszu-Jelszo-2026",
         "password2": "Hosszu-Jelszo-2026"},
    )
    client.post(urlparse(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path)
    # that accepts the invitation
    assert client.post(invitation)["Location"] == reverse("wagtailadmin_home")
    client.logout()

    # when they log in through allauth and open the admin
    password_login(client, "uj@example.hu", "Hosszu-Jelszo-2026")
    response = client.get("/admin/")

    # then they are asked to set up TOTP, and after that the admin opens
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # allauth asks for the password once more before a second factor is added
    confirm = client.get(response["Location"])
    assert confirm["Location"].startswith(reverse("account_reauthenticate"))
    client.post(confirm["Location"], {"password": "Hosszu-Jelszo-2026"})
    activation = client.get(response["Location"])
    assert activation.status_code == 200
    secret = activation.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert Authenticator.objects.filter(
        user__email="uj@example.hu", type=Authenticator.Type.TOTP
    ).exists()
    cache.clear()  # the next period's code: a code is accepted once
    client.post(f"{reverse('mfa_reauthenticate')}?next=/admin/", {"code": current_code(secret)})
    assert client.get("/admin/").status_code == 200
