"""Ügyeim → Időpontjaim: the appointments a signed-in citizen booked, in every municipality,
each with its page (confirm, cancel, move) behind the same link the e-mails carry."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from services.appointments import services as appointments


@login_required
def appointment_list(request):
    now = timezone.now()
    coming, past = [], []
    for booking in appointments.bookings_of(request.user)[:100]:
        booking.link = reverse("appointments:manage", args=[appointments.token_for(booking)])
        (coming if booking.ends_at >= now else past).append(booking)
    coming.reverse()  # the next one first
    return render(
        request,
        "affairs/appointment_list.html",
        {"coming": coming, "past": past, "section": "appointments"},
    )
