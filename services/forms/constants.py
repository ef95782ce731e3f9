from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The fields of administration a citizen chooses from on the portal."""

    LOCAL_TAXES = "helyi_adok", _("Local taxes")
    TRADE = "ipar_kereskedelem", _("Trade and industry")
    PUBLIC_SPACE = "kozterulet", _("Public space")
    SOCIAL = "szocialis", _("Social support")
    REGISTRY = "anyakonyv_igazolas", _("Registry and certificates")
    ENVIRONMENT = "kornyezet", _("Environment")
    COMPLAINTS = "panasz_bejelentes", _("Complaints and notices")
    LOCAL = "helyi", _("Local matters")


class FormKind(models.TextChoices):
    # An overlay follows the central template's versions; a local form is a copy that no
    # longer does.
    OVERLAY = "overlay", _("Customised template")
    LOCAL = "local", _("Local form")


class FormStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SubmissionStatus(models.TextChoices):
    """Whether the answers may still change. Whether the fee is paid and the submission
    registered is the application's state (services.intake), not the submission's."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RECEIVED = "received", _("Received")
    REJECTED = "rejected", _("Rejected")


class UpdateOutcome(models.TextChoices):
    """What a new template version did to one municipality's form."""

    MOVED = "moved", _("Moved to the new version")
    CONFLICT = "conflict", _("Conflict: the old version keeps serving")
    DRAFT_ONLY = "draft_only", _("Draft moved to the new version")
    STAGED = "staged", _("Ready: switches when the version comes into force")


class DeadlinePolicy(models.TextChoices):
    """What happens to a municipality still on an earlier version when the "must be live
    by" date of a legal change passes; the provider chooses per version."""

    SWITCH = "switch", _("Switch it to the new version, dropping the conflicting customisations")
    WITHDRAW = "withdraw", _("Withdraw the form, with a notice to citizens")


class FormEventKind(models.TextChoices):
    """The form's history of legal changes (services.forms.models.FormEvent)."""

    STAGED = "staged", _("New version staged")
    SWITCHED = "switched", _("Moved to the new version")
    HELD = "held", _("Held on the earlier version by a conflict")
    RESOLVED = "resolved", _("Conflict resolved")
    DRAFT_REBASED = "draft_rebased", _("Unpublished draft re-based")
    DRAFT_CARRIED = "draft_carried", _("A citizen's draft carried to the new version")
    KEPT = "kept", _("Own version kept")
    TAKEN = "taken", _("Provider's version taken")
    REMINDED = "reminded", _("Deadline reminder sent")
    DEADLINE_SWITCHED = "deadline_switched", _("Deadline passed: switched")
    DEADLINE_WITHDRAWN = "deadline_withdrawn", _("Deadline passed: withdrawn")


class FeeKind(models.TextChoices):
    NONE = "none", _("No fee")
    FIXED = "fixed", _("Fixed fee")
    COMPUTED = "computed", _("Computed from the answers")


# The envelope version of exported JSON; bump it with a new schema file for each change.
EXPORT_SCHEMA_VERSION = 1
