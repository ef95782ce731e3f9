from .base import HistoryError, Notification
from .industry import Accommodation, AccommodationVersion, IndustrialSite, SiteVersion
from .pages import PublicRegisterPage
from .trade import (
    LicenceVersion,
    OperatingLicence,
    Place,
    PlaceVersion,
    Shop,
    ShopVersion,
    Trade,
    Trader,
    TraderVersion,
    TradeVersion,
)

__all__ = [
    "Accommodation",
    "AccommodationVersion",
    "HistoryError",
    "IndustrialSite",
    "LicenceVersion",
    "Notification",
    "OperatingLicence",
    "Place",
    "PlaceVersion",
    "PublicRegisterPage",
    "Shop",
    "ShopVersion",
    "SiteVersion",
    "Trade",
    "TradeVersion",
    "Trader",
    "TraderVersion",
]

# The notary's procedures on licence applications and industrial notifications.
from .procedures import (  # noqa: E402
    AnswerOutcome,
    Inspection,
    InspectionOutcome,
    Procedure,
    ProcedureKind,
    ProcedureOutcome,
    SpecialistRequest,
    ZoningRule,
    ZoningZone,
)

__all__ += [  # noqa: PLE0605
    "AnswerOutcome",
    "Inspection",
    "InspectionOutcome",
    "Procedure",
    "ProcedureKind",
    "ProcedureOutcome",
    "SpecialistRequest",
    "ZoningRule",
    "ZoningZone",
]
