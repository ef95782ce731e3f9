"""Hand-over of submissions: the document registry and payments (later issues) register a
receiver in :data:`submission_receivers`::

    from services.forms.services import submission_receivers

    @submission_receivers.register("documents")
    def register_submission(submission):  # called once, after the submission is committed
        ...

and import that module from their AppConfig.ready(). :func:`submit` calls every receiver
``on_commit``, in registration order; a receiver must be idempotent (it may be retried).

Work that must succeed or fail together with the submission (registering it in the
document registry) goes in :data:`submission_intake` instead: its receivers run inside
:func:`submit`'s transaction, an exception rolls the submission back, and a receiver may
return the registry number the citizen sees on the receipt.

A submission that waited for its fee is handed over by :func:`hand_over_paid`; work that
belongs to that moment (the portal's receipt, which needs the registry number and the
payment) goes in :data:`submission_paid`: its receivers run once, in the hand-over's
transaction, with the submission and the confirming payment."""

import logging

from django.db import transaction

from sites.registry import Registry

from ..constants import SubmissionStatus
from ..models import Submission

logger = logging.getLogger(__name__)

submission_receivers = Registry("submission receivers")
submission_intake = Registry("submission intake receivers")
submission_paid = Registry("paid submission receivers")


def _take_in(submission):
    for _name, intake in submission_intake.items():
        registry_number = intake(submission)
        if registry_number and not submission.registry_number:
            submission.registry_number = str(registry_number)[:40]
            submission.save(update_fields=["registry_number"])
    transaction.on_commit(lambda: _hand_over(submission.pk))


@transaction.atomic
def hand_over_paid(submission, payment=None):
    """The fee of a submission awaiting payment is paid: register and hand it over now,
    in the caller's (the confirming payment's) transaction. Idempotent: a submission
    already handed over is left as it is. Returns the submission.

    The :data:`submission_paid` receivers run only on the first call, in this transaction:
    if one fails, the registration rolls back with it and is retried as a whole."""
    submission = (
        Submission.objects.for_municipality(submission.municipality_id)
        .select_for_update()
        .get(pk=submission.pk)
    )
    if submission.status != SubmissionStatus.AWAITING_PAYMENT:
        return submission
    submission.status = SubmissionStatus.SUBMITTED
    submission.save(update_fields=["status"])
    _take_in(submission)
    for _name, receiver in submission_paid.items():
        receiver(submission, payment)
    return submission


def _hand_over(submission_pk):
    submission = Submission.objects.unscoped().select_related("revision").get(pk=submission_pk)
    for name, receiver in submission_receivers.items():
        try:
            receiver(submission)
        except Exception:  # one failing receiver must not stop the others
            logger.exception("Submission receiver %s failed for %s", name, submission.reference)
