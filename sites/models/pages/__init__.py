"""The page types of a municipal website, one module per kind of content."""

from .contact import ContactFormField, ContactPage
from .council import CouncilCommittee, CouncilMember, CouncilPage, MeetingDocument, MeetingPage
from .customer_service import CustomerServicePage, OfficeStaff, OpeningException, OpeningHours
from .decrees import DecreeIndexPage, DecreePage
from .events import EventIndexPage, EventPage
from .home import MunicipalHomePage
from .library import DocumentLibraryPage, LibraryDocument
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .services import ServiceDirectoryPage
from .standard import StandardPage, allow_section_child  # noqa: F401 (for the services)

__all__ = [
    "ContactFormField",
    "ContactPage",
    "CouncilCommittee",
    "CouncilMember",
    "CouncilPage",
    "CustomerServicePage",
    "DecreeIndexPage",
    "DecreePage",
    "DocumentLibraryPage",
    "EventIndexPage",
    "EventPage",
    "LibraryDocument",
    "MeetingDocument",
    "MeetingPage",
    "MunicipalHomePage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "OfficeStaff",
    "OpeningException",
    "OpeningHours",
    "ServiceDirectoryPage",
    "StandardPage",
]
