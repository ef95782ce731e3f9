"""Sending text messages: one backend chosen by the SMS_BACKEND setting.

Backends register themselves under a name (``@sms_backends.register("http")``); the
registry (sites.registry) refuses a second backend under a taken name at import time. A
backend that only pretends to send says so with ``is_demo = True``, and the system check
of sites.checks refuses the production settings while it is the chosen one."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from sites.registry import Registry

logger = logging.getLogger(__name__)


class SMSDeliveryError(Exception):
    """The gateway did not take the message; the citizen should try again later."""


sms_backends = Registry("SMS backends", setting="SMS_BACKEND")


class SMSBackend:
    """Override ``send`` to deliver one text to one E.164 number."""

    name = ""
    is_demo = False

    def send(self, number, text):
        raise NotImplementedError


def get_backend():
    return sms_backends[settings.SMS_BACKEND]()


def _daily_counter_key(number):
    return f"accounts:sms-sent:{timezone.localdate().isoformat()}:{number}"


def send_sms(number, text):
    """Send ``text`` to ``number``; False when the number had its daily share already.

    allauth limits code requests per number and per address; this cap is the last line
    against SMS pumping (paid messages to premium numbers) whatever path asks to send."""
    key = _daily_counter_key(number)
    cache.add(key, 0, timeout=60 * 60 * 25)
    sent_today = cache.incr(key)
    if sent_today > settings.SMS_DAILY_LIMIT_PER_NUMBER:
        logger.warning("SMS to %s not sent: daily limit per number reached", number[:-4] + "****")
        return False
    get_backend().send(number, text)
    return True
