"""Who may see and do what in the registry.

Every view first finds the municipality among those the user works for as an officer,
then every case through that municipality's scope, so an officer of A asking for anything
of B gets a 404 as if it did not exist. Within a municipality, a restricted case is seen
only by its handling officer and those given ``documents.view_restricted_case``."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from sites.access import has_perm_in, officer_municipalities
from sites.constants import StaffRole
from sites.hungarian import HungarianOrder
from sites.models import Municipality, StaffMembership

from .models import Case

OFFICER_PERMISSION = "documents.view_case"
CHANGE_PERMISSION = "documents.change_case"


def municipalities_for(user):
    """Where the user works as an officer: a role in that municipality that grants the
    registry's permission (sites.access), so an officer of A who edits B's website sees no
    case of B."""
    return officer_municipalities(user, OFFICER_PERMISSION)


def municipalities_for_settings(user):
    """Where the user keeps the registry settings and case types: site admins, operators."""
    return officer_municipalities(user, "documents.change_registrysettings")


def municipalities_for_schedule(user):
    return Municipality.objects.filter(
        Q(pk__in=municipalities_for(user).values("pk"))
        | Q(pk__in=municipalities_for_settings(user).values("pk"))
    )


def can_use_registry(user):
    return user.is_superuser or municipalities_for_schedule(user).exists()


def visible_cases(user, municipality):
    cases = Case.objects.for_municipality(municipality)
    if has_perm_in(user, "documents.view_restricted_case", municipality):
        return cases
    return cases.filter(Q(restricted=False) | Q(officer=user))


def can_handle(user, case):
    """The handling officer works on an assigned case; an unassigned one anybody may take."""
    if not has_perm_in(user, CHANGE_PERMISSION, case.municipality_id):
        return False
    return user.is_superuser or case.officer_id in (None, user.pk)


def can_assign(user, case):
    return has_perm_in(user, CHANGE_PERMISSION, case.municipality_id)


def can_see_audit(user, case):
    return (
        has_perm_in(user, "documents.view_case_audit", case.municipality_id)
        or case.officer_id == user.pk
    )


def officers_of(municipality):
    """Active officers of the municipality: the people a case can be assigned to."""
    memberships = StaffMembership.objects.for_municipality(municipality).filter(
        is_active=True, role=StaffRole.OFFICER
    )
    return (
        get_user_model()
        .objects.filter(pk__in=memberships.values("user_id"), is_active=True)
        .order_by(HungarianOrder("last_name"), HungarianOrder("first_name"), "username")
    )
