"""A municipality's own staff: given one role, changed, deactivated.

Group membership always follows :class:`StaffMembership`, and only the municipality's own
role groups (found through :class:`RoleGroup`) are ever added or removed, so nobody can be
given rights over another municipality from here.

The web never calls :func:`add_member` with an account of its choosing: a site admin
invites an e-mail address (``sites.invitations``) and the role follows only when the owner
of that verified address accepts. :func:`add_member` is for operators' tools (the demo,
provisioning commands, tests) that create staff accounts themselves."""

from django.db import transaction

from .models import RoleGroup, StaffMembership


def _role_groups(municipality):
    return {
        role_group.role: role_group.group
        for role_group in RoleGroup.objects.for_municipality(municipality).select_related("group")
    }


@transaction.atomic
def add_member(municipality, user, role, *, invited_by=None):
    """Make ``user`` work for ``municipality`` in ``role`` (a new or a former member).

    One person may work for several municipalities (e.g. a joint office, közös
    önkormányzati hivatal): this touches the membership of this municipality only."""
    membership, _created = StaffMembership.objects.for_municipality(municipality).get_or_create(
        municipality=municipality,
        user=user,
        defaults={"role": role, "invited_by": invited_by},
    )
    set_role(membership, role)
    return membership


def set_role(membership, role):
    """Give the member exactly one of the municipality's roles, and make the membership active.

    The account itself is left alone: an account switched off by an operator stays off
    (only an operator switches it back on, in the user admin)."""
    groups = _role_groups(membership.municipality)
    user = membership.user
    user.groups.remove(*groups.values())
    user.groups.add(groups[role])
    membership.role = role
    membership.is_active = True
    membership.save(update_fields=["role", "is_active", "updated_at"])


def deactivate(membership):
    """Take away the member's rights in this municipality; the membership stays for the record.

    The account stays active: the same person may be a citizen of the portal, or work for
    another municipality, and neither is this municipality's to end. Without an active
    membership and its role groups they lose "wagtailadmin.access_admin", so the admin
    refuses them (and asks no second factor of them any more)."""
    membership.user.groups.remove(*_role_groups(membership.municipality).values())
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
