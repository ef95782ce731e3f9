"""A municipality's own staff: invited, given one role, deactivated — by its site admin.

Group membership always follows :class:`StaffMembership`, and only the municipality's own
role groups (found through :class:`RoleGroup`) are ever added or removed, so nobody can be
given rights over another municipality from here."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import RoleGroup, StaffMembership


def _role_groups(municipality):
    return {
        role_group.role: role_group.group
        for role_group in RoleGroup.objects.for_municipality(municipality).select_related("group")
    }


@transaction.atomic
def invite(municipality, *, email, first_name, last_name, role, invited_by, request=None):
    """Add a person to the municipality's staff and e-mail them a link to set a password.

    An existing account (the same e-mail) is reused: one person may work for several
    municipalities, e.g. a joint office (közös önkormányzati hivatal)."""
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    new_user = user is None
    if new_user:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    membership, _created = StaffMembership.objects.for_municipality(municipality).get_or_create(
        municipality=municipality,
        user=user,
        defaults={"role": role, "invited_by": invited_by},
    )
    set_role(membership, role)
    if new_user:
        transaction.on_commit(lambda: _send_invitation(user, municipality, request))
    return membership


def set_role(membership, role):
    """Give the member exactly one of the municipality's roles, and activate them."""
    groups = _role_groups(membership.municipality)
    user = membership.user
    user.groups.remove(*groups.values())
    user.groups.add(groups[role])
    membership.role = role
    membership.is_active = True
    membership.save(update_fields=["role", "is_active", "updated_at"])
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])


def deactivate(membership):
    """Take away the member's rights in this municipality; their account stays for the record.

    A person who works for no other municipality can no longer log in at all."""
    user = membership.user
    user.groups.remove(*_role_groups(membership.municipality).values())
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    works_elsewhere = StaffMembership.objects.unscoped().filter(user=user, is_active=True).exists()
    if not works_elsewhere and not user.is_superuser:
        user.is_active = False
        user.save(update_fields=["is_active"])


def _send_invitation(user, municipality, request):
    # The admin's password-reset link doubles as the invitation: the new member chooses their
    # own password, and the link expires after PASSWORD_RESET_TIMEOUT.
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    base_url = request.build_absolute_uri("/")[:-1] if request else settings.WAGTAILADMIN_BASE_URL
    context = {"user": user, "municipality": municipality, "link": base_url + path}
    subject = render_to_string("sites/staff/invitation_subject.txt", context).strip()
    body = render_to_string("sites/staff/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])
