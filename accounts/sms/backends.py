import logging

import requests
from django.conf import settings

from . import SMSBackend, SMSDeliveryError, sms_backends

logger = logging.getLogger(__name__)

# What the memory backend "sent", for tests (like django.core.mail.outbox).
outbox = []


@sms_backends.register("console")
class ConsoleBackend(SMSBackend):
    """Development: the message goes to the log (the ``make run`` console)."""

    is_demo = True

    def send(self, number, text):
        logger.warning("SMS to %s: %s", number, text)
        print(f"[SMS → {number}] {text}", flush=True)  # noqa: T201  (shown by make run)


@sms_backends.register("memory")
class MemoryBackend(SMSBackend):
    """Tests: the message is appended to ``accounts.sms.backends.outbox``."""

    is_demo = True

    def send(self, number, text):
        outbox.append({"to": number, "text": text})


@sms_backends.register("http")
class HTTPGatewayBackend(SMSBackend):
    """Production: POST the message as JSON to the operator's SMS gateway.

    ``{"to": "+36301234567", "text": "...", "sender": "Varoshaza"}`` with the token as a
    bearer credential; any 2xx answer means the gateway took the message."""

    def __init__(self):
        self.url = settings.SMS_GATEWAY_URL
        self.token = settings.SMS_GATEWAY_TOKEN
        self.sender = settings.SMS_SENDER
        self.timeout = settings.SMS_GATEWAY_TIMEOUT

    def send(self, number, text):
        try:
            response = requests.post(
                self.url,
                json={"to": number, "text": text, "sender": self.sender},
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise SMSDeliveryError(f"SMS gateway unreachable: {error}") from error
        if not 200 <= response.status_code < 300:
            raise SMSDeliveryError(f"SMS gateway answered {response.status_code}")
