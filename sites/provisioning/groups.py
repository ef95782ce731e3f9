"""A municipality's role groups: one Django group per staff role, with its model
permissions (sites.roles), its rights in the municipality's own page tree and media
collection, and its permissions on the municipality's site."""

from functools import cache

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail.models import GroupCollectionPermission, GroupPagePermission, GroupSitePermission

from ..constants import StaffRole
from ..models import RoleGroup
from ..roles import role_permissions

ROLE_GROUP_NAMES = {
    StaffRole.EDITOR: _("editors"),
    StaffRole.MODERATOR: _("moderators"),
    StaffRole.SITE_ADMIN: _("site administrators"),
    StaffRole.OFFICER: _("officers"),
    StaffRole.TAX_OFFICER: _("tax officers"),
    StaffRole.TRADE_OFFICER: _("trade officers"),
}

# Who may do what in their own municipality's page tree and media collection.
_EDIT_PAGES = ("add_page", "change_page", "lock_page")
_PUBLISH_PAGES = (*_EDIT_PAGES, "publish_page", "unlock_page")
_USE_MEDIA = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
)
_MANAGE_MEDIA = (*_USE_MEDIA, "delete_image", "delete_document")
PAGE_PERMISSIONS = {
    StaffRole.EDITOR: _EDIT_PAGES,
    StaffRole.MODERATOR: _PUBLISH_PAGES,
    StaffRole.SITE_ADMIN: (*_PUBLISH_PAGES, "bulk_delete_page"),
    StaffRole.OFFICER: (),
    StaffRole.TAX_OFFICER: (),
    StaffRole.TRADE_OFFICER: (),
}
MEDIA_PERMISSIONS = {
    StaffRole.EDITOR: _USE_MEDIA,
    StaffRole.MODERATOR: _MANAGE_MEDIA,
    StaffRole.SITE_ADMIN: _MANAGE_MEDIA,
    # Officers attach documents (decisions, notices) to what they publish.
    StaffRole.OFFICER: ("add_document", "change_document", "choose_document"),
    StaffRole.TAX_OFFICER: (),
    StaffRole.TRADE_OFFICER: (),
}


def ensure_role_groups(municipality):
    existing = set(RoleGroup.objects.for_municipality(municipality).values_list("role", flat=True))
    missing = [role for role in StaffRole if role not in existing]
    if not missing:
        return False
    with override(settings.LANGUAGE_CODE):
        names = [
            f"{municipality.name} ({municipality.slug}) – {ROLE_GROUP_NAMES[role]}"[:150]
            for role in missing
        ]
    # One INSERT per table for all roles: provisioning thousands must stay quick.
    groups = dict(
        zip(missing, Group.objects.bulk_create(Group(name=n) for n in names), strict=True)
    )
    Group.permissions.through.objects.bulk_create(
        Group.permissions.through(group_id=group.pk, permission_id=_permission(dotted).pk)
        for role, group in groups.items()
        for dotted in role_permissions.for_role(role)
    )
    RoleGroup.objects.bulk_create(
        RoleGroup(municipality=municipality, role=role, group=group)
        for role, group in groups.items()
    )
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(
            group=group,
            page_id=municipality.root_page_id,
            permission=_permission(f"wagtailcore.{codename}"),
        )
        for role, group in groups.items()
        for codename in PAGE_PERMISSIONS[role]
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(
            group=group,
            collection_id=municipality.collection_id,
            permission=_permission(_media_permission(codename)),
        )
        for role, group in groups.items()
        for codename in MEDIA_PERMISSIONS[role]
    )
    GroupSitePermission.objects.bulk_create(
        GroupSitePermission(
            group=group, site_id=municipality.site_id, permission=_permission(dotted)
        )
        for role, group in groups.items()
        for dotted in role_permissions.on_site_for_role(role)
    )
    return True


def _media_permission(codename):
    app = "wagtailimages" if codename.endswith("_image") else "wagtaildocs"
    return f"{app}.{codename}"


def _permission(dotted):
    try:
        return _permissions_by_name()[dotted]
    except KeyError:
        raise RuntimeError(f"Unknown permission {dotted!r}: is its app migrated?") from None


@cache
def _permissions_by_name():
    # Looked up once per process: provisioning thousands must not ask for them each time.
    return {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in Permission.objects.select_related("content_type")
    }


def sync_role_permissions(municipality):
    """Give existing role groups the permissions registered since they were made."""
    role_groups = list(
        RoleGroup.objects.for_municipality(municipality).prefetch_related(
            "group__permissions", "group__site_permissions"
        )
    )
    through = Group.permissions.through
    missing_model = [
        through(group_id=role_group.group_id, permission_id=_permission(dotted).pk)
        for role_group in role_groups
        for dotted in role_permissions.for_role(role_group.role)
        if _permission(dotted) not in role_group.group.permissions.all()
    ]
    missing_on_site = [
        GroupSitePermission(
            group_id=role_group.group_id,
            site_id=municipality.site_id,
            permission=_permission(dotted),
        )
        for role_group in role_groups
        for dotted in role_permissions.on_site_for_role(role_group.role)
        if not any(
            granted.permission_id == _permission(dotted).pk
            and granted.site_id == municipality.site_id
            for granted in role_group.group.site_permissions.all()
        )
    ]
    through.objects.bulk_create(missing_model)
    GroupSitePermission.objects.bulk_create(missing_on_site)
    return bool(missing_model or missing_on_site)
