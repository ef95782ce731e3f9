from django.db import models
from django.utils.translation import gettext_lazy as _


class RepresentedKind(models.TextChoices):
    """Whom a citizen may act for on the portal besides themselves."""

    COMPANY = "company", _("Company")
    SOLE_TRADER = "sole_trader", _("Sole trader")
    PERSON = "person", _("Person who authorised me")


class IdentifierKind(models.TextChoices):
    TAX_NUMBER = "tax_number", _("Tax number (adószám)")
    COMPANY_REGISTRATION = "company_registration", _("Company registration number")
    TAX_ID = "tax_id", _("Tax identification number (adóazonosító jel)")


# Which identifiers fit which party: a company by its tax number or registration number, a
# sole trader by the tax number, a natural person by the tax identification number.
IDENTIFIERS_FOR_KIND = {
    RepresentedKind.COMPANY: (IdentifierKind.TAX_NUMBER, IdentifierKind.COMPANY_REGISTRATION),
    RepresentedKind.SOLE_TRADER: (IdentifierKind.TAX_NUMBER,),
    RepresentedKind.PERSON: (IdentifierKind.TAX_ID,),
}


class Proof(models.TextChoices):
    """How a representation is known to be true. There is no national registry of
    authorisations we could ask (none is connected), so today every record is the citizen's
    own declaration and says so wherever it is shown; a checked source is a new value here."""

    SELF_DECLARED = "self_declared", _("Declared by the representative (not verified)")


class EventKind(models.TextChoices):
    MUNICIPALITY_CHOSEN = "municipality_chosen", _("Municipality chosen")
    ACTING_FOR_CHOSEN = "acting_for_chosen", _("Acting-for chosen")
    REPRESENTATION_ADDED = "representation_added", _("Representation added")
    REPRESENTATION_REVOKED = "representation_revoked", _("Representation revoked")
    DRAFT_STARTED = "draft_started", _("Draft started")
    DRAFT_SAVED = "draft_saved", _("Draft saved")
    FILE_ATTACHED = "file_attached", _("File attached")
    FILE_REMOVED = "file_removed", _("File removed")
    DRAFT_DELETED = "draft_deleted", _("Draft deleted")
    DRAFT_EXPIRED = "draft_expired", _("Draft expired")
    SUBMISSION_REFUSED = "submission_refused", _("Submission refused")
    SUBMITTED = "submitted", _("Submitted")
    AWAITING_PAYMENT = "awaiting_payment", _("Submitted, fee to be paid")
    PAYMENT_STARTED = "payment_started", _("Payment started")
    RECEIPT_DOWNLOADED = "receipt_downloaded", _("Receipt downloaded")
    FILE_DOWNLOADED = "file_downloaded", _("File downloaded")


# Session keys (the chosen municipality is also kept in a cookie for anonymous visitors).
SESSION_MUNICIPALITY = "journey_municipality"
SESSION_ACTING_FOR = "journey_acting_for"
MUNICIPALITY_COOKIE = "varoshaza_onkormanyzat"
MUNICIPALITY_COOKIE_AGE = 365 * 24 * 3600
