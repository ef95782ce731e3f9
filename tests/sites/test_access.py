"""The one access rule: a permission counts only where the role that grants it is held."""

import pytest

from sites.access import (
    has_perm_in,
    municipalities_with_media,
    municipalities_with_pages,
    officer_municipalities,
)
from sites.constants import StaffRole
from sites.models import StaffMembership
from sites.staff import add_member, deactivate

pytestmark = pytest.mark.django_db

FORMS = "forms.change_formcustomisation"
CASES = "documents.view_case"


@pytest.fixture
def officer_a_editor_b(make_staff, municipality_a, municipality_b):
    user = make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a_szerkeszto_b")
    add_member(municipality_b, user, StaffRole.EDITOR)
    return user


def test_a_permission_of_a_role_in_a_gives_nothing_in_b(
    officer_a_editor_b, municipality_a, municipality_b
):
    # Django's own answer is global: the permission "is there"
    assert officer_a_editor_b.has_perm(FORMS)

    assert list(officer_municipalities(officer_a_editor_b, FORMS)) == [municipality_a]
    assert has_perm_in(officer_a_editor_b, CASES, municipality_a)
    assert not has_perm_in(officer_a_editor_b, CASES, municipality_b)
    assert not has_perm_in(officer_a_editor_b, FORMS, municipality_b.pk)


def test_page_trees_and_media_follow_the_role_that_has_rights_there(
    officer_a_editor_b, municipality_a, municipality_b
):
    # an officer has no page rights: only B's tree, where they edit
    assert list(municipalities_with_pages(officer_a_editor_b)) == [municipality_b]
    # officers attach documents: both collections
    assert set(municipalities_with_media(officer_a_editor_b)) == {municipality_a, municipality_b}


def test_a_deactivated_role_grants_nothing(officer_a_editor_b, municipality_a):
    membership = StaffMembership.objects.for_municipality(municipality_a).get(
        user=officer_a_editor_b
    )

    deactivate(membership)

    assert not officer_municipalities(officer_a_editor_b, FORMS).exists()


def test_operators_reach_every_municipality_and_visitors_none(
    operator, municipality_a, municipality_b, django_user_model
):
    from django.contrib.auth.models import AnonymousUser

    assert set(officer_municipalities(operator, FORMS)) == {municipality_a, municipality_b}
    assert not officer_municipalities(AnonymousUser(), FORMS).exists()


def test_a_switched_off_account_reaches_nothing(officer_a_editor_b):
    officer_a_editor_b.is_active = False
    officer_a_editor_b.save()

    assert not officer_municipalities(officer_a_editor_b, FORMS).exists()
    assert not municipalities_with_pages(officer_a_editor_b).exists()
