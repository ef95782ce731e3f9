"""Who may open a submission's receipt and files: the citizen who submitted it, and the
officers of its municipality (services.documents.access). Anybody else gets a 404, as if
the submission did not exist."""

from services.documents.services import municipalities_for


def is_officer_of(user, municipality):
    return municipalities_for(user).filter(pk=municipality.pk).exists()


def may_see_submission(user, submission):
    if not user.is_authenticated:
        return False
    if submission.submitter_id == user.pk:
        return True
    # A draft is the citizen's alone; the office sees what was submitted.
    return submission.status != "draft" and is_officer_of(user, submission.municipality)
