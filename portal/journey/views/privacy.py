"""The provider's general privacy notice, for municipalities without their own
(sites.notices); ``?onkormanyzat=<slug>`` names that municipality as the controller."""

from django.shortcuts import render

from ..municipalities import active_municipality


def privacy_notice(request):
    slug = request.GET.get("onkormanyzat", "")[:63]
    municipality = active_municipality(slug) if slug else None
    return render(request, "journey/privacy_notice.html", {"municipality": municipality})
