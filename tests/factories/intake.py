"""Submitting a form the way every channel does: through intake (``submit_new``), which
stores the answers, registers the case and makes the receipt in one transaction."""

from services.forms.models import Submission
from services.intake import services as intake
from sites.actor import Actor, Channel


def submit_form(customisation, data, files=None, *, user=None, channel=Channel.SITE_FORM):
    """Submit ``data`` to the published form; returns the form's Submission (with the
    registry number once registered). Raises what the channel would see."""
    municipality = customisation.municipality
    application = intake.submit_new(
        Actor(user=user, municipality=municipality, channel=channel),
        "form",
        customisation,
        municipality=municipality,
        data=data,
        files=files,
    )
    return Submission.objects.for_municipality(municipality).get(pk=application.subject_id)
