"""Invitations: a site admin's invitation grants nothing and says nothing about accounts;
a former member is invited again, never reactivated; B's invitations are B's."""

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import PhoneNumber
from sites import invitations
from sites.constants import StaffRole
from sites.staff import deactivate

from .helpers import (
    INVITED,
    as_user,
    invitations_of,
    memberships,
    page_text,
    token_of,
    work_account,
)

pytestmark = pytest.mark.django_db


# -- the invitation itself


def test_inviting_grants_nothing_and_emails_a_single_use_link(invite, admin_client, municipality_a):
    existing = work_account()

    path = invite()

    assert not memberships(municipality_a).filter(user=existing).exists()
    assert existing.groups.count() == 0
    invitation = invitations_of(municipality_a).get()
    assert invitation.email == INVITED and invitation.role == StaffRole.EDITOR
    assert invitation.accepted_at is None and invitation.revoked_at is None
    token = token_of(path)
    assert token not in invitation.token_hash
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert invitation.expires_at - invitation.sent_at == timedelta(days=7)
    message = mail.outbox[-1]
    assert message.to == [INVITED]
    assert message.subject == "Meghívás: Alsóvár munkatársa a Városházán"
    assert "Kedves Új Kolléga!" in message.body
    assert "szerkesztő" in message.body.lower()
    assert "egyszer használható" in message.body


def test_the_validity_comes_from_the_setting(settings, invite, municipality_a):
    settings.STAFF_INVITATION_DAYS = 2

    invite()

    invitation = invitations_of(municipality_a).get()
    assert invitation.expires_at - invitation.sent_at == timedelta(days=2)


@pytest.mark.parametrize("account", ["none", "citizen", "staff_of_b"])
def test_the_site_admin_learns_nothing_about_accounts_behind_the_address(
    admin_client, municipality_a, municipality_b, make_staff, account
):
    if account == "citizen":
        citizen = work_account(first_name="Titkos", last_name="Polgár")
        PhoneNumber.objects.create(user=citizen, number="+36301234567", verified=True)
    elif account == "staff_of_b":
        make_staff(
            municipality_b,
            StaffRole.EDITOR,
            username="b_szerkeszto",
            email=INVITED,
            first_name="Titkos",
            last_name="Polgár",
        )

    response = admin_client.post(
        reverse("municipal_staff:invite", args=[municipality_a.pk]),
        {"email": INVITED, "first_name": "Kolléga", "last_name": "Új", "role": "editor"},
        follow=True,
    )

    text = page_text(response)
    assert (
        f"Meghívót küldtünk a(z) {INVITED} címre. A szerepkört (Szerkesztő) akkor kapja "
        "meg, ha a cím tulajdonosa megerősített fiókkal elfogadja a meghívást."
    ) in text
    assert "Titkos" not in text and "Polgár" not in text
    assert "b_szerkeszto" not in text


def test_the_staff_page_lists_only_this_municipality_s_members_and_invitations(
    admin_client, invite, municipality_a, municipality_b, make_staff, site_admin_a
):
    make_staff(
        municipality_b,
        StaffRole.EDITOR,
        username="b_titkos",
        first_name="Béla",
        last_name="Másikvári",
    )
    invite(email="a.meghivott@example.hu")
    invitations.invite(
        municipality_b,
        email="b.meghivott@example.hu",
        first_name="Bianka",
        last_name="Felsővári",
        role=StaffRole.EDITOR,
        invited_by=None,
    )

    text = page_text(admin_client.get(reverse("municipal_staff:index", args=[municipality_a.pk])))

    assert "a.meghivott@example.hu" in text and "Új Kolléga" in text
    assert "Nyitott meghívók" in text
    assert "b.meghivott@example.hu" not in text and "Felsővári" not in text
    assert "b_titkos" not in text and "Másikvári" not in text


def test_inviting_the_same_address_again_leaves_only_the_latest_link(
    invite, client, municipality_a
):
    first = invite()
    second = invite(role=StaffRole.MODERATOR)
    as_user(client, work_account())

    assert client.get(first).status_code == 410
    client.post(second)

    assert memberships(municipality_a).get(user__email=INVITED).role == StaffRole.MODERATOR


# -- former members


def test_a_former_member_is_invited_again_not_reactivated(
    admin_client, editor_a, municipality_a, django_capture_on_commit_callbacks
):
    membership = memberships(municipality_a).get(user=editor_a)
    deactivate(membership)

    admin_client.post(
        reverse("municipal_staff:set_role", args=[municipality_a.pk, membership.pk]),
        {"role": StaffRole.EDITOR},
    )
    membership.refresh_from_db()
    assert not membership.is_active
    index = page_text(admin_client.get(reverse("municipal_staff:index", args=[municipality_a.pk])))
    assert reverse("municipal_staff:reinvite", args=[municipality_a.pk, membership.pk]) in index
    assert "Újbóli meghívás" in index

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("municipal_staff:reinvite", args=[municipality_a.pk, membership.pk]),
            {"role": StaffRole.MODERATOR},
        )

    membership.refresh_from_db()
    assert not membership.is_active and editor_a.groups.count() == 0
    invitation = invitations_of(municipality_a).get()
    assert (invitation.email, invitation.role) == (editor_a.email, StaffRole.MODERATOR)
    assert mail.outbox[-1].to == [editor_a.email]


def test_a_site_admin_of_a_cannot_touch_b_s_invitations(
    admin_client, municipality_a, municipality_b
):
    invitation = invitations.invite(
        municipality_b,
        email="b@example.hu",
        first_name="B",
        last_name="B",
        role=StaffRole.EDITOR,
        invited_by=None,
    )

    for action in ("revoke_invitation", "resend_invitation"):
        for municipality in (municipality_a, municipality_b):
            response = admin_client.post(
                reverse(f"municipal_staff:{action}", args=[municipality.pk, invitation.pk])
            )
            assert response.status_code == 404

    invitation.refresh_from_db()
    assert invitation.is_open
