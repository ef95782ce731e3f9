"""The simulated VPOS: a card page on the municipality's own host that approves or declines
the documented test cards and calls back like a bank would. It moves no money; the
production settings refuse it (``is_demo``, checked by sites/checks.py)."""

import base64
import json
import secrets
import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.urls import reverse

from ..constants import Outcome
from . import InvalidNotification, PaymentProvider, Started, Update, providers
from .messages import amount, check, identifier, read_json, text
from .signing import BadSignature, sign, verify

SIGNATURE_HEADER = "X-Simulated-Vpos-Signature"

# Card number → (outcome, why). The README's table of test cards is this table.
TEST_CARDS = {
    "4242424242424242": (Outcome.PAID, "approved"),
    "4000000000000002": (Outcome.FAILED, "card_declined"),
    "4000000000009995": (Outcome.FAILED, "insufficient_funds"),
    "4000000000000069": (Outcome.FAILED, "expired_card"),
}


# What the bank's callback (and the signed result the browser brings back) must look like.
# The amount is a whole number of forints: 3000.5 or "3000" is refused, not truncated.
CALLBACK_SCHEMA = {
    "type": "object",
    "required": ["id", "payment", "outcome", "amount", "currency"],
    "properties": {
        "id": identifier(),
        "payment": identifier(r"^[0-9a-fA-F-]{32,36}$", max_length=36),
        "transaction": text(),
        "outcome": {"enum": [str(Outcome.PAID), str(Outcome.FAILED), str(Outcome.EXPIRED)]},
        "reason": text(100),
        "amount": amount(minimum=1),
        "currency": text(3),
        "created": {"type": "integer"},
    },
}


def normalise_card(number):
    return "".join(ch for ch in str(number or "") if ch.isdigit())


@providers.register("simulated")
class SimulatedVpos(PaymentProvider):
    label = "Szimulált VPOS"
    is_demo = True

    @staticmethod
    def secret():
        return settings.PAYMENT_SIMULATOR_SECRET

    def start(self, payment, *, success_url, cancel_url):
        parts = urlsplit(success_url)
        page = reverse("payments:simulator", args=[payment.uuid])
        return Started(
            reference=f"SIM-{secrets.token_hex(8)}",
            redirect_url=f"{parts.scheme}://{parts.netloc}{page}",
        )

    def look_up(self, payment):
        # The simulated bank keeps no books to ask: what it did arrives by its callback
        # and with the signed return; reconciliation only closes what has expired.
        return None

    def refund(self, payment, refund):
        return f"SIMREF-{secrets.token_hex(8)}"

    # -- the bank's side

    def decide(self, payment, card_number):
        """The bank's answer for a test card, as the signed message it sends back; None
        for a card number that is not in the table."""
        outcome = TEST_CARDS.get(normalise_card(card_number))
        if outcome is None:
            return None
        body = json.dumps(
            {
                "id": f"simevt_{secrets.token_hex(12)}",
                "payment": str(payment.uuid),
                "transaction": payment.provider_reference,
                "outcome": str(outcome[0]),
                "reason": outcome[1],
                "amount": payment.amount,
                "currency": "HUF",
                "created": int(time.time()),
            },
            sort_keys=True,
        ).encode()
        return body, sign(body, self.secret())

    def return_query(self, body, signature):
        encoded = base64.urlsafe_b64encode(body).decode()
        return urlencode({"result": encoded, "signature": signature})

    # -- our side

    def parse_body(self, body, signature):
        try:
            verify(body, signature, self.secret(), settings.PAYMENT_SIGNATURE_TOLERANCE)
        except BadSignature as error:
            raise InvalidNotification(str(error)) from None
        message = check(read_json(body), CALLBACK_SCHEMA, "bank callback")
        return Update(
            outcome=Outcome(message["outcome"]),
            payment_uuid=message["payment"],
            amount=message["amount"],
            currency=message["currency"],
            event_id=message["id"],
            detail={"reason": message.get("reason", "")},
        )

    def parse_notification(self, request):
        return [self.parse_body(request.body, request.headers.get(SIGNATURE_HEADER, ""))]

    def parse_return(self, request):
        """The signed result the browser brings back; None when it brought none."""
        encoded = request.GET.get("result")
        if not encoded:
            return None
        try:
            body = base64.urlsafe_b64decode(encoded.encode())
        except ValueError:
            raise InvalidNotification("unreadable result") from None
        return self.parse_body(body, request.GET.get("signature", ""))
