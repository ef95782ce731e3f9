"""The life of an application: draft → (awaiting payment) → submitted → registered, with
the receipt made at registration. Every channel (the portal's wizard, the site's form page,
the open API) calls these functions, so every channel leaves the same records."""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from services.documents.services import DocumentsError, register_incoming
from services.payments import services as payments
from services.payments.constants import Purpose
from sites.actor import Actor, Channel
from sites.hungarian import user_name

from ..constants import EDITABLE, EventKind, State
from ..kinds import kinds
from ..models import Application
from . import idempotency
from .errors import IntakeError
from .history import record
from .receipts import write_receipt

logger = logging.getLogger(__name__)


def draft_lifetime():
    return datetime.timedelta(days=settings.JOURNEY_DRAFT_DAYS)


def submitter_content(user, identity=None):
    """What the receipt says of the submitter: the name from the national agent when the
    citizen was identified through it, else the account's; nobody for an anonymous form."""
    if identity is not None:
        return {
            "name": identity.profile.full_name,
            "identified": True,
            "assurance_level": identity.assurance_level,
        }
    if user is not None and user.is_authenticated:
        return {"name": user_name(user), "identified": False, "assurance_level": ""}
    return {"name": "", "identified": False, "assurance_level": ""}


def _locked(application):
    return (
        Application.objects.for_municipality(application.municipality_id)
        .select_for_update()
        .get(pk=application.pk)
    )


def start(
    actor, kind, target, *, municipality, initial=None, representation_id=None, submission_key=""
):
    """A new draft application of ``kind`` for ``target`` (a published form…), owned by the
    actor's user, in the name of ``representation_id`` when given."""
    plugin = kinds[kind]()
    with transaction.atomic():
        subject_id, reference, title, first_step = plugin.start(target, actor.user, initial or {})
        application = Application.objects.for_municipality(municipality).create(
            municipality=municipality,
            kind=kind,
            subject_id=subject_id,
            reference=reference,
            title=title[:255],
            channel=actor.channel,
            owner=actor.user,
            representation_id=representation_id,
            step_key=first_step,
            expires_at=timezone.now() + draft_lifetime(),
            submission_key=submission_key,
        )
        record(application, EventKind.STARTED, actor)
    return application


def save_answers(actor, application, data, step_key=None):
    """Keep the answers; every save gives the draft its full lifetime again."""
    with transaction.atomic():
        application = _locked(application)
        if application.state not in EDITABLE:
            raise IntakeError(_("This submission was already sent."))
        kinds[application.kind]().save(application, data)
        application.expires_at = timezone.now() + draft_lifetime()
        if step_key:
            application.step_key = step_key
        application.save()
        record(application, EventKind.SAVED, actor, step=step_key or "")
    return application


def _register(application, actor, plugin, payment=None):
    entry = plugin.incoming_entry(application)
    if payment is not None:
        # The officer sees on the case that the fee was paid, and when.
        entry.paid_amount = payment.amount
        entry.paid_at = payment.paid_at
    number = register_incoming(entry)
    plugin.registered(application, number)
    application.registry_number = str(number)[:40]
    application.state = State.REGISTERED
    application.registered_at = timezone.now()
    write_receipt(application, payment)
    application.save()
    record(
        application,
        EventKind.REGISTERED,
        actor,
        registry_number=application.registry_number,
        sha256=application.receipt_sha256,
    )


def _registry_unavailable(application):
    logger.exception("Registering application %s failed", application.reference)
    return IntakeError(
        _(
            "The registry could not take your form just now. Nothing was lost: your "
            "draft and its attachments are kept. Please try again in a few minutes."
        )
    )


def submit(
    actor, application, *, data=None, files=None, submitter=None, acting_for=None, token=""
):
    """Check everything again and submit: registered with its receipt at once, or, when a
    fee is owed, kept as awaiting payment until the payment is confirmed
    (:func:`settle_paid`). ``submitter`` and ``acting_for`` are what the receipt says (the
    channel knows the identity and the representation). The kind's own errors (invalid
    answers) and IntakeError leave the draft exactly as it was.

    ``token`` is the submission token of the page the citizen submitted from: the same post
    again (a retry, or a second click while the first is running) returns the application
    as submitted the first time, marked ``retried`` (services.idempotency)."""
    plugin = kinds[application.kind]()
    key = idempotency.key_for_draft(actor, application, idempotency.clean_token(token))
    try:
        with transaction.atomic():
            current = _locked(application)
            if current.state not in EDITABLE:
                if key and current.submission_key == key:
                    return idempotency.retried(current, actor)
                raise IntakeError(_("This submission was already sent."))
            if key:
                current.submission_key = key
            current.submitted_at = timezone.now()
            current.fee = plugin.freeze(current, data, files, actor.user)
            current.submitter = submitter or submitter_content(actor.user)
            current.acting_for = acting_for or {"kind": "self"}
            current.expires_at = None
            if current.fee > 0:
                current.state = State.AWAITING_PAYMENT
                current.save()
                record(current, EventKind.AWAITING_PAYMENT, actor, fee=current.fee)
            else:
                current.state = State.SUBMITTED
                current.save()
                record(current, EventKind.SUBMITTED, actor)
                _register(current, actor, plugin)
    except (DocumentsError, DatabaseError):
        raise _registry_unavailable(application) from None
    return current


def submit_new(actor, kind, target, *, municipality, data, files=None, submitter=None, token=""):
    """Start and submit in one go (a form filled in on one page, an API call): nothing is
    kept when it is refused. With the page's ``token``, the same post again (same sender,
    same answers and files) returns the first application, marked ``retried``, instead of
    a second one (services.idempotency)."""
    key = idempotency.key_for_new(
        actor, kind, target, municipality, idempotency.clean_token(token), data, files
    )
    first = idempotency.earlier(key)
    if first is not None:
        return idempotency.retried(first, actor)
    try:
        with transaction.atomic():
            application = start(
                actor, kind, target, municipality=municipality, submission_key=key
            )
            return submit(actor, application, data=data, files=files, submitter=submitter)
    except IntegrityError:
        # The same post at the same moment: the other request's application took the key
        # (its transaction committed while this one waited on the unique index).
        first = idempotency.earlier(key)
        if first is None:
            raise
        return idempotency.retried(first, actor)


def settle_paid(application, payment=None):
    """The fee is paid: register it now, in the confirming payment's transaction (a failure
    rolls both back and the confirmation is retried). Idempotent."""
    actor = Actor.system(Channel.PAYMENT, municipality=application.municipality)
    with transaction.atomic():
        current = _locked(application)
        if current.state != State.AWAITING_PAYMENT:
            return current
        current.state = State.SUBMITTED
        current.save()
        record(
            current,
            EventKind.PAID,
            actor,
            payment=str(payment.uuid) if payment is not None else "",
        )
        _register(current, actor, kinds[current.kind](), payment)
    return current


def discard(actor, application, *, expired=False):
    """Delete an unsent draft's answers and files; the application stays, as deleted."""
    with transaction.atomic():
        current = _locked(application)
        if current.state not in EDITABLE:
            raise IntakeError(_("This submission was already sent."))
        kinds[current.kind]().discard(current)
        current.state = State.EXPIRED if expired else State.DISCARDED
        current.expires_at = None
        current.save()
        record(current, EventKind.EXPIRED if expired else EventKind.DISCARDED, actor)
    return current


def purge_expired(now=None, owner=None):
    """Delete expired drafts: the citizen's own (``owner``), or everybody's for the nightly
    command. Returns how many."""
    now = now or timezone.now()
    drafts = Application.objects.of_citizen(owner) if owner else Application.objects.unscoped()
    count = 0
    for application in drafts.filter(state=State.DRAFT, expires_at__lte=now):
        actor = Actor.system(municipality=application.municipality)
        discard(actor, application, expired=True)
        count += 1
    return count


def start_payment(actor, application, *, base_url):
    """Start (or continue) paying the fee: ``(payment, address of the bank)``. The amount
    is the payments' to compute from the stored application, never the browser's."""
    try:
        return payments.start_payment(
            application, purpose=Purpose.FORM_FEE, payer=actor.user, base_url=base_url
        )
    except payments.PaymentError as error:
        raise IntakeError(error.message) from None
