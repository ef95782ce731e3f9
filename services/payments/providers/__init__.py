"""Payment providers behind one interface; ``settings.PAYMENT_PROVIDER`` chooses one.

A provider declares itself with ``@providers.register("name")`` and the app's ``ready()``
imports it. Tests build a fresh :class:`Registry` or point the setting at another name."""

from dataclasses import dataclass, field

from django.conf import settings

from sites.registry import Registry

providers = Registry("payment providers", setting="PAYMENT_PROVIDER")


class ProviderError(Exception):
    """The provider could not be reached or refused the request; worth retrying later."""


class InvalidNotification(Exception):
    """A notification whose signature, age or content does not check out."""


@dataclass
class Started:
    reference: str
    redirect_url: str


@dataclass
class Update:
    """What the provider says about one payment, from a notification or a look-up."""

    outcome: str  # constants.Outcome
    payment_uuid: str = ""
    reference: str = ""  # the provider's reference of the payment (Stripe: the session id)
    charge: str = ""  # what refunds are made against (Stripe: the PaymentIntent)
    amount: int | None = None  # in whole forints, as the provider charged it
    currency: str = "HUF"
    refunded_total: int | None = None  # whole forints refunded so far, per the provider
    event_id: str = ""  # the provider's id of the message, to apply it only once
    account: str = ""  # the merchant account the message is about (Stripe Connect)
    detail: dict = field(default_factory=dict)


class PaymentProvider:
    """The interface every provider implements. Override the methods; keep the names."""

    name = ""
    label = ""
    # A demo provider moves no money; the production settings refuse it.
    is_demo = False
    # Whether every message must name the merchant account it is about (Stripe Connect:
    # the municipality's own account); one without it, or with another's, is refused.
    requires_account = False

    def start(self, payment, *, success_url, cancel_url) -> Started:
        """Create the payment at the provider; return its reference and the page to send
        the payer to. Raise ProviderError when the provider fails or times out."""
        raise NotImplementedError

    def look_up(self, payment) -> Update | None:
        """Ask the provider what became of the payment (for the return page and
        reconciliation). None when the provider has nothing to say."""
        raise NotImplementedError

    def refunded_total(self, payment) -> int | None:
        """Whole forints refunded so far on the payment, per the provider (for
        reconciliation); None when the provider keeps no books to ask."""
        return None

    def refund(self, payment, refund) -> str:
        """Give ``refund.amount`` forints back; return the provider's refund reference."""
        raise NotImplementedError

    def parse_return(self, request) -> Update | None:
        """What the payer's browser brings back from the provider's page, if it carries a
        verifiable result. Override for providers that sign their return."""
        return None

    def parse_notification(self, request) -> list[Update]:
        """Check a server-to-server notification and read what it says. Raise
        InvalidNotification for anything that does not verify."""
        raise NotImplementedError


def get_provider(name=None):
    return providers[name or settings.PAYMENT_PROVIDER]()
