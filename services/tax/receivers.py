"""The tax office's side of the one submission process: the central library's tax forms,
checked before they are submitted (``forms.answer_checks``) and booked when the registry
has taken them (``forms.submission_receivers``), inside the registering transaction.
``TaxConfig.ready()`` imports this module.

Self-assessed returns book at once (the tax is what the return says; no decision): the
tourist-tax return (ADO-005) charges the month's tax, the HIPA annual return (ADO-001 from
version 2) the difference to the advances and the next advances, the advance declaration
(ADO-009) the advances. A request about an overpayment (ADO-010) is recorded as the
officer records one (``record_request``) and waits for the officer's decision. Every
entry names the registry number. A refusal here (a race: two returns of one month at
once) is a FormsError: the registration rolls back and the citizen keeps the draft."""

from django.utils import timezone

from services.forms import services as forms
from sites.actor import Actor, Channel

from . import declarations as read
from .constants import TaxType
from .services import returns
from .services.errors import TaxError
from .services.requests import record_request

forms.answer_checks.register("ADO-005", read.check_tourist_return)
forms.answer_checks.register("ADO-009", read.check_business_advance)
forms.answer_checks.register("ADO-010", read.check_overpayment_request)


def _business_return_check(answers, context):
    # Version 1 of ADO-001 has no advances and is not booked (see the receiver): its old
    # submissions keep their version, and only the identity is checked for them.
    return read.check_business_return(answers, context)


forms.answer_checks.register("ADO-001", _business_return_check)


class ReturnRefused(forms.FormsError):
    """The register refused what the check let through: shown to the citizen, draft kept."""


def _context(submission, tax_type, prefix):
    municipality = submission.municipality
    received_on = timezone.localdate(submission.submitted_at or timezone.now())
    actor = Actor.system(Channel.PORTAL, municipality=municipality)
    answers = submission.data
    found = read.declarant(answers, prefix, municipality)
    submitter = submission.submitter
    errors = read.identity_errors(found, municipality, submitter, tax_type)
    if errors:
        raise ReturnRefused(next(iter(errors.values()))[0])
    return found.taxpayer, answers, received_on, actor


class _Checking:
    """The context a check gets, rebuilt from the submission."""

    def __init__(self, submission):
        self.municipality = submission.municipality
        self.submitter = submission.submitter
        self.template_code = ""


def _check_again(check, submission):
    """The check of the submission, run again in the registering transaction (another
    return of the same month may have been booked since): its first message refuses."""
    errors = check(submission.data, _Checking(submission))
    if errors:
        raise ReturnRefused(next(iter(errors.values()))[0])


def _refusing(receiver):
    def wrapped(submission, registry_number):
        try:
            return receiver(submission, str(registry_number))
        except TaxError as error:
            raise ReturnRefused(str(error)) from error

    wrapped.__name__ = receiver.__name__
    wrapped.__doc__ = receiver.__doc__
    return wrapped


@forms.submission_receivers.register("ADO-005")
@_refusing
def tourist_return_filed(submission, registry_number):
    """The month's tourist tax charged on the accommodation provider's account."""
    taxpayer, answers, received_on, actor = _context(submission, TaxType.TOURIST, "beszedo")
    _check_again(read.check_tourist_return, submission)
    filed = read.tourist_return_of(answers)
    tax_object = returns.find_accommodation(taxpayer, filed.accommodation, filed.year, filed.month)
    return returns.book_tourist_return(
        taxpayer,
        tax_object,
        year=filed.year,
        month=filed.month,
        amount=filed.amount or 0,
        booked_on=received_on,
        reference=registry_number,
        actor=actor,
    )


@forms.submission_receivers.register("ADO-001")
@_refusing
def business_return_filed(submission, registry_number):
    """The HIPA annual return: the difference to the advances and the next advances."""
    if submission.revision.template_version.number < 2:
        # Version 1 asked no advances: it was never wired to the account; such a
        # submission is registered for the officer, as before.
        return None
    taxpayer, answers, received_on, actor = _context(submission, TaxType.BUSINESS, "adozo")
    _check_again(read.check_business_return, submission)
    filed = read.business_return_of(answers)
    return returns.book_business_return(
        taxpayer, booked_on=received_on, reference=registry_number, actor=actor, **filed
    )


@forms.submission_receivers.register("ADO-009")
@_refusing
def business_advance_filed(submission, registry_number):
    """The HIPA advance declaration: the two advances of the year."""
    taxpayer, answers, received_on, actor = _context(submission, TaxType.BUSINESS, "adozo")
    _check_again(read.check_business_advance, submission)
    return returns.book_business_advance(
        taxpayer,
        booked_on=received_on,
        reference=registry_number,
        actor=actor,
        **read.business_advance_of(answers),
    )


@forms.submission_receivers.register("ADO-010")
@_refusing
def overpayment_request_filed(submission, registry_number):
    """A request about an overpayment, recorded for the officer's decision."""
    request = read.overpayment_request_of(submission.data)
    taxpayer, _answers, received_on, actor = _context(
        submission, request["from_tax_type"], "kerelmezo"
    )
    _check_again(read.check_overpayment_request, submission)
    return record_request(taxpayer, received_on=received_on, actor=actor, **request)


# Building, land and communal tax declarations: to the officer's queue (their own module).
from . import declarations_property  # noqa: E402, F401
