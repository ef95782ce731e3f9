"""Paying the fee of a form submitted through the wizard, on the portal.

The amount is never read from the browser: services.payments computes it from the stored
submission (whose fee the forms service computed from the answers). The submission stays
stored while it is unpaid; this page lets the citizen pay (again) until the payment is
confirmed, and then sends them to the receipt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from services.payments import services as payments
from services.payments.constants import OPEN, Purpose

from ..constants import EventKind
from ..models import AwaitingPayment, Receipt
from ..services import record
from .common import affairs_url, municipality_or_404


def pay_url(awaiting):
    return reverse("journey:pay", args=[awaiting.municipality.slug, awaiting.submission.reference])


def start(request, awaiting):
    """Start (or continue) the payment and send the browser to the bank; back to the
    payment page with the reason when the bank cannot be reached."""
    submission = awaiting.submission
    try:
        payment, url = payments.start_payment(
            submission,
            purpose=Purpose.FORM_FEE,
            payer=request.user,
            base_url=f"{request.scheme}://{request.get_host()}",
        )
    except payments.PaymentError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(pay_url(awaiting))
    record(
        request.user,
        EventKind.PAYMENT_STARTED,
        awaiting.municipality,
        submission.reference,
        payment=str(payment.uuid),
        amount=payment.amount,
    )
    return HttpResponseRedirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def pay(request, slug, reference):
    municipality = municipality_or_404(slug)
    reference = str(reference)[:12]
    awaiting = (
        AwaitingPayment.objects.for_municipality(municipality)
        .filter(owner=request.user, submission__reference=reference)
        .select_related("municipality", "submission", "submission__revision__customisation")
        .first()
    )
    if awaiting is None:
        paid = (
            Receipt.objects.for_municipality(municipality)
            .filter(owner=request.user, submission__reference=reference)
            .exists()
        )
        if paid:
            return HttpResponseRedirect(reverse("journey:receipt", args=[slug, reference]))
        raise Http404(_("There is no such payment."))
    if request.method == "POST":
        return start(request, awaiting)
    submission = awaiting.submission
    attempts = list(
        payments.payments_for(submission).filter(payer=request.user).order_by("-created_at")
    )
    latest = attempts[0] if attempts else None
    return render(
        request,
        "journey/pay.html",
        {
            "municipality": municipality,
            "awaiting": awaiting,
            "submission": submission,
            "customisation": submission.revision.customisation,
            "open_amount": payments.open_amount(submission, Purpose.FORM_FEE),
            "attempts": attempts,
            "latest": latest,
            "latest_is_open": latest is not None and latest.status in OPEN,
            "affairs_url": affairs_url(),
        },
    )
