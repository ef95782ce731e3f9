from .municipality import Municipality, MunicipalityQuerySet
from .pages import *  # noqa: F403 (the page types, listed in pages.__all__)
from .pages import __all__ as _page_types
from .settings import SiteSettings
from .staff import RoleGroup, StaffInvitation, StaffMembership

__all__ = [
    "Municipality",
    "MunicipalityQuerySet",
    "RoleGroup",
    "SiteSettings",
    "StaffInvitation",
    "StaffMembership",
    *_page_types,
]
