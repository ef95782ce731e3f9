from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    """The life of a case (ügyirat), in the order an officer moves it."""

    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the client")
    SUSPENDED = "suspended", _("Suspended")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


# Cases an officer still has to act on: their deadline is watched.
OPEN_STATUSES = (
    CaseStatus.RECEIVED,
    CaseStatus.ASSIGNED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.WAITING,
    CaseStatus.SUSPENDED,
)

# Open cases whose clock may be stopped by a pause (see deadlines.pause_stops_the_clock).
PAUSED_STATUSES = (CaseStatus.WAITING, CaseStatus.SUSPENDED)


class PauseKind(models.TextChoices):
    """Why a case's deadline may stop (Ákr. 50. § (5)); which ones stop it is data
    (settings.DOCUMENTS_DEADLINE_PAUSES)."""

    MISSING_INFORMATION = "missing_information", _("Waiting for the client's missing information")
    SUSPENSION = "suspension", _("Suspension of the procedure")
    STAY = "stay", _("Stay of the procedure")


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")
    INTERNAL = "internal", _("Internal")


class ArchivalValue(models.TextChoices):
    """What happens when a case's retention period ends (irattári terv)."""

    # Selejtezhető: destroyed after the retention period, with the archive's consent.
    DISPOSABLE = "S", _("Disposable after the retention period")
    # Nem selejtezhető: handed over to the public archive (levéltár).
    NS = "NS", _("Not disposable: handed over to the archive")
    # Határidő nélkül őrzendő: kept by the office without time limit.
    HN = "HN", _("Kept by the office without time limit")


class ClientKind(models.TextChoices):
    PERSON = "person", _("Citizen")
    ORGANISATION = "organisation", _("Organisation")


class RetentionMark(models.TextChoices):
    NONE = "", _("Not due")
    DESTROY = "destroy", _("Marked for destruction")
    ARCHIVE = "archive", _("Marked for hand-over to the archive")


class DecisionKind(models.TextChoices):
    """Ákr. 80. §: the merits are decided by a határozat, everything else by a végzés."""

    RULING = "ruling", _("Decision on the merits")
    ORDER = "order", _("Procedural order")


class DeliveryStatus(models.TextChoices):
    DELIVERED = "delivered", _("Delivered")
    NOTICE_SENT = "notice_sent", _("Notice sent")
    AWAITING_CHANNEL = "awaiting", _("Awaiting the portal mailbox")
    FAILED = "failed", _("Failed")


class AuditAction(models.TextChoices):
    VIEW_CASE = "view_case", _("Viewed the case")
    VIEW_LIST = "view_list", _("Saw the case in a case list")
    EXPORT = "export", _("Exported the case in a list (CSV)")
    VIEW_AUDIT = "view_audit", _("Viewed the audit history")
    DOWNLOAD = "download", _("Downloaded a document")
    CREATE_CASE = "create_case", _("Registered the case")
    REGISTER_DOCUMENT = "register_document", _("Registered a document")
    ASSIGN = "assign", _("Assigned the case")
    START = "start", _("Started work")
    REQUEST_INFO = "request_info", _("Asked for missing information")
    RESUME = "resume", _("Resumed: the deadline runs again")
    SUSPEND = "suspend", _("Suspended the procedure")
    DECIDE = "decide", _("Decided")
    CLOSE = "close", _("Closed")
    RESTRICT = "restrict", _("Changed the restriction")
    RELATE = "relate", _("Related a case")
    DELIVER = "deliver", _("Delivery attempt")
    RETENTION = "retention", _("Retention marking")
    CHECKSUM_MISMATCH = "checksum_mismatch", _("Checksum mismatch: file not served")
    DENIED = "denied", _("Access refused")


# Audit actions that belong on a case's timeline (views are in the audit history only).
TIMELINE_ACTIONS = {
    AuditAction.CREATE_CASE,
    AuditAction.REGISTER_DOCUMENT,
    AuditAction.ASSIGN,
    AuditAction.START,
    AuditAction.REQUEST_INFO,
    AuditAction.RESUME,
    AuditAction.SUSPEND,
    AuditAction.DECIDE,
    AuditAction.CLOSE,
    AuditAction.RESTRICT,
    AuditAction.RELATE,
    AuditAction.DELIVER,
    AuditAction.RETENTION,
    AuditAction.CHECKSUM_MISMATCH,
}
