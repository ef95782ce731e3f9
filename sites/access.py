"""One access rule for a municipality's staff: a permission counts only where the role
that grants it is held.

Django's model permissions are global: a person who is officer in A and editor in B "has"
``forms.change_formcustomisation`` everywhere. Every officer view, export and chooser
therefore asks here instead of ``user.has_perm``: in which municipalities does this user
hold a role whose group carries the permission? Group membership follows the active
memberships (sites.staff), so the role groups a user is in are exactly their roles."""

from django.contrib.auth.models import Permission

from .models import Municipality, RoleGroup


def _permission(permission):
    app_label, codename = permission.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


def officer_municipalities(user, permission):
    """The municipalities where ``user`` holds a role that grants ``permission``
    ("app_label.codename"); all of them for operators, none for anybody else."""
    return _with_role_group(user, group__permissions__in=_permission(permission))


def has_perm_in(user, permission, municipality):
    """Whether ``user`` may use ``permission`` in this one municipality."""
    municipality_id = getattr(municipality, "pk", municipality)
    return officer_municipalities(user, permission).filter(pk=municipality_id).exists()


def _with_role_group(user, **group_conditions):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    # The user's own role groups, in whichever municipality: the person is the scope here.
    role_groups = RoleGroup.objects.unscoped().filter(group__user=user, **group_conditions)
    return Municipality.objects.for_staff(user).filter(pk__in=role_groups.values("municipality_id"))


def municipalities_with_pages(user):
    """Where the user's role gives them rights in the page tree (editors, moderators, site
    admins; not officers): the trees Wagtail's explorer and choosers may show them."""
    return _with_role_group(user, group__page_permissions__isnull=False).distinct()


def municipalities_with_media(user):
    """Where the user's role gives them rights on the media collection."""
    return _with_role_group(user, group__collection_permissions__isnull=False).distinct()


def officers_with(municipality, permission):
    """Active people holding a role in ``municipality`` that grants ``permission``: whom to
    tell (a reminder, a deadline) about that municipality's work."""
    from django.contrib.auth import get_user_model

    municipality_id = getattr(municipality, "pk", municipality)
    groups = RoleGroup.objects.unscoped().filter(
        municipality_id=municipality_id, group__permissions__in=_permission(permission)
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__in=groups.values("group_id"))
        .distinct()
    )
