"""Delivery of assessment decisions to the portal mailbox of the taxpayer's linked account.

A decision whose taxpayer chose the portal mailbox waits as AWAITING_PORTAL
after the assessment registers it. :func:`deliver_decisions` hands each one to the
registry's delivery (``documents.deliver``): the portal mailbox channel asks the registry
whom the document is addressed to, and the registry asks :func:`decision_addressee`
(registered in ``documents.document_addressees``). A decision whose taxpayer has no
linked account, or that the mailbox did not take, goes to the run's print batch instead;
each routing and its reason is kept (:class:`DecisionRouting`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from services.documents import services as documents
from services.documents.constants import DeliveryStatus
from sites.actor import Actor

from ..models import (
    AssessmentDecision,
    DecisionDelivery,
    DecisionRouting,
    DeliveryOutcome,
    PortalLink,
    PrintBatch,
)


def _active(municipality_id):
    return PortalLink.objects.for_municipality(municipality_id).filter(ended_at__isnull=True)


def decision_addressee(document, case):
    """The registry's question for a document of a case without a client account: if it
    is an assessment decision addressed to the portal mailbox, the account linked to its
    taxpayer at the document's own municipality; else None."""
    decision = (
        AssessmentDecision.objects.for_municipality(document.municipality_id)
        .filter(document_id=document.pk)
        .only("taxpayer_id", "delivery", "municipality_id")
        .first()
    )
    if decision is None or decision.delivery not in (
        DecisionDelivery.AWAITING_PORTAL,
        DecisionDelivery.PORTAL_MAILBOX,
    ):
        return None
    link = (
        _active(document.municipality_id)
        .filter(taxpayer_id=decision.taxpayer_id)
        .select_related("user")
        .first()
    )
    return link.user if link is not None and link.user.is_active else None


def _print_batch(decision, batches):
    key = (decision.run_id, decision.year)
    if key not in batches:
        batch = (
            PrintBatch.objects.for_municipality(decision.municipality_id)
            .filter(run_id=decision.run_id, year=decision.year, printed_at__isnull=True)
            .order_by("-pk")
            .first()
        )
        batches[key] = batch or PrintBatch.objects.create(
            municipality_id=decision.municipality_id, run_id=decision.run_id, year=decision.year
        )
    return batches[key]


def _route(decision, outcome, *, link=None, reason="", actor, batches):
    if outcome == DeliveryOutcome.MAILBOX:
        decision.delivery = DecisionDelivery.PORTAL_MAILBOX
        decision.save(update_fields=["delivery"])
    else:
        decision.delivery = DecisionDelivery.PRINT_BATCH
        decision.print_batch = _print_batch(decision, batches)
        decision.save(update_fields=["delivery", "print_batch"])
    return DecisionRouting.objects.create(
        municipality_id=decision.municipality_id,
        decision=decision,
        outcome=outcome,
        link=link,
        reason=str(reason)[:255],
        routed_by=actor.user,
    )


def deliver_decisions(municipality, *, run=None, decisions=None, actor=None):
    """Deliver the registered decisions still awaiting the portal mailbox (of ``run``, or
    the given ones, or all of the municipality): to the linked account's mailbox, else to
    the print batch with the reason. Safe to repeat: a routed decision is not routed
    again. Returns {"mailbox": n, "print": n}."""
    actor = actor or Actor.system(municipality=municipality)
    waiting = AssessmentDecision.objects.for_municipality(municipality).filter(
        delivery=DecisionDelivery.AWAITING_PORTAL, document__isnull=False
    )
    if run is not None:
        waiting = waiting.filter(run=run)
    if decisions is not None:
        waiting = waiting.filter(pk__in=[d.pk for d in decisions])
    routed = DecisionRouting.objects.for_municipality(municipality).values("decision_id")
    counts = {"mailbox": 0, "print": 0}
    batches = {}
    for decision in waiting.exclude(pk__in=routed).select_related("document", "document__case"):
        with transaction.atomic():
            link = (
                _active(municipality)
                .filter(taxpayer_id=decision.taxpayer_id)
                .select_related("user")
            ).first()
            if link is None or not link.user.is_active:
                _route(
                    decision,
                    DeliveryOutcome.PRINT,
                    reason=_("The taxpayer has no portal account linked at this municipality."),
                    actor=actor,
                    batches=batches,
                )
                counts["print"] += 1
                continue
            document = decision.document
            attempts = documents.deliver(document, document.case, actor=actor)
            if any(a.status == DeliveryStatus.DELIVERED for a in attempts):
                _route(decision, DeliveryOutcome.MAILBOX, link=link, actor=actor, batches=batches)
                counts["mailbox"] += 1
            else:
                detail = "; ".join(a.detail for a in attempts if a.detail)
                _route(
                    decision,
                    DeliveryOutcome.PRINT,
                    link=link,
                    reason=_("The portal mailbox did not take it: %(detail)s")
                    % {"detail": detail or _("no channel accepted it")},
                    actor=actor,
                    batches=batches,
                )
                counts["print"] += 1
    return counts


def routing_of(decision):
    return (
        DecisionRouting.objects.for_municipality(decision.municipality_id)
        .filter(decision=decision)
        .first()
    )
