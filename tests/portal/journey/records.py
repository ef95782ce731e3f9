"""What the journey leaves behind, read the way intake keeps it: one application per
submission, in a state, with its form submission (answers and files) behind it."""

from services.forms.models import Submission
from services.intake.constants import State
from services.intake.models import Application


def applications(municipality, state):
    return Application.objects.for_municipality(municipality).filter(state=state)


def drafts(municipality):
    return applications(municipality, State.DRAFT)


def receipts(municipality):
    """The registered applications: each carries its receipt."""
    return applications(municipality, State.REGISTERED)


def awaiting(municipality):
    return applications(municipality, State.AWAITING_PAYMENT)


def subject(application):
    """The form submission behind an application."""
    return Submission.objects.for_municipality(application.municipality_id).get(
        pk=application.subject_id
    )


def state_of(form, reference):
    return Application.objects.for_municipality(form.municipality).get(reference=reference).state


def pay_url(form, reference):
    return f"/beadvany/{form.municipality.slug}/{reference}/fizetes/"


def receipt_url(form, reference, suffix=""):
    return f"/beadvany/{form.municipality.slug}/{reference}/nyugta/{suffix}"
