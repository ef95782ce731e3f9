"""The tax office's side of the central form ADO-007 ("Adóigazolás kérése"): a registered
request becomes a tax certificate request, in the registering transaction
(``forms.submission_receivers``). ``TaxConfig.ready()`` imports this module.

Issued at once when the request is clear: the submitter's portal account is linked to the
taxpayer the form names, or represents it for every tax type (the tax office's own
records, ``access_to``), and the certificate is to be delivered electronically. Anything
else waits in the officer's queue with the reason; the registration itself is never
refused here (the office must answer every request)."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from services.documents.models import Case
from services.forms import services as forms
from sites.actor import Actor, Channel

from .models import CertificateOrigin
from .services import (
    TaxError,
    access_to,
    certificate_rules,
    find_taxpayer,
    issue_certificate,
    request_certificate,
)

logger = logging.getLogger(__name__)

PURPOSES = {
    "palyazat": "Pályázat, támogatás",
    "hitel": "Hitelügyintézés",
    "hatosagi": "Hatósági eljárás",
}


def _identifiers(answers):
    kind = answers.get("kerelmezo_tipusa")
    tax_id = str(answers.get("kerelmezo_adoazonosito_jel") or "").strip()
    tax_number = str(answers.get("kerelmezo_adoszama") or "").strip()
    if kind == "maganszemely":
        return [tax_id]
    if kind == "gazdalkodo":
        return [tax_number]
    return [tax_id, tax_number]


def _purpose(answers):
    chosen = answers.get("igazolas_celja") or ""
    if chosen == "egyeb":
        return str(answers.get("igazolas_celja_egyeb") or "")
    return PURPOSES.get(chosen, chosen)


def _copies(answers):
    try:
        return int(answers.get("peldanyszam") or 1)
    except (TypeError, ValueError):
        return 1


def _why_waiting(submission, taxpayer, answers):
    """The reason the request needs an officer, or "" when it may be issued at once."""
    if not certificate_rules()["automatic_issue"]["value"]:
        return _("The municipality issues every certificate by an officer.")
    if taxpayer is None:
        return _("No taxpayer of the register has the tax identifier given in the request.")
    access = access_to(submission.submitter, taxpayer.pk) if submission.submitter else None
    if access is None:
        return _(
            "The submitter's portal account is not linked to this taxpayer and does not "
            "represent it."
        )
    if not access.own and access.tax_types is not None:
        return _("The submitter represents this taxpayer for some tax types only.")
    if answers.get("kezbesites") not in (None, "", "elektronikus"):
        return _("Delivery on paper was asked: the office prints and sends it.")
    return ""


@forms.submission_receivers.register("ADO-007")
def certificate_requested(submission, registry_number):
    """A request for a tax certificate: recorded, and issued at once when it is clear."""
    municipality, answers = submission.municipality, submission.data or {}
    actor = Actor.system(Channel.PORTAL, municipality=municipality)
    identifiers = [value for value in _identifiers(answers) if value]
    taxpayer = next(
        (t for t in (find_taxpayer(municipality, v) for v in identifiers) if t is not None), None
    )
    reason = _why_waiting(submission, taxpayer, answers)
    case = Case.objects.for_municipality(municipality).filter(submission_id=submission.pk).first()
    certificate = request_certificate(
        municipality,
        taxpayer=taxpayer,
        origin=CertificateOrigin.PORTAL,
        requested_name=str(answers.get("kerelmezo_neve") or ""),
        requested_identifier=identifiers[0] if identifiers else "",
        purpose=_purpose(answers),
        copies=_copies(answers),
        requester=submission.submitter,
        submission_reference=submission.reference,
        case=case,
        waiting_reason=reason,
        actor=actor,
    )
    if reason:
        return certificate
    try:
        with transaction.atomic():
            issue_certificate(certificate, actor=actor)
    except TaxError as error:
        # Issuing failed (e.g. the registry has no case type): the request waits for the
        # officer with the reason, and the citizen's submission is registered anyway.
        logger.warning("Tax certificate %s not issued at once: %s", certificate.pk, error)
        certificate.waiting_reason = str(error)[:255]
        certificate.save(update_fields=["waiting_reason"])
    return certificate
