"""What every page of the journey needs: the municipality of the URL, the draft of the
citizen, and the link to "My affairs" when that app is installed."""

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from ..models import WizardDraft
from ..municipalities import active_municipality


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
    return (
        WizardDraft.objects.for_municipality(municipality)
        .filter(owner=request.user, submission__reference=str(reference)[:12])
        .select_related(
            "submission",
            "submission__revision",
            "submission__revision__customisation",
            "representation",
        )
        .first()
    )


def gone(request, municipality, message, status=404):
    """A draft that is not there (any more): a page that says so, never an error page."""
    return render(
        request,
        "journey/gone.html",
        {"municipality": municipality, "message": message},
        status=status,
    )
