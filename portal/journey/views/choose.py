"""Choose a municipality (search by name or postal code), then one of its forms."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from services.forms import services as forms
from services.forms.constants import Category
from services.forms.services import requires_identification
from services.intake import services as intake

from .. import municipalities
from ..constants import EventKind
from ..services import record, representation_problem
from .common import acting_for, municipality_or_404


def index(request):
    query = request.GET.get("q", "").strip()[:100]
    results = municipalities.search(query) if query else []
    return render(
        request,
        "journey/choose.html",
        {
            "query": query,
            "results": results,
            "chosen": municipalities.chosen_municipality(request),
        },
    )


@require_POST
def choose(request):
    municipality = municipalities.active_municipality(request.POST.get("slug", "")[:100])
    if municipality is None:
        messages.error(request, _("Choose a municipality from the list."))
        return HttpResponseRedirect(reverse("journey:index"))
    response = HttpResponseRedirect(reverse("journey:forms", args=[municipality.slug]))
    municipalities.remember(request, response, municipality)
    record(request.user, EventKind.MUNICIPALITY_CHOSEN, municipality)
    return response


@require_POST
def forget_choice(request):
    return municipalities.forget(request, HttpResponseRedirect(reverse("journey:index")))


def _matches(customisation, folded_query):
    title = customisation.live_revision.definition.get("title") or customisation.title
    return folded_query in municipalities.fold(f"{customisation.code} {title}")


def form_list(request, slug):
    municipality = municipality_or_404(slug)
    query = request.GET.get("q", "").strip()[:100]
    published = list(forms.published_forms(municipality))
    if query:
        folded = municipalities.fold(query)
        published = [f for f in published if _matches(f, folded)]
    categories = []
    for value, label in Category.choices:
        items = [f for f in published if f.category == value]
        if items:
            categories.append({"value": value, "label": label, "forms": items})
    response = render(
        request,
        "journey/form_list.html",
        {
            "municipality": municipality,
            "categories": categories,
            "query": query,
            "acting_for": acting_for(request),
            "chosen": municipality,
        },
    )
    # Opening a municipality's forms is choosing it: the next visit starts here.
    if municipalities.chosen_municipality(request) != municipality:
        municipalities.remember(request, response, municipality)
    return response


def form_detail(request, slug, code):
    municipality = municipality_or_404(slug)
    customisation = forms.live_form(municipality, code[:20])
    if customisation is None:
        # A form withdrawn for a legal change says why (services.forms deadlines).
        notice = forms.withdrawn_notice(municipality, code[:20])
        return render(
            request,
            "journey/gone.html",
            {
                "municipality": municipality,
                "message": notice or _("This municipality has no such form."),
            },
            status=410 if notice else 404,
        )
    definition = customisation.live_revision.definition
    representation = acting_for(request)
    drafts = []
    if request.user.is_authenticated:
        drafts = [
            draft
            for draft in intake.drafts_of(request.user).filter(municipality=municipality)
            if forms.draft_of(draft).revision.customisation_id == customisation.pk
        ]
    return render(
        request,
        "journey/form_detail.html",
        {
            "municipality": municipality,
            "customisation": customisation,
            "definition": definition,
            "requires_identification": requires_identification(definition),
            "acting_for": representation,
            "acting_for_problem": representation_problem(representation, customisation),
            "drafts": drafts,
        },
    )
