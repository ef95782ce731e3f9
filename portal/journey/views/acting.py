"""In whose name the citizen acts: themselves, or a party they represent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..constants import SESSION_ACTING_FOR, EventKind
from ..forms import RepresentationForm
from ..services import record, representations_of
from .common import acting_for


def _next_url(request, default):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return default


@login_required
def choose_acting_for(request):
    today = timezone.localdate()
    usable = [r for r in representations_of(request.user) if r.is_valid_on(today)]
    if request.method == "POST":
        choice = request.POST.get("acting_for", "self")
        chosen = next((r for r in usable if str(r.pk) == choice), None)
        if choice != "self" and chosen is None:
            messages.error(request, _("Choose yourself or one of your valid representations."))
            return HttpResponseRedirect(reverse("journey:acting_for"))
        if chosen is None:
            request.session.pop(SESSION_ACTING_FOR, None)
        else:
            request.session[SESSION_ACTING_FOR] = chosen.pk
        record(
            request.user, EventKind.ACTING_FOR_CHOSEN, representation=chosen.pk if chosen else None
        )
        messages.success(
            request,
            _("From now on you act in the name of %(name)s.") % {"name": chosen.name}
            if chosen
            else _("From now on you act in your own name."),
        )
        return HttpResponseRedirect(_next_url(request, reverse("journey:index")))
    return render(
        request,
        "journey/acting_for.html",
        {
            "usable": usable,
            "current": acting_for(request),
            "next": _next_url(request, ""),
        },
    )


@login_required
def representations(request):
    form = RepresentationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        representation = representations_of(request.user).create(
            representative=request.user,
            kind=data["kind"],
            name=data["name"],
            identifier_kind=data["identifier_kind"],
            identifier=data["identifier"],
            all_forms=data["all_forms"],
            categories=[] if data["all_forms"] else data["categories"],
            form_codes=[] if data["all_forms"] else data["form_codes"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
        )
        record(
            request.user,
            EventKind.REPRESENTATION_ADDED,
            reference=representation.pk,
            name=representation.name,
            identifier=representation.identifier,
        )
        messages.success(request, _("The representation was recorded."))
        return HttpResponseRedirect(reverse("journey:representations"))
    return render(
        request,
        "journey/representations.html",
        {
            "form": form,
            "representations": representations_of(request.user),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def revoke_representation(request, pk):
    representation = get_object_or_404(representations_of(request.user), pk=pk)
    if representation.revoked_at is None:
        representation.revoked_at = timezone.now()
        representation.save(update_fields=["revoked_at"])
        record(request.user, EventKind.REPRESENTATION_REVOKED, reference=representation.pk)
    if request.session.get(SESSION_ACTING_FOR) == representation.pk:
        request.session.pop(SESSION_ACTING_FOR, None)
    messages.success(request, _("The representation was revoked."))
    return HttpResponseRedirect(reverse("journey:representations"))
