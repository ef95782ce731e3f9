from .ledger import CollectionAccount, ImmutableEntryError, LedgerEntry
from .registers import (
    HistoryError,
    Ownership,
    Property,
    PropertyDetails,
    Representation,
    TaxObject,
    Taxpayer,
    TaxpayerDetails,
)
from .statements import StatementImport, StatementItem

__all__ = [
    "CollectionAccount",
    "HistoryError",
    "ImmutableEntryError",
    "LedgerEntry",
    "Ownership",
    "Property",
    "PropertyDetails",
    "Representation",
    "TaxObject",
    "Taxpayer",
    "TaxpayerDetails",
    "StatementImport",
    "StatementItem",
]
from .decrees import AdoptedDecreeError, Decree, DecreeLine, DecreeRule  # noqa: E402

__all__ += ["AdoptedDecreeError", "Decree", "DecreeLine", "DecreeRule"]
from .assessment import (  # noqa: E402
    AssessmentDecision,
    AssessmentRun,
    DecisionDelivery,
    DecisionKind,
    InterestRun,
    PrintBatch,
    RunState,
)

__all__ += [
    "AssessmentDecision",
    "AssessmentRun",
    "DecisionDelivery",
    "DecisionKind",
    "InterestRun",
    "PrintBatch",
    "RunState",
]
from .imports import ImportJob, ImportKind  # noqa: E402

__all__ += ["ImportJob", "ImportKind"]
from .requests import (  # noqa: E402
    CardAccess,
    OverpaymentRequest,
    RequestEvent,
    RequestKind,
    RequestState,
    WrittenOnceError,
)

__all__ += [
    "CardAccess",
    "OverpaymentRequest",
    "RequestEvent",
    "RequestKind",
    "RequestState",
    "WrittenOnceError",
]
from .portal import (  # noqa: E402
    CardPaymentOrder,
    DecisionRouting,
    DeliveryOutcome,
    LinkBasis,
    PortalLink,
)

__all__ += [  # noqa: PLE0605
    "CardPaymentOrder",
    "DecisionRouting",
    "DeliveryOutcome",
    "LinkBasis",
    "PortalLink",
]
# Tax certificates (adóigazolás) and their history.
from .certificates import (  # noqa: E402
    CertificateEvent,
    CertificateOrigin,
    CertificateState,
    TaxCertificate,
)

__all__ += [  # noqa: PLE0605
    "CertificateEvent",
    "CertificateOrigin",
    "CertificateState",
    "TaxCertificate",
]
from .notices import (  # noqa: E402
    Notice,
    NoticeChannel,
    NoticeDelivery,
    NoticeKind,
    NoticePrintFile,
    NoticeRun,
    WrittenNoticeError,
)

__all__ += [  # noqa: PLE0605
    "Notice",
    "NoticeChannel",
    "NoticeDelivery",
    "NoticeKind",
    "NoticePrintFile",
    "NoticeRun",
    "WrittenNoticeError",
]
from .declarations import (  # noqa: E402
    DeclarationChange,
    DeclarationEvent,
    DeclarationState,
    PropertyDeclaration,
)

__all__ += [  # noqa: PLE0605
    "DeclarationChange",
    "DeclarationEvent",
    "DeclarationState",
    "PropertyDeclaration",
]
