"""The procedure of a licence application or an industrial notification, step by step.

A registered IPAR-005/006/007 submission opened a case in the registry; ``open_procedure``
ties the register's procedure to it. The officer then asks specialist authorities and
records their answers, schedules and records an on-site inspection; the decision itself
goes through the registry's casework (``decisions``), so its deadline, audit trail and
delivery stay the registry's."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from services.documents.models import Case

from ..models import (
    AnswerOutcome,
    Inspection,
    InspectionOutcome,
    Procedure,
    ProcedureKind,
    SpecialistRequest,
)
from . import catalogue, procedure_rules
from .errors import CommerceError
from .registers import _user

KIND_OF_FORM = {
    "IPAR-005": ProcedureKind.OPERATING_LICENCE,
    "IPAR-006": ProcedureKind.INDUSTRIAL_NOTIFICATION,
    "IPAR-007": ProcedureKind.SITE_LICENCE,
}


def address_of(value):
    """The register's address parts from a form's postal address answer."""
    value = value if isinstance(value, dict) else {}
    street = " ".join(
        part
        for part in (str(value.get("street") or ""), str(value.get("house_number") or ""))
        if part
    )
    return {
        "postal_code": str(value.get("postal_code") or "").strip(),
        "settlement": str(value.get("settlement") or "").strip(),
        "street": street.strip(),
    }


def _one_line(parts):
    if not parts["settlement"]:
        return ""
    return f"{parts['postal_code']} {parts['settlement']}, {parts['street']}".strip()


def case_of_submission(municipality, submission_id):
    """The registry case the registration of this submission opened."""
    case = Case.objects.for_municipality(municipality).filter(submission_id=submission_id).first()
    if case is None:
        raise CommerceError(_("The registry has no case for this application."))
    return case


@transaction.atomic
def open_procedure(kind, case, answers):
    """The procedure of a just-registered application, on its registry case. Idempotent:
    a retried registration finds the procedure it made."""
    existing = Procedure.objects.for_municipality(case.municipality_id).filter(case=case).first()
    if existing is not None:
        return existing
    answers = dict(answers or {})
    if kind == ProcedureKind.OPERATING_LICENCE:
        place = address_of(answers.get("uzlet_cime"))
    else:
        place = address_of(answers.get("telep_cime"))
    products = [
        code
        for code in answers.get("uzletkoteles_termekek") or ()
        if code in catalogue.licence_products()
    ]
    inspection = procedure_rules.procedure(kind)["inspection"]
    return Procedure.objects.create(
        municipality_id=case.municipality_id,
        kind=kind,
        case=case,
        answers=answers,
        applicant=str(answers.get("kerelmezo_neve") or case.client_name or "—")[:200],
        address=_one_line(place)[:300],
        products=products,
        activity=str(answers.get("ipari_tevekenyseg") or "")[:20],
        zone=str(answers.get("ovezet") or "")[:20],
        inspection_requested=inspection == "required"
        or (inspection == "on_request" and bool(answers.get("helyszini_szemle"))),
    )


def requests_of(procedure):
    return SpecialistRequest.objects.for_municipality(procedure.municipality_id).filter(
        procedure=procedure
    )


def inspections_of(procedure):
    return Inspection.objects.for_municipality(procedure.municipality_id).filter(
        procedure=procedure
    )


def _require_pending(procedure):
    if procedure.decided_at is not None:
        raise CommerceError(_("This procedure is decided: its steps can no longer change."))
    if procedure.kind == ProcedureKind.INDUSTRIAL_NOTIFICATION:
        raise CommerceError(_("A notification has no specialist authorities or inspection."))


def _date(value, message):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise CommerceError(message) from None


@transaction.atomic
def add_request(
    procedure, *, actor, authority_code="", authority="", sent_on=None, due_on=None, reference=""
):
    """Ask a specialist authority: one of the data's (by code) or one the officer names.
    The answer is due by the data's days unless the officer gives the date."""
    _require_pending(procedure)
    known = procedure_rules.authorities().get(authority_code)
    name = known["name"] if known else str(authority or "").strip()
    if not name:
        raise CommerceError(_("Choose the specialist authority or give its name."))
    sent_on = _date(sent_on or timezone.localdate(), _("Give the day the request was sent."))
    if due_on in (None, ""):
        due_on = procedure_rules.answer_due(authority_code, sent_on)
    due_on = _date(due_on, _("Give the day the answer is due."))
    if due_on < sent_on:
        raise CommerceError(_("The answer cannot be due before the request was sent."))
    return SpecialistRequest.objects.create(
        municipality_id=procedure.municipality_id,
        procedure=procedure,
        authority_code=authority_code if known else "",
        authority=name[:200],
        sent_on=sent_on,
        due_on=due_on,
        reference=str(reference or "").strip()[:60],
        recorded_by=_user(actor),
    )


@transaction.atomic
def record_answer(request, *, actor, outcome, answered_on=None, conditions=""):
    """The authority answered: consent, consent with conditions, or refusal."""
    _require_pending(request.procedure)
    if not request.is_open:
        raise CommerceError(_("This authority's answer is already recorded."))
    if outcome not in AnswerOutcome.values:
        raise CommerceError(_("Choose what the authority answered."))
    conditions = str(conditions or "").strip()
    if outcome != AnswerOutcome.CONSENT and not conditions:
        raise CommerceError(_("Give the authority's conditions or reasons."))
    answered_on = _date(answered_on or timezone.localdate(), _("Give the day of the answer."))
    if answered_on < request.sent_on:
        raise CommerceError(_("The answer cannot come before the request was sent."))
    request.answered_on = answered_on
    request.outcome = outcome
    request.conditions = conditions
    request.recorded_by = _user(actor) or request.recorded_by
    request.save()
    return request


@transaction.atomic
def schedule_inspection(procedure, *, actor, scheduled_on):
    _require_pending(procedure)
    scheduled_on = _date(scheduled_on, _("Give the day of the on-site inspection."))
    if inspections_of(procedure).filter(held_on__isnull=True).exists():
        raise CommerceError(_("An on-site inspection is already scheduled."))
    return Inspection.objects.create(
        municipality_id=procedure.municipality_id, procedure=procedure, scheduled_on=scheduled_on
    )


@transaction.atomic
def record_inspection(inspection, *, actor, held_on, minutes, outcome):
    _require_pending(inspection.procedure)
    if inspection.held_on is not None:
        raise CommerceError(_("This inspection's minutes are already recorded."))
    if outcome not in InspectionOutcome.values:
        raise CommerceError(_("Choose the outcome of the inspection."))
    minutes = str(minutes or "").strip()
    if not minutes:
        raise CommerceError(_("Write the minutes of the inspection."))
    inspection.held_on = _date(held_on, _("Give the day the inspection was held."))
    inspection.minutes = minutes
    inspection.outcome = outcome
    inspection.save()
    return inspection


def blockers(procedure, *, granting, today=None):
    """Why the procedure cannot be decided now (empty when it can). An open request
    blocks any decision unless the data allows deciding once it is overdue; a grant also
    needs every held inspection's and answer's consent and a required inspection held."""
    today = today or timezone.localdate()
    found = []
    proceed = procedure_rules.may_proceed_without_answer()
    for request in requests_of(procedure):
        if request.is_open and not (proceed and request.is_overdue(today)):
            found.append(
                _("%(authority)s has not answered yet (due %(day)s).")
                % {"authority": request.authority, "day": date_format(request.due_on, "Y. F j.")}
            )
        elif granting and request.outcome == AnswerOutcome.REFUSAL:
            found.append(
                _("%(authority)s refused its consent: the licence cannot be granted.")
                % {"authority": request.authority}
            )
    if inspections_of(procedure).filter(held_on__isnull=True).exists():
        found.append(_("The scheduled on-site inspection has no minutes yet."))
    if granting and procedure.inspection_requested and not inspections_of(procedure).exists():
        found.append(_("The on-site inspection has not been held."))
    if granting and inspections_of(procedure).filter(outcome=InspectionOutcome.UNSUITABLE).exists():
        found.append(_("The on-site inspection found the premises unsuitable."))
    return found
