"""The citizen's drafts, the forms waiting for their fee and the receipts, in every
municipality; and deleting a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from services.intake import services as intake
from sites.actor import Actor, Channel

from ..services import discard, purge_expired, representation_of
from .wizard import _load


@login_required
def drafts(request):
    purge_expired(request.user)
    found = list(intake.drafts_of(request.user))
    for draft in found:
        draft.representation = representation_of(draft)
    return render(
        request,
        "journey/drafts.html",
        {
            "drafts": found,
            "receipts": intake.receipts_of(request.user).order_by("-registered_at")[:50],
            "lifetime_days": intake.draft_lifetime().days,
            "awaiting": intake.awaiting_payment_of(request.user),
        },
    )


@login_required
@require_POST
def delete(request, slug, reference):
    municipality, draft, response = _load(request, slug, reference)
    if response is not None:
        return response
    discard(Actor.from_request(request, channel=Channel.PORTAL, municipality=municipality), draft)
    messages.success(request, _("The draft was deleted with its files."))
    return HttpResponseRedirect(reverse("journey:drafts"))
