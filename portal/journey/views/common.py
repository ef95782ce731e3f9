"""What every page of the journey needs: the municipality of the URL, the draft of the
citizen, and the link to "My affairs" when that app is installed."""

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from services.intake import services as intake
from services.intake.constants import State

from ..constants import SESSION_ACTING_FOR
from ..municipalities import active_municipality
from ..services import FORM, representations_of, with_form


def municipality_or_404(slug):
    municipality = active_municipality(slug)
    if municipality is None:
        raise Http404(_("There is no such municipality on the portal."))
    return municipality


def affairs_url():
    # "Ügyeim" is another app (portal.affairs); link to it only where it is installed.
    try:
        return reverse("affairs:index")
    except NoReverseMatch:
        return ""


def find_draft(request, municipality, reference):
    """The citizen's own draft of a form with this reference, or None."""
    application = intake.find(municipality, reference)
    if (
        application is None
        or application.kind != FORM
        or application.state != State.DRAFT
        or application.owner_id != request.user.pk
    ):
        return None
    return with_form(application)


def gone(request, municipality, message, status=404):
    """A draft that is not there (any more): a page that says so, never an error page."""
    return render(
        request,
        "journey/gone.html",
        {"municipality": municipality, "message": message},
        status=status,
    )


def acting_for(request):
    """The representation the citizen chose (kept in the session) to act through, or None
    (themselves). A view's helper: the services are told it through the actor."""
    pk = request.session.get(SESSION_ACTING_FOR)
    if not pk or not request.user.is_authenticated:
        return None
    return representations_of(request.user).filter(pk=pk).first()
