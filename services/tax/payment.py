"""Local taxes as one of the payments' purposes (``tax_balance``): the payments app knows
what can be paid only through its registry, so it never imports the tax office. What is
paid is a :class:`CardPaymentOrder` (chosen charges or a balance, fixed with its amount);
the confirmation books it to the taxpayer's account, a refund books the refund."""

from django.urls import NoReverseMatch, reverse

from services.payments.constants import Purpose
from services.payments.services import PaymentPurpose, purposes

from .models import CardPaymentOrder, PortalLink


@purposes.register(Purpose.TAX_BALANCE)
class TaxPayment(PaymentPurpose):
    def owed(self, order):
        return order.amount

    def reference(self, order):
        return order.reference

    def description(self, order):
        return order.description

    def needs_settling(self, order):
        return order.booked_at is None

    def on_paid(self, order, payment):
        # Inside the confirming payment's transaction: booked with it, or not at all.
        from .services.cardpay import book_card_payment

        book_card_payment(order, payment)

    def on_refunded(self, order, payment):
        from .services.cardpay import record_card_refund

        record_card_refund(order, payment)

    def belongs_to(self, order, user):
        """The account that started it, or the one linked to the taxpayer."""
        if not getattr(user, "is_authenticated", False):
            return False
        if order.payer_id == user.pk:
            return True
        return (
            PortalLink.objects.for_municipality(order.municipality_id)
            .filter(taxpayer_id=order.taxpayer_id, user=user, ended_at__isnull=True)
            .exists()
        )

    def page_after(self, order):
        """The portal's page of the tax payment (what was paid, the balance now), when
        the portal is installed; otherwise the payments' own status page."""
        try:
            return reverse("affairs:tax_paid", args=[order.uuid])
        except NoReverseMatch:
            return None

    def admin_url(self, order):
        return reverse("tax_admin:taxpayer", args=[order.municipality_id, order.taxpayer_id])

    def find(self, municipality, reference):
        return (
            CardPaymentOrder.objects.for_municipality(municipality)
            .filter(reference=str(reference or "")[:40])
            .first()
        )
