"""Finding applications, and who may see one."""

from sites.access import has_perm_in

from ..constants import SESSION_APPLICATIONS, State
from ..models import Application

# The officer's permission to read the applications of the municipalities where a role
# grants it (sites.access): the one rule every view of an application asks.
VIEW_PERMISSION = "intake.view_application"


def find(municipality, reference):
    return (
        Application.objects.for_municipality(municipality)
        .filter(reference=str(reference)[:12])
        .select_related("municipality")
        .first()
    )


def applications_of_subjects(municipality, kind, subject_ids=None):
    """{subject id: application} of a kind's records in a municipality (all of them when
    ``subject_ids`` is None): for an officer's list of the kind's own records."""
    found = Application.objects.for_municipality(municipality).filter(kind=kind)
    if subject_ids is not None:
        found = found.filter(subject_id__in=list(subject_ids))
    return {application.subject_id: application for application in found}


def applications_of(user, *states):
    """The citizen's applications in every municipality, newest first."""
    found = Application.objects.of_citizen(user).select_related("municipality")
    return found.filter(state__in=states) if states else found


def drafts_of(user):
    return applications_of(user, State.DRAFT)


def awaiting_payment_of(user):
    return applications_of(user, State.AWAITING_PAYMENT)


def receipts_of(user):
    return applications_of(user, State.REGISTERED)


def remember_in_session(session, application):
    """Let the browser that submitted an application without an account come back to its
    payment page and receipt."""
    kept = [r for r in session.get(SESSION_APPLICATIONS, []) if r != application.reference][-49:]
    session[SESSION_APPLICATIONS] = [*kept, application.reference]


def may_see(user, application, session=None):
    """The citizen who owns it (or the browser session that submitted it without an
    account) and, once submitted, the officers of its municipality. A draft is the
    citizen's alone."""
    if user.is_authenticated and application.owner_id == user.pk:
        return True
    if (
        application.owner_id is None
        and session is not None
        and application.reference in session.get(SESSION_APPLICATIONS, [])
    ):
        return True
    if application.state in (State.DRAFT, State.DISCARDED, State.EXPIRED):
        return False
    return user.is_authenticated and has_perm_in(user, VIEW_PERMISSION, application.municipality)
