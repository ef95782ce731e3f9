"""What can be paid: one plugin per purpose says how much is owed and what happens once
it is paid. The payments never import what is paid for: the application's fee is
registered by services.intake, a tax balance will be by the tax service."""

from sites.registry import Registry

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

    def on_refunded(self, target, payment):
        """Called inside the refunding transaction once ``payment.refunded_amount`` has
        grown (an officer's refund, or one made at the provider). Must be idempotent: it
        is told the refunded total, not the difference."""

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

    def page_after(self, target):
        """The page where the payer goes on after the bank (the target's own payment page
        or receipt), or None for the payments' own status page."""
        return None
