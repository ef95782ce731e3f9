"""What can be paid: one plugin per purpose says how much is owed and what happens once
it is paid. The tax issue adds ``tax_balance`` here through the same registry."""

from django.utils.translation import gettext as _

from sites.registry import Registry

from .constants import Purpose

purposes = Registry("payment purposes")


class PaymentPurpose:
    """Override the methods for a new kind of debt; the payments app does the rest."""

    name = ""

    def owed(self, target):
        """Whole forints owed in total, computed on the server from the target's own record."""
        raise NotImplementedError

    def reference(self, target):
        raise NotImplementedError

    def description(self, target):
        raise NotImplementedError

    def on_paid(self, target, payment):
        """Called inside the confirming transaction, once the whole amount is paid.
        Must be idempotent: a second confirmation calls it again."""

    def needs_settling(self, target):
        """True while the paid-for record still waits to be told it is paid."""
        return True

    def admin_url(self, target):
        """Where an officer sees what was paid for, or None."""
        return None

    def belongs_to(self, target, user):
        """True when ``user`` is the citizen who owes it (and may pay it and see it)."""
        return False

    def find(self, municipality, reference):
        """The target with this reference in the municipality, or None."""
        raise NotImplementedError


@purposes.register(Purpose.FORM_FEE)
class FormFee(PaymentPurpose):
    def owed(self, submission):
        from services.forms.constants import SubmissionStatus

        if submission.status == SubmissionStatus.DRAFT:
            return 0
        return submission.fee

    def reference(self, submission):
        return submission.reference

    def description(self, submission):
        customisation = submission.revision.customisation
        return _("Procedure fee: %(code)s %(title)s") % {
            "code": customisation.code,
            "title": customisation.title,
        }

    def needs_settling(self, submission):
        from services.forms.constants import SubmissionStatus

        return submission.status == SubmissionStatus.AWAITING_PAYMENT

    def belongs_to(self, submission, user):
        return user.is_authenticated and submission.submitter_id == user.pk

    def admin_url(self, submission):
        from django.urls import reverse

        return reverse("forms_admin:submission", args=[submission.municipality_id, submission.pk])

    def on_paid(self, submission, payment):
        from services.forms.services import hand_over_paid

        hand_over_paid(submission, payment)

    def find(self, municipality, reference):
        from services.forms.models import Submission

        return (
            Submission.objects.for_municipality(municipality)
            .select_related("revision__customisation")
            .filter(reference=reference)
            .first()
        )
