"""One signature scheme for server-to-server messages: ``t=<unix time>,v1=<hex HMAC-SHA256
of "<t>.<body>">``, the scheme Stripe uses for its webhooks, so that the simulated bank's
callbacks are checked the same way a real provider's are."""

import hashlib
import hmac
import time


class BadSignature(Exception):
    pass


def sign(body: bytes, secret: str, timestamp=None) -> str:
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(body: bytes, header: str, secret: str, tolerance=300, now=None) -> None:
    try:
        parts = dict(item.split("=", 1) for item in (header or "").split(","))
        timestamp = int(parts["t"])
        received = parts["v1"]
    except (KeyError, ValueError):
        raise BadSignature("malformed signature header") from None
    expected = sign(body, secret, timestamp).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, received):
        raise BadSignature("signature does not match")
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        raise BadSignature("signature is too old")
