"""The public booking pages, on a municipality's site or on the portal:

``/idopont/<municipality>/`` the matters with their questions, ``…/<matter>/`` a day's free
times and the booking form, ``/idopont/foglalas/<token>/`` the booker's page behind the
e-mailed link (confirm, cancel, move, calendar entry). On a municipality's own site only
its own matters and bookings are found; everything else is a 404."""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sites import ratelimits
from sites.actor import Actor, Channel
from sites.downloads import content_download
from sites.models import Municipality
from sites.tenancy import municipality_for_request

from . import services
from .constants import BookingStatus
from .forms import BookingForm, SlotForm
from .models import BookableService

DAYS_SHOWN = 10


def _municipality_or_404(request, slug):
    here = municipality_for_request(request)
    if here is not None:
        if here.slug != slug:
            raise Http404
        return here
    municipality = Municipality.objects.filter(slug=str(slug)[:100], active=True).first()
    if municipality is None:
        raise Http404
    return municipality


def _actor(request, municipality):
    channel = Channel.SITE_FORM if municipality_for_request(request) else Channel.PORTAL
    return Actor.from_request(request, channel=channel, municipality=municipality)


def _day(request, service, exclude_booking=None):
    """The open days offered (the next DAYS_SHOWN with free times) and the chosen one."""
    found = services.free_slots_by_day(
        service, services.bookable_days(service.office), exclude_booking=exclude_booking
    )
    days = [day for day, slots in sorted(found.items()) if slots][:DAYS_SHOWN]
    chosen = None
    try:
        asked = datetime.date.fromisoformat(str(request.GET.get("nap", ""))[:10])
    except ValueError:
        asked = None
    if asked in days:
        chosen = asked
    elif days:
        chosen = days[0]
    return days, chosen


def here(request):
    """``/idopont/`` on a municipality's site: its own booking page."""
    municipality = municipality_for_request(request)
    if municipality is None:
        raise Http404
    return HttpResponseRedirect(reverse("appointments:index", args=[municipality.slug]))


def index(request, slug):
    municipality = _municipality_or_404(request, slug)
    matters = list(services.services_of(municipality))
    offices = {}
    for matter in matters:
        offices.setdefault(matter.office, []).append(matter)
    return render(
        request,
        "appointments/index.html",
        {"municipality": municipality, "offices": offices.items()},
    )


@require_http_methods(["GET", "POST"])
def service_slots(request, slug, service_id):
    municipality = _municipality_or_404(request, slug)
    service = (
        BookableService.objects.for_municipality(municipality)
        .filter(pk=service_id, active=True, office__active=True)
        .select_related("office")
        .first()
    )
    if service is None:
        raise Http404
    days, day = _day(request, service)
    user = request.user if request.user.is_authenticated else None
    status = 200
    if request.method == "POST":
        try:
            starts = timezone.make_aware(
                datetime.datetime.fromisoformat(str(request.POST.get("slot", ""))[:16])
            )
            day = timezone.localtime(starts).date()
        except ValueError:
            pass
        slots = services.free_slots(service, day) if day else []
        form = BookingForm(request.POST, slots=slots)
        if user is None and ratelimits.hit(
            request, "book_appointment", key=request.POST.get("email", "")[:254]
        ):
            form.is_valid()
            form.add_error(None, ratelimits.LIMIT_MESSAGE)
            status = ratelimits.TOO_MANY_REQUESTS
        elif form.is_valid():
            try:
                booking = services.book(
                    _actor(request, municipality),
                    service,
                    form.chosen().starts_at,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    user=user,
                )
            except services.BookingError as error:
                form.add_error("slot", error.message)
            else:
                if booking.status == BookingStatus.CONFIRMED:
                    return HttpResponseRedirect(
                        reverse("appointments:manage", args=[services.token_for(booking)])
                    )
                return render(
                    request,
                    "appointments/check_email.html",
                    {"municipality": municipality, "booking": booking},
                )
    else:
        slots = services.free_slots(service, day) if day else []
        initial = {}
        if user is not None:
            initial = {"name": _full_name(user), "email": user.email}
        form = BookingForm(initial=initial, slots=slots)
    return render(
        request,
        "appointments/book.html",
        {
            "municipality": municipality,
            "service": service,
            "days": days,
            "day": day,
            "form": form,
            "signed_in": user is not None,
            "hold_minutes": settings.APPOINTMENTS_HOLD_MINUTES,
        },
        status=status,
    )


def _full_name(user):
    from sites.hungarian import user_name

    return user_name(user)


def _booking_or_404(request, token):
    booking = services.booking_for_token(token)
    here = municipality_for_request(request)
    if booking is None or (here is not None and booking.municipality_id != here.pk):
        raise Http404(_("There is no such appointment, or the link is mistyped."))
    return booking


@require_http_methods(["GET", "POST"])
def manage(request, token):
    booking = _booking_or_404(request, token)
    error = None
    form = None
    exclude = booking
    if request.method == "POST":
        action = str(request.POST.get("action", ""))
        actor = _actor(request, booking.municipality)
        try:
            if action == "confirm":
                booking = services.confirm(actor, booking)
                return _back(request, token, _("Thank you: your appointment is confirmed."))
            if action == "cancel":
                booking = services.cancel(actor, booking)
                return _back(request, token, _("Your appointment is cancelled."))
            if action == "rebook":
                day = None
                try:
                    starts = timezone.make_aware(
                        datetime.datetime.fromisoformat(str(request.POST.get("slot", ""))[:16])
                    )
                    day = timezone.localtime(starts).date()
                except ValueError:
                    pass
                slots = (
                    services.free_slots(booking.service, day, exclude_booking=exclude)
                    if day
                    else []
                )
                form = SlotForm(request.POST, slots=slots)
                if form.is_valid():
                    services.rebook(actor, booking, form.chosen().starts_at)
                    return _back(request, token, _("Your appointment has been moved."))
            else:
                error = _("Choose what to do with the appointment.")
        except services.BookingError as refusal:
            error = refusal.message
        booking.refresh_from_db()
    changeable = services.is_changeable(booking)
    days, day = ([], None)
    if changeable:
        days, day = _day(request, booking.service, exclude_booking=exclude)
        if form is None:
            slots = (
                services.free_slots(booking.service, day, exclude_booking=exclude) if day else []
            )
            form = SlotForm(slots=slots)
    return render(
        request,
        "appointments/manage.html",
        {
            "municipality": booking.municipality,
            "booking": booking,
            "token": token,
            "changeable": changeable,
            "held": booking.status == BookingStatus.HELD and changeable,
            "days": days,
            "day": day,
            "form": form,
            "error": error,
        },
        status=400 if error else 200,
    )


def _back(request, token, text):
    from django.contrib import messages

    messages.success(request, text)
    return HttpResponseRedirect(reverse("appointments:manage", args=[token]))


def calendar_entry(request, token):
    booking = _booking_or_404(request, token)
    return content_download(
        services.calendar_file.build(booking, services.manage_url(booking)),
        "idopont.ics",
        "text/calendar; charset=utf-8",
    )
