"""The fee of an application, as one of the payments' purposes: payments know what can be
paid only through their registry, so they never import a service that takes applications.
The purpose keeps its stored name (``form_fee``): payments made before other kinds of
application existed keep pointing at it."""

from django.urls import reverse

from services.payments.constants import Purpose
from services.payments.services import PaymentPurpose, purposes

from .constants import State
from .models import Application


@purposes.register(Purpose.FORM_FEE)
class ApplicationFee(PaymentPurpose):
    def owed(self, application):
        if application.state in (State.DRAFT, State.DISCARDED, State.EXPIRED):
            return 0
        return application.fee

    def reference(self, application):
        return application.reference

    def description(self, application):
        from .kinds import kinds

        return kinds[application.kind]().description(application)

    def needs_settling(self, application):
        return application.state == State.AWAITING_PAYMENT

    def belongs_to(self, application, user):
        return user.is_authenticated and application.owner_id == user.pk

    def admin_url(self, application):
        from .kinds import kinds

        return kinds[application.kind]().admin_url(application)

    def on_paid(self, application, payment):
        # Inside the confirming payment's transaction: registered with it, or not at all.
        from .services import settle_paid

        settle_paid(application, payment)

    def find(self, municipality, reference):
        return (
            Application.objects.for_municipality(municipality).filter(reference=reference).first()
        )

    def page_after(self, application):
        """Where the payer goes on after the bank: the receipt once registered, else the
        application's payment page (the one page both channels use)."""
        return page_of(application)


def page_of(application):
    slug = application.municipality.slug
    if application.state == State.REGISTERED:
        return reverse("intake:receipt", args=[slug, application.reference])
    return reverse("intake:pay", args=[slug, application.reference])
