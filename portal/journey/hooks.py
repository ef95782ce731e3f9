"""Where the journey plugs into the forms and payments services: the receipt of a form
whose fee was just paid (forms.submission_paid, in services.issue_paid_receipt), and the
page of the portal where the payer goes on after the bank (payments.views.portal_pages).
Imported from JourneyConfig.ready()."""

from django.urls import reverse

from services.payments.constants import Purpose
from services.payments.views import portal_pages

from . import services  # noqa: F401  (registers issue_paid_receipt)
from .models import AwaitingPayment, Receipt


@portal_pages.register(Purpose.FORM_FEE)
def form_fee_page(payment):
    """The receipt once the form is registered, else the form's payment page (pay again);
    None for a fee paid outside the journey (the payments app's own page then)."""
    scope = {"municipality_id": payment.municipality_id, "submission__reference": payment.reference}
    slug = payment.municipality.slug
    if Receipt.objects.filter(**scope).exists():
        return reverse("journey:receipt", args=[slug, payment.reference])
    if AwaitingPayment.objects.filter(**scope).exists():
        return reverse("journey:pay", args=[slug, payment.reference])
    return None
