"""The operations of the citizen's journey on the portal: in whose name, identification,
and the wizard's drafts. The application's life (draft, fee, submission, registration,
receipt) is intake's; the journey adds what only the portal knows (the representation, the
national agent's identity) and calls intake's façade, never the forms' submission."""

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from services.forms import services as forms
from services.forms.services import identity_fields, iter_fields, requires_identification
from services.intake import services as intake
from services.intake.constants import State

from .constants import EventKind, IdentifierKind, Proof, RepresentedKind
from .models import JourneyEvent, Representation

__all__ = [
    "FORM",
    "JourneyError",
    "discard",
    "locked_answers",
    "purge_expired",
    "record",
    "representation_of",
    "representation_problem",
    "save_answers",
    "with_form",
    "start_draft",
    "submit_draft",
]

# The kind of application the wizard fills in (services.forms.application).
FORM = "form"

logger = logging.getLogger(__name__)


class JourneyError(Exception):
    """The citizen cannot go on this way; the message says why, in Hungarian."""


def record(user, kind, municipality=None, reference="", **detail):
    JourneyEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        kind=kind,
        municipality=municipality,
        reference=str(reference)[:40],
        detail=detail,
    )


# -- in whose name


def representations_of(user):
    return Representation.objects.filter(representative=user)


def representation_problem(representation, customisation, day=None):
    """Why this representation cannot be used for this form today (Hungarian), or None."""
    if representation is None:
        return None
    day = day or timezone.localdate()
    if representation.revoked_at is not None:
        return _("The representation of %(name)s was revoked: you cannot act in their name.") % {
            "name": representation.name
        }
    if day < representation.valid_from:
        return _("The representation of %(name)s is valid only from %(date)s.") % {
            "name": representation.name,
            "date": representation.valid_from.isoformat(),
        }
    if representation.valid_until is not None and day > representation.valid_until:
        return _("The representation of %(name)s expired on %(date)s.") % {
            "name": representation.name,
            "date": representation.valid_until.isoformat(),
        }
    if not representation.covers(customisation.code, customisation.category):
        return _(
            "The representation of %(name)s does not cover the form %(code)s: extend its "
            "scope, or act in your own name."
        ) % {"name": representation.name, "code": customisation.code}
    return None


# -- identification


def identification_problem(identity, definition):
    """Why a citizen with this identity (the session's, from accounts.session_identity; None
    when not identified) may not fill in a form that needs an identified citizen, or None."""
    if not requires_identification(definition):
        return None
    if identity is None:
        return _(
            "Only a citizen identified through the national agent (KAÜ) may submit this form. "
            "Log in through the KAÜ (Client Gate+, DÁP, eID card or telephone identification)."
        )
    return None


def locked_answers(identity, definition):
    """{field key: value} of the identity fields, from the session's identity data.

    Always taken from the identity on the server: whatever a browser posts for these
    fields is replaced."""
    fields = identity_fields(definition)
    if not fields or not requires_identification(definition):
        return {}
    if identity is None:
        return {}
    profile = identity.profile
    values = {}
    for key, datum in fields.items():
        if datum == "full_name":
            value = profile.full_name
        elif datum == "date_of_birth":
            value = profile.date_of_birth.isoformat() if profile.date_of_birth else ""
        else:
            value = getattr(profile, datum, "")
        values[key] = value or ""
    return values


# -- the represented party


# The form field type that takes each kind of identifier a representation is recorded with.
FIELD_TYPE_OF_IDENTIFIER = {
    IdentifierKind.TAX_NUMBER: "tax_number",
    IdentifierKind.COMPANY_REGISTRATION: "company_registration_number",
    IdentifierKind.TAX_ID: "tax_id",
}
# A company's name fields found without a prefix (a form asking for "the company" rather
# than "the taxpayer").
PARTY_NAME_KEYS = ("ceg_neve", "cegnev", "vallalkozas_neve", "szervezet_neve")


def represented_answers(representation, definition):
    """{field key: value} pre-filled from the represented party when a draft is started in
    their name: their identifier into the first field of the identifier's type, their name
    into the name field next to it.

    Forms name their fields after the party (``adozo_adoszama``, ``adozo_neve``), so the name
    field is the identifier field's prefix + ``_neve``, or else one of PARTY_NAME_KEYS. Only
    top-level fields are filled, and only as a start: unlike the identity fields these are
    not locked, since a form may ask about another party than the one represented."""
    if representation is None:
        return {}
    fields = [
        (spec.get("key"), spec.get("type"))
        for _step, spec, _group in iter_fields(definition, include_subfields=False)
        if spec.get("key") and "identity" not in spec
    ]
    keys = {key for key, _kind in fields}
    values = {}
    wanted = FIELD_TYPE_OF_IDENTIFIER.get(representation.identifier_kind)
    identifier_key = next((key for key, kind in fields if kind == wanted), None)
    # A company's name goes into a company-name field; a person's only next to their identifier.
    name_keys = list(PARTY_NAME_KEYS) if representation.kind != RepresentedKind.PERSON else []
    if identifier_key:
        values[identifier_key] = representation.identifier
        if "_" in identifier_key:
            name_keys.insert(0, identifier_key.rsplit("_", 1)[0] + "_neve")
    name_key = next((key for key in name_keys if key in keys), None)
    if name_key:
        values[name_key] = representation.name
    return values


# -- drafts


def _refuse(actor, municipality, reference, problem):
    record(actor.user, EventKind.SUBMISSION_REFUSED, municipality, reference, reason=problem)
    raise JourneyError(problem)


def representation_of(application):
    """The representation a draft is filled in the name of, read again (it may have been
    revoked in another tab since the draft was opened); None for the citizen themselves."""
    if application.representation_id is None:
        return None
    return Representation.objects.filter(pk=application.representation_id).first()


def start_draft(actor, customisation, *, identity=None):
    """A new draft of the form's live revision, in the actor's name or, when the actor acts
    ``on_behalf_of`` a representation, in the party's. ``identity`` is the session's
    (accounts.session_identity), which the view reads: a service has no session."""
    user, representation = actor.user, actor.on_behalf_of
    definition = customisation.live_revision.definition
    problem = representation_problem(representation, customisation) or identification_problem(
        identity, definition
    )
    if problem:
        raise JourneyError(problem)
    try:
        application = intake.start(
            actor,
            FORM,
            customisation,
            municipality=customisation.municipality,
            # The identity's own data win over the party's: they are locked.
            initial={
                **represented_answers(representation, definition),
                **locked_answers(identity, definition),
            },
            representation_id=representation.pk if representation else None,
        )
    except forms.FormsError as error:
        raise JourneyError(" ".join(str(p) for p in error.problems)) from None
    record(
        user,
        EventKind.DRAFT_STARTED,
        customisation.municipality,
        application.reference,
        form=customisation.code,
        acting_for=representation.pk if representation else None,
    )
    return application


def save_answers(actor, application, data, step_key=None):
    """Keep the answers; every save gives the draft its full lifetime again. Returns the
    draft as saved."""
    try:
        saved = intake.save_answers(actor, application, data, step_key)
    except intake.IntakeError as error:
        raise JourneyError(error.message) from None
    except forms.FormsError as error:
        raise JourneyError(" ".join(str(p) for p in error.problems)) from None
    record(actor.user, EventKind.DRAFT_SAVED, application.municipality, application.reference)
    return with_form(saved)


def with_form(application):
    """The draft with what the wizard's pages read of it: its form submission (answers,
    files, revision) and the representation it is filled in the name of."""
    application.submission = forms.draft_of(application)
    application.representation = representation_of(application)
    return application


def discard(actor, application, kind=EventKind.DRAFT_DELETED):
    intake.discard(actor, application, expired=kind == EventKind.DRAFT_EXPIRED)
    record(actor.user, kind, application.municipality, application.reference)


def purge_expired(user=None, now=None):
    """Delete expired drafts (the citizen's, or everybody's for the nightly command)."""
    return intake.purge_expired(now=now, owner=user)


# -- submitting


def _acting_for_content(representation):
    if representation is None:
        return {"kind": "self"}
    return {
        "kind": representation.kind,
        "name": representation.name,
        "identifier_kind": representation.identifier_kind,
        "identifier": representation.identifier,
        "proof": representation.proof,
        "self_declared": representation.proof == Proof.SELF_DECLARED,
    }


def submit_draft(actor, application, *, identity=None, token=""):
    """Check the representation and the identification again and submit through intake:
    registered with its receipt at once, or awaiting payment when a fee is owed (then
    registered when the payment is confirmed). Returns the application. Raises
    JourneyError, or forms.SubmissionInvalid; either way the draft and its answers stay
    as they were. ``identity`` is the session's, as for :func:`start_draft`; ``token`` the
    summary page's submission token (a retried post returns the first submission, marked
    ``retried``)."""
    customisation, definition = _form_of(application)
    representation = representation_of(application)
    if application.representation_id is not None and representation is None:
        _refuse(
            actor,
            application.municipality,
            application.reference,
            _("The representation was deleted."),
        )
    problem = representation_problem(representation, customisation) or identification_problem(
        identity, definition
    )
    if problem:
        _refuse(actor, application.municipality, application.reference, problem)
    data = {**_answers_of(application), **locked_answers(identity, definition)}
    try:
        submitted = intake.submit(
            actor,
            application,
            data=data,
            submitter=intake.submitter_content(actor.user, identity),
            acting_for=_acting_for_content(representation),
            token=token,
        )
    except forms.FormsError as error:
        # Nothing was stored (the transaction rolled back): the draft is as it was.
        raise JourneyError(" ".join(str(p) for p in error.problems)) from None
    except intake.IntakeError as error:
        raise JourneyError(error.message) from None
    if getattr(submitted, "retried", False):
        return submitted
    if submitted.state == State.AWAITING_PAYMENT:
        record(
            actor.user,
            EventKind.AWAITING_PAYMENT,
            submitted.municipality,
            submitted.reference,
            fee=submitted.fee,
        )
    else:
        record(
            actor.user,
            EventKind.SUBMITTED,
            submitted.municipality,
            submitted.reference,
            registry_number=submitted.registry_number,
            sha256=submitted.receipt_sha256,
        )
    return submitted


def _form_of(application):
    """The form and the definition of the revision the draft was started on."""
    submission = forms.draft_of(application)
    return submission.revision.customisation, submission.revision.definition


def _answers_of(application):
    return forms.draft_of(application).data
