"""The operations of the citizen's journey. Views and commands call these; they reach the
forms service and the document registry only through those apps' service functions."""

import datetime
import hashlib
import json
import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from services.documents.services import DocumentsError
from services.forms import services as forms
from services.forms.constants import SubmissionStatus
from services.forms.models import SubmissionFile
from services.forms.services import identity_fields, requires_identification

from .constants import SESSION_ACTING_FOR, EventKind, Proof
from .models import AwaitingPayment, JourneyEvent, Receipt, Representation, WizardDraft

__all__ = [
    "JourneyError",
    "acting_for",
    "discard",
    "draft_lifetime",
    "issue_paid_receipt",
    "locked_answers",
    "purge_expired",
    "record",
    "representation_problem",
    "start_draft",
    "submit_draft",
]

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


def acting_for(request):
    """The representation the citizen chose to act through, or None (themselves)."""
    pk = request.session.get(SESSION_ACTING_FOR)
    if not pk or not request.user.is_authenticated:
        return None
    return representations_of(request.user).filter(pk=pk).first()


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


# -- drafts


def draft_lifetime():
    return datetime.timedelta(days=settings.JOURNEY_DRAFT_DAYS)


def _drafts_in(municipality):
    return WizardDraft.objects.for_municipality(municipality)


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
    with transaction.atomic():
        submission = forms.save_draft(
            customisation, locked_answers(identity, definition), submitter=user
        )
        draft = _drafts_in(customisation.municipality).create(
            municipality=customisation.municipality,
            submission=submission,
            owner=user,
            representation=representation,
            step_key=definition["steps"][0]["key"] if definition["steps"] else "",
            expires_at=timezone.now() + draft_lifetime(),
        )
    record(
        user,
        EventKind.DRAFT_STARTED,
        customisation.municipality,
        submission.reference,
        form=customisation.code,
        acting_for=representation.pk if representation else None,
    )
    return draft


def save_answers(draft, data, step_key=None, user=None):
    """Keep the answers; every save gives the draft its full lifetime again."""
    with transaction.atomic():
        forms.save_draft(None, data, draft=draft.submission)
        draft.expires_at = timezone.now() + draft_lifetime()
        if step_key:
            draft.step_key = step_key
        draft.save()
    record(user, EventKind.DRAFT_SAVED, draft.municipality, draft.submission.reference)


def discard(draft, user=None, kind=EventKind.DRAFT_DELETED):
    reference = draft.submission.reference
    municipality = draft.municipality
    with transaction.atomic():
        forms.discard_draft(draft.submission)  # the draft row goes with its submission
    record(user, kind, municipality, reference)


def purge_expired(user=None, now=None):
    """Delete expired drafts (the citizen's, or everybody's for the nightly command)."""
    now = now or timezone.now()
    drafts = WizardDraft.objects.of_citizen(user) if user else WizardDraft.objects.unscoped()
    count = 0
    for draft in drafts.filter(expires_at__lte=now).select_related("submission"):
        if draft.submission.status == "draft":
            discard(draft, user=draft.owner, kind=EventKind.DRAFT_EXPIRED)
            count += 1
    return count


# -- submitting


def canonical_json(content):
    """One byte string per content: sorted keys, no spaces, UTF-8. Its SHA-256 is what the
    receipt shows, so anyone holding the data can check it."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_of_file(field_file):
    digest = hashlib.sha256()
    with field_file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(64 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def display_name(user):
    # Hungarian order: family name first.
    return " ".join(p for p in (user.last_name, user.first_name) if p) or user.get_username()


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


def _submitter_content(identity, user):
    return {
        "name": identity.profile.full_name if identity else display_name(user),
        "identified": identity is not None,
        "assurance_level": identity.assurance_level if identity else "",
    }


def _payment_content(payment):
    return {
        "amount": payment.amount,
        "currency": payment.currency,
        "provider": payment.provider,
        "provider_reference": payment.provider_reference,
        "paid_at": payment.paid_at.isoformat() if payment.paid_at else "",
    }


def _receipt_content(submission, representation, submitter, payment=None):
    revision = submission.revision
    customisation = revision.customisation
    municipality = submission.municipality
    files = (
        SubmissionFile.objects.for_municipality(municipality)
        .filter(submission=submission)
        .order_by("field_key", "pk")
    )
    content = {
        "municipality": {"name": municipality.name, "ksh_code": municipality.ksh_code},
        "form": {
            "code": customisation.code,
            "title": revision.definition.get("title") or customisation.title,
            "revision": revision.number,
        },
        "reference": submission.reference,
        "registry_number": submission.registry_number,
        "submitted_at": submission.submitted_at.isoformat(),
        "submitter": submitter,
        "acting_for": _acting_for_content(representation),
        "fee": submission.fee,
        "answers": submission.data,
        "attachments": [
            {
                "field": stored.field_key,
                "name": stored.original_name,
                "size": stored.size,
                "sha256": sha256_of_file(stored.file),
            }
            for stored in files
        ],
    }
    if payment is not None:
        # Only a paid form has it: a fee-less form's receipt is exactly what it was before.
        content["payment"] = _payment_content(payment)
    return content


def _make_receipt(submission, owner, representation, submitter, payment=None):
    content = _receipt_content(submission, representation, submitter, payment)
    canonical = canonical_json(content)
    return Receipt.objects.for_municipality(submission.municipality_id).create(
        municipality_id=submission.municipality_id,
        submission=submission,
        owner=owner,
        representation=representation,
        content=content,
        canonical=canonical,
        sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
    )


def submit_draft(actor, draft, *, identity=None):
    """Check everything again, submit through the forms service (which registers the case
    in the same transaction) and make the receipt in that transaction too; returns the
    :class:`Receipt`.

    A form with a fee (computed by the forms service from the answers) is stored as
    awaiting payment instead, and an :class:`AwaitingPayment` is returned: the case is
    registered and the receipt made only when the payment is confirmed
    (:func:`issue_paid_receipt`). Raises JourneyError (representation, identification,
    cut-off), or forms.SubmissionInvalid; either way the draft and its answers stay as
    they were. ``identity`` is the session's, as for :func:`start_draft`."""
    user = actor.user
    submission = draft.submission
    customisation = submission.revision.customisation
    definition = submission.revision.definition
    representation = draft.representation
    if representation is not None:
        # Read again: it may have been revoked in another tab since the draft was opened.
        representation = Representation.objects.get(pk=representation.pk)
    problem = representation_problem(representation, customisation) or identification_problem(
        identity, definition
    )
    if problem:
        record(
            user,
            EventKind.SUBMISSION_REFUSED,
            draft.municipality,
            submission.reference,
            reason=problem,
        )
        raise JourneyError(problem)
    data = {**submission.data, **locked_answers(identity, definition)}
    try:
        with transaction.atomic():
            submitted = forms.submit(
                data=data, submitter=user, draft=submission, await_payment=True
            )
            submitter = _submitter_content(identity, user)
            if submitted.status == SubmissionStatus.AWAITING_PAYMENT:
                awaiting = AwaitingPayment.objects.for_municipality(draft.municipality).create(
                    municipality=draft.municipality,
                    submission=submitted,
                    owner=user,
                    representation=representation,
                    submitter=submitter,
                )
            else:
                receipt = _make_receipt(submitted, user, representation, submitter)
            WizardDraft.objects.for_municipality(draft.municipality).filter(pk=draft.pk).delete()
    except forms.FormsError as error:
        # Nothing was stored (the transaction rolled back): the draft is as it was.
        submission.refresh_from_db()
        raise JourneyError(" ".join(str(p) for p in error.problems)) from None
    except forms.SubmissionInvalid:
        submission.refresh_from_db()
        raise
    except (DocumentsError, DatabaseError):
        # The registry could not register it (a refusal or the database): nothing was
        # stored, the draft is as it was, and the citizen is told so instead of an error page.
        logger.exception("Registering submission %s failed", submission.reference)
        submission.refresh_from_db()
        raise JourneyError(
            _(
                "The registry could not take your form just now. Nothing was lost: your "
                "draft and its attachments are kept. Please try again in a few minutes."
            )
        ) from None
    if submitted.status == SubmissionStatus.AWAITING_PAYMENT:
        record(
            user,
            EventKind.AWAITING_PAYMENT,
            draft.municipality,
            submitted.reference,
            fee=submitted.fee,
        )
        return awaiting
    record(
        user,
        EventKind.SUBMITTED,
        draft.municipality,
        submitted.reference,
        registry_number=submitted.registry_number,
        sha256=receipt.sha256,
    )
    return receipt


# -- paying the fee


def awaiting_payments_of(user):
    """The citizen's forms whose fee is still to be paid, in every municipality."""
    return AwaitingPayment.objects.of_citizen(user).select_related(
        "municipality", "submission", "submission__revision__customisation"
    )


@forms.submission_paid.register("journey_receipt")
def issue_paid_receipt(submission, payment=None):
    """The fee of a form submitted through the wizard is paid and the case was just
    registered (in this transaction, by forms.hand_over_paid): make its receipt now, with
    the registry number and the payment. Called once per submission; a submission from
    elsewhere (the simple form page) has no AwaitingPayment and gets no receipt here."""
    awaiting = (
        AwaitingPayment.objects.for_municipality(submission.municipality_id)
        .filter(submission=submission)
        .select_related("representation")
        .first()
    )
    if awaiting is None:
        return None
    receipt = _make_receipt(
        submission, awaiting.owner, awaiting.representation, awaiting.submitter, payment
    )
    owner = awaiting.owner
    awaiting.delete()
    record(
        owner,
        EventKind.SUBMITTED,
        submission.municipality,
        submission.reference,
        registry_number=submission.registry_number,
        sha256=receipt.sha256,
        payment=str(payment.uuid) if payment is not None else "",
    )
    return receipt
