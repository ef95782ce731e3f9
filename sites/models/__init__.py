from .municipality import Municipality, MunicipalityQuerySet
from .pages import MunicipalHomePage, StandardPage
from .settings import SiteSettings
from .staff import RoleGroup, StaffMembership

__all__ = [
    "Municipality",
    "MunicipalityQuerySet",
    "MunicipalHomePage",
    "StandardPage",
    "RoleGroup",
    "SiteSettings",
    "StaffMembership",
]
