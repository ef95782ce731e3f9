"""A municipality's site admin manages its own staff, and only its own."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from sites.constants import StaffRole
from sites.models import RoleGroup, StaffInvitation, StaffMembership
from sites.staff import add_member, deactivate, set_role

pytestmark = pytest.mark.django_db


def role_group(municipality, role):
    return RoleGroup.objects.for_municipality(municipality).get(role=role).group


@pytest.fixture
def admin_client(client, site_admin_a):
    client.force_login(site_admin_a)
    return client


def test_staff_menu_leads_a_site_admin_to_their_municipality(admin_client, municipality_a):
    response = admin_client.get(reverse("municipal_staff:choose"))

    assert response.status_code == 302
    assert response["Location"] == reverse("municipal_staff:index", args=[municipality_a.pk])


def test_site_admin_invites_a_colleague_who_gets_a_hungarian_email_and_nothing_else(
    admin_client, municipality_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("municipal_staff:invite", args=[municipality_a.pk]),
            {
                "email": "Uj.Kollega@Example.HU",
                "first_name": "Kolléga",
                "last_name": "Új",
                "role": StaffRole.MODERATOR,
            },
        )

    assert response.status_code == 302
    # No account is made or changed: the role waits for the invitee (test_invitations.py).
    assert not get_user_model().objects.filter(email__iexact="uj.kollega@example.hu").exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["uj.kollega@example.hu"]
    assert "Alsóvár" in message.subject and "Meghívás" in message.subject
    assert "/fiok/meghivas/" in message.body


def test_invite_form_errors_are_in_hungarian(admin_client, municipality_a):
    response = admin_client.post(
        reverse("municipal_staff:invite", args=[municipality_a.pk]),
        {"email": "nem-email", "first_name": "", "last_name": "X", "role": "superuser"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Írjon be egy érvényes e-mail címet." in content
    assert "Egy mező megadása szükséges." in content
    assert "Válasszon érvényes elemet." in content
    assert "7 napig érvényes" in content and "munkahelyi e-mail-címet" in content


def test_site_admin_changes_a_role_and_deactivates(admin_client, municipality_a, editor_a):
    membership = StaffMembership.objects.for_municipality(municipality_a).get(user=editor_a)

    admin_client.post(
        reverse("municipal_staff:set_role", args=[municipality_a.pk, membership.pk]),
        {"role": StaffRole.MODERATOR},
    )
    editor_a.refresh_from_db()
    assert list(editor_a.groups.all()) == [role_group(municipality_a, StaffRole.MODERATOR)]

    admin_client.post(
        reverse("municipal_staff:deactivate", args=[municipality_a.pk, membership.pk])
    )
    editor_a.refresh_from_db()
    membership.refresh_from_db()
    assert not membership.is_active
    assert editor_a.groups.count() == 0
    # The account is not this municipality's to switch off (the person may be a citizen).
    assert editor_a.is_active


def test_a_deactivated_member_loses_the_admin_but_keeps_the_portal(
    client, editor_a, municipality_a
):
    client.force_login(editor_a)
    assert client.get("/admin/").status_code == 200

    deactivate(StaffMembership.objects.for_municipality(municipality_a).get(user=editor_a))

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get("/ugyeim/").status_code == 200


def test_deactivated_member_of_two_municipalities_keeps_the_other(
    make_staff, municipality_a, municipality_b
):
    user = make_staff(municipality_a, StaffRole.EDITOR, username="kozos", email="kozos@example.hu")
    add_member(municipality_b, user, StaffRole.EDITOR)

    deactivate(StaffMembership.objects.for_municipality(municipality_a).get(user=user))

    user.refresh_from_db()
    assert user.is_active
    assert list(user.groups.all()) == [role_group(municipality_b, StaffRole.EDITOR)]
    assert StaffMembership.objects.for_municipality(municipality_b).get(user=user).is_active


def test_set_role_never_switches_an_account_back_on(make_staff, municipality_a):
    user = make_staff(municipality_a, StaffRole.EDITOR, username="kikapcsolt")
    user.is_active = False  # an operator switched it off in the user admin
    user.save()

    set_role(StaffMembership.objects.for_municipality(municipality_a).get(user=user),
             StaffRole.MODERATOR)

    user.refresh_from_db()
    assert not user.is_active


def test_site_admin_of_a_cannot_see_or_manage_b_staff(admin_client, make_staff, municipality_b):
    editor_b = make_staff(municipality_b, StaffRole.EDITOR, username="szerkeszto_b")
    membership_b = StaffMembership.objects.for_municipality(municipality_b).get(user=editor_b)

    assert (
        admin_client.get(reverse("municipal_staff:index", args=[municipality_b.pk])).status_code
        == 404
    )
    assert (
        admin_client.post(
            reverse("municipal_staff:invite", args=[municipality_b.pk]),
            {"email": "x@example.hu", "first_name": "X", "last_name": "Y", "role": "site_admin"},
        ).status_code
        == 404
    )
    assert (
        admin_client.post(
            reverse("municipal_staff:deactivate", args=[municipality_b.pk, membership_b.pk])
        ).status_code
        == 404
    )
    editor_b.refresh_from_db()
    assert editor_b.is_active and editor_b.groups.exists()


def test_site_admin_of_a_cannot_grant_rights_over_b(
    admin_client, municipality_a, municipality_b, make_staff
):
    editor_b = make_staff(municipality_b, StaffRole.EDITOR, username="szerkeszto_b")
    membership_b = StaffMembership.objects.for_municipality(municipality_b).get(user=editor_b)

    # B's membership through A's URL: not found in A's scope.
    response = admin_client.post(
        reverse("municipal_staff:set_role", args=[municipality_a.pk, membership_b.pk]),
        {"role": StaffRole.SITE_ADMIN},
    )
    # A role value that is B's group id instead of a role name: refused by the form.
    invite = admin_client.post(
        reverse("municipal_staff:invite", args=[municipality_a.pk]),
        {
            "email": "betolakodo@example.hu",
            "first_name": "B",
            "last_name": "T",
            "role": str(role_group(municipality_b, StaffRole.SITE_ADMIN).pk),
        },
    )

    assert response.status_code == 404
    assert invite.status_code == 200  # form redisplayed with the error
    editor_b.refresh_from_db()
    assert list(editor_b.groups.all()) == [role_group(municipality_b, StaffRole.EDITOR)]
    assert not StaffInvitation.objects.for_municipality(municipality_a).exists()


def test_site_admin_cannot_lock_themselves_out(admin_client, municipality_a, site_admin_a):
    membership = StaffMembership.objects.for_municipality(municipality_a).get(user=site_admin_a)

    admin_client.post(
        reverse("municipal_staff:deactivate", args=[municipality_a.pk, membership.pk])
    )

    membership.refresh_from_db()
    assert membership.is_active


def test_editors_and_moderators_do_not_manage_staff(client, editor_a, municipality_a):
    client.force_login(editor_a)

    # Wagtail answers a PermissionDenied in the admin by sending the user to the dashboard.
    response = client.get(reverse("municipal_staff:choose"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("municipal_staff:index", args=[municipality_a.pk])).status_code == 404


def test_operator_manages_any_municipality_staff(client, operator, municipality_b):
    client.force_login(operator)

    response = client.get(reverse("municipal_staff:index", args=[municipality_b.pk]))

    assert response.status_code == 200
