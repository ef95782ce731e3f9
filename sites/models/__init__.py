from .municipality import Municipality, MunicipalityQuerySet
from .pages import MunicipalHomePage, StandardPage
from .staff import RoleGroup, StaffMembership

__all__ = [
    "Municipality",
    "MunicipalityQuerySet",
    "MunicipalHomePage",
    "StandardPage",
    "RoleGroup",
    "StaffMembership",
]
