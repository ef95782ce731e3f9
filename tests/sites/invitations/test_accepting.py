"""Accepting an invitation: only the owner of the verified invited address, once, in time,
with a work account, gets the role, in the inviting municipality only."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import CitizenProfile, PhoneNumber
from sites import invitations
from sites.constants import StaffRole
from sites.staff import add_member

from .helpers import (
    INVITED,
    PASSWORD,
    as_user,
    invitations_of,
    link_in,
    memberships,
    page_text,
    role_group,
    work_account,
)

pytestmark = pytest.mark.django_db


# -- accepting


def test_a_logged_out_visitor_is_offered_the_login_and_the_sign_up(invite, client):
    path = invite()
    client.logout()

    response = client.get(path)

    assert response.status_code == 200
    text = page_text(response)
    assert f"Alsóvár meghívta a(z) {INVITED} címet" in text
    assert f'href="{reverse("account_login")}?next=' in text
    assert f'href="{reverse("account_signup")}?next=' in text
    assert "külön, munkahelyi fiókkal" in text


def test_a_new_colleague_signs_up_confirms_the_address_and_accepts(
    invite, client, municipality_a, site_admin_a
):
    path = invite(role=StaffRole.MODERATOR)
    client.logout()

    # given a new account for the invited address, confirmed through allauth's e-mail
    client.post(
        f"{reverse('account_signup')}?next={path}",
        {"email": INVITED, "password1": PASSWORD, "password2": PASSWORD},
    )
    confirmation = urlparse(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path
    client.post(confirmation)
    user = get_user_model().objects.get(email=INVITED)
    assert "_auth_user_id" in client.session

    # when they open the invitation: a confirmation page; a GET changes nothing
    page = client.get(path)
    assert page.status_code == 200 and "A meghívás elfogadása" in page_text(page)
    assert not memberships(municipality_a).filter(user=user).exists()
    response = client.post(path)

    # then the role in this municipality, and the invitation used up, by whom and when
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    membership = memberships(municipality_a).get(user=user)
    assert membership.role == StaffRole.MODERATOR and membership.is_active
    assert membership.invited_by == site_admin_a
    assert list(user.groups.all()) == [role_group(municipality_a, StaffRole.MODERATOR)]
    invitation = invitations_of(municipality_a).get()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    user.refresh_from_db()
    assert (user.last_name, user.first_name) == ("Új", "Kolléga")


def test_a_link_is_used_once(invite, client, municipality_a):
    path = invite()
    as_user(client, work_account()).post(path)

    other = work_account(email="masik@example.hu")
    response = as_user(client, other).post(path)

    assert response.status_code == 410
    assert "Ezt a meghívást már elfogadták" in page_text(response)
    assert memberships(municipality_a).count() == 2  # the site admin and the first one


def test_an_expired_invitation_cannot_be_accepted(invite, client, municipality_a):
    path = invite()
    invitations_of(municipality_a).update(expires_at=timezone.now() - timedelta(minutes=1))

    response = as_user(client, work_account()).post(path)

    assert response.status_code == 410
    assert "Ez a meghívás lejárt" in page_text(response)
    assert not memberships(municipality_a).filter(user__email=INVITED).exists()


def test_a_withdrawn_invitation_cannot_be_accepted(invite, admin_client, municipality_a):
    path = invite()
    invitation = invitations_of(municipality_a).get()
    admin_client.post(
        reverse("municipal_staff:revoke_invitation", args=[municipality_a.pk, invitation.pk])
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None

    response = as_user(admin_client, work_account()).post(path)

    assert response.status_code == 410
    assert "visszavonta" in page_text(response)
    assert not memberships(municipality_a).filter(user__email=INVITED).exists()


def test_sending_again_gives_a_new_link_and_the_old_one_stops_working(
    invite, admin_client, municipality_a, django_capture_on_commit_callbacks, client
):
    old = invite()
    invitation = invitations_of(municipality_a).get()
    invitations_of(municipality_a).update(expires_at=timezone.now() - timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("municipal_staff:resend_invitation", args=[municipality_a.pk, invitation.pk])
        )
    new = link_in(mail.outbox[-1])
    as_user(client, work_account())

    assert new != old
    assert client.get(old).status_code == 404
    client.post(new)
    assert memberships(municipality_a).filter(user__email=INVITED, is_active=True).exists()


def test_an_unknown_token_is_a_404_in_hungarian(client):
    response = client.get(reverse("accounts:accept_invitation", args=["nincs-ilyen"]))

    assert response.status_code == 404
    assert "Ez a meghívó link nem érvényes" in page_text(response)


def citizen_with_phone():
    user = work_account()
    PhoneNumber.objects.create(user=user, number="+36301234567", verified=True)
    return user


def citizen_identified():
    user = work_account()
    CitizenProfile.objects.create(
        user=user, family_name="Kiss", given_name="Anna", last_identified_at=timezone.now()
    )
    return user


def citizen_through_the_agent():
    user = work_account()
    SocialAccount.objects.create(user=user, provider="kau", uid="kau-123")
    return user


@pytest.mark.parametrize(
    ("make_account", "expected"),
    [
        (lambda: work_account(email="masik.cim@example.hu"), "nincs ilyen megerősített"),
        (lambda: work_account(verified=False), "még nincs megerősítve"),
        (citizen_with_phone, "lakossági fiókkal"),
        (citizen_identified, "lakossági fiókkal"),
        (citizen_through_the_agent, "lakossági fiókkal"),
    ],
    ids=["other-address", "unverified", "phone", "identified", "national-agent"],
)
def test_the_wrong_account_cannot_accept(invite, client, municipality_a, make_account, expected):
    path = invite()
    user = make_account()

    as_user(client, user)
    page = client.get(path)
    response = client.post(path)

    assert page.status_code == response.status_code == 403
    assert expected in page_text(response)
    assert "A meghívás elfogadása" not in page_text(page)
    assert not memberships(municipality_a).filter(user=user).exists()
    assert user.groups.count() == 0
    assert invitations_of(municipality_a).get().accepted_at is None


def test_an_empty_citizen_profile_does_not_make_a_work_account_a_citizen(
    invite, client, municipality_a
):
    # Opening "Profilom" (where every login lands) creates an empty profile.
    path = invite()
    user = work_account()
    as_user(client, user).get(reverse("accounts:profile"))
    assert CitizenProfile.objects.filter(user=user).exists()

    client.post(path)

    assert memberships(municipality_a).filter(user=user).exists()


def test_an_address_registered_before_the_invitation_without_its_mailbox_gets_nothing(
    invite, municipality_a
):
    # given an attacker who signed up with the address they expect to be invited
    browser = Client()
    browser.post(
        reverse("account_signup"),
        {"email": INVITED, "password1": PASSWORD, "password2": PASSWORD},
    )
    attacker = get_user_model().objects.get(email=INVITED)
    assert not EmailAddress.objects.get(user=attacker).verified
    # and somehow holds the link (a forwarded e-mail, a shared screen)
    path = invite()

    response = as_user(browser, attacker).post(path)

    assert response.status_code == 403
    assert not memberships(municipality_a).filter(user=attacker).exists()
    assert attacker.groups.count() == 0


def test_staff_of_b_accepting_for_a_gets_a_s_role_in_a_only(
    invite, client, municipality_a, municipality_b, make_staff
):
    # A person may work for two municipalities (a joint office).
    path = invite(role=StaffRole.SITE_ADMIN)
    editor_b = make_staff(municipality_b, StaffRole.EDITOR, username="kozos", email=INVITED)
    EmailAddress.objects.create(user=editor_b, email=INVITED, verified=True, primary=True)

    as_user(client, editor_b).post(path)

    assert memberships(municipality_a).get(user=editor_b).role == StaffRole.SITE_ADMIN
    assert memberships(municipality_b).get(user=editor_b).role == StaffRole.EDITOR
    assert set(editor_b.groups.all()) == {
        role_group(municipality_a, StaffRole.SITE_ADMIN),
        role_group(municipality_b, StaffRole.EDITOR),
    }


def test_an_account_switched_off_by_an_operator_stays_off(municipality_a, municipality_b):
    user = work_account()
    user.is_active = False
    user.save()
    invitation = invitations.invite(
        municipality_a,
        email=INVITED,
        first_name="K",
        last_name="Ú",
        role=StaffRole.EDITOR,
        invited_by=None,
    )

    assert invitations.refusal_for(invitation, user) == invitations.Refusal.INACTIVE_ACCOUNT
    add_member(municipality_b, user, StaffRole.EDITOR)  # an operator's tool
    user.refresh_from_db()
    assert not user.is_active
