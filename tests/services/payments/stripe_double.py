"""A small test double of the Stripe API on 127.0.0.1, for the endpoints we use.

localstripe (PyPI) was the first choice, but it has no Checkout Sessions and ignores the
Stripe-Account header, which are the two things this integration is made of. So this
serves the documented request and response shapes of
``POST/GET /v1/checkout/sessions``, ``GET /v1/checkout/sessions/{id}`` and
``POST /v1/refunds``, with Stripe's idempotency (same key → same response), connected
accounts (an object is only found through the account it was made on) and its HUF rule
(amounts in fillér, divisible by 100). The real stripe-python client talks to it over HTTP.
"""

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

_ids = itertools.count(1)


def _new_id(prefix):
    return f"{prefix}_test_{next(_ids):08d}"


def unflatten(pairs):
    """Stripe's form encoding (``a[b][0][c]=1``) back into dicts and lists."""
    root = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part, following in zip(parts, parts[1:] + [None], strict=True):
            if following is None:
                node[part] = value
            else:
                node = node.setdefault(part, {})
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


class StripeDouble:
    def __init__(self):
        self.sessions = {}  # id -> (account, session)
        self.refunds = {}
        self.idempotent = {}  # (account, key) -> (status, body)
        self.requests = []
        self.fail_next = 0  # answer this many requests with a 500
        self.delay_next = 0.0  # sleep this long before the next answer (a timeout)
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        # shutdown() waits for the loop to look up, by default every half second
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # -- what Stripe does on its own side (the card page, the dashboard)

    def complete(self, session_id, paid=True):
        """The customer paid on Stripe's page; returns the session as it now is."""
        with self.lock:
            _account, session = self.sessions[session_id]
            session["status"] = "complete"
            session["payment_status"] = "paid" if paid else "unpaid"
            session["payment_intent"] = session["payment_intent"] or _new_id("pi")
            return json.loads(json.dumps(session))

    def expire(self, session_id):
        with self.lock:
            _account, session = self.sessions[session_id]
            session["status"] = "expired"
            return json.loads(json.dumps(session))

    def account_of(self, session_id):
        return self.sessions[session_id][0]

    def only_session(self, wait=3.0):
        """The one session made so far (waiting for a request still being answered)."""
        deadline = time.monotonic() + wait
        while not self.sessions and time.monotonic() < deadline:
            time.sleep(0.05)
        (session_id,) = self.sessions
        return session_id

    # -- the HTTP side

    def _handler(self):
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", _new_id("req"))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                pairs = parse_qsl(raw if method == "POST" else parts.query, keep_blank_values=True)
                params = unflatten(pairs)
                account = self.headers.get("Stripe-Account", "")
                key = self.headers.get("Idempotency-Key", "")
                with double.lock:
                    double.requests.append(
                        {
                            "method": method,
                            "path": parts.path,
                            "params": params,
                            "account": account,
                            "idempotency_key": key,
                            "authorization": self.headers.get("Authorization", ""),
                        }
                    )
                    delay, double.delay_next = double.delay_next, 0.0
                    failing = double.fail_next > 0
                    if failing:
                        double.fail_next -= 1
                if delay:
                    time.sleep(delay)
                if failing:
                    return self._answer(
                        500, {"error": {"type": "api_error", "message": "Simulated outage"}}
                    )
                if not self.headers.get("Authorization", "").startswith("Bearer sk_"):
                    return self._answer(
                        401, {"error": {"type": "invalid_request_error", "message": "No key"}}
                    )
                if method == "POST" and key and (account, key) in double.idempotent:
                    return self._answer(*double.idempotent[(account, key)])
                status, body = double.route(method, parts.path, params, account)
                if method == "POST" and key:
                    double.idempotent[(account, key)] = (status, body)
                return self._answer(status, body)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

        return Handler

    def route(self, method, path, params, account):
        with self.lock:
            if path == "/v1/checkout/sessions" and method == "POST":
                return self._create_session(params, account)
            if path == "/v1/checkout/sessions" and method == "GET":
                created = params.get("created", {})
                found = [
                    s
                    for acct, s in self.sessions.values()
                    if acct == account
                    and int(created.get("gte", 0)) <= s["created"] <= int(created.get("lte", 2**40))
                ]
                return 200, {
                    "object": "list",
                    "url": "/v1/checkout/sessions",
                    "has_more": False,
                    "data": found,
                }
            match = re.fullmatch(r"/v1/checkout/sessions/([\w]+)", path)
            if match and method == "GET":
                found = self.sessions.get(match.group(1))
                if found is None or found[0] != account:
                    return _missing(match.group(1))
                return 200, found[1]
            if path == "/v1/refunds" and method == "POST":
                return self._refund(params, account)
            if path == "/v1/refunds" and method == "GET":
                intent = params.get("payment_intent")
                found = [
                    r
                    for r in self.refunds.values()
                    if r["account"] == account and (intent is None or r["payment_intent"] == intent)
                ]
                return 200, {
                    "object": "list",
                    "url": "/v1/refunds",
                    "has_more": False,
                    "data": found,
                }
        return 404, {"error": {"type": "invalid_request_error", "message": f"No route {path}"}}

    def _create_session(self, params, account):
        if not account.startswith("acct_"):
            return _invalid("This integration makes direct charges: Stripe-Account missing")
        item = params["line_items"][0]
        price = item["price_data"]
        amount = int(price["unit_amount"]) * int(item.get("quantity", 1))
        if price["currency"] == "huf" and amount % 100:
            return _invalid(
                "Invalid amount: HUF charges must be evenly divisible by 100.",
                code="invalid_charge_amount_no_decimal_compatible",
            )
        session = {
            "id": _new_id("cs"),
            "object": "checkout.session",
            "mode": params["mode"],
            "amount_total": amount,
            "currency": price["currency"],
            "client_reference_id": params.get("client_reference_id"),
            "metadata": params.get("metadata", {}),
            "success_url": params["success_url"],
            "cancel_url": params["cancel_url"],
            "status": "open",
            "payment_status": "unpaid",
            "payment_intent": None,
            "created": int(time.time()),
            "expires_at": int(params.get("expires_at") or time.time() + 86400),
            "livemode": False,
        }
        session["url"] = f"https://checkout.stripe.com/c/pay/{session['id']}"
        self.sessions[session["id"]] = (account, session)
        return 200, session

    def _refund(self, params, account):
        intent = params.get("payment_intent")
        session = next(
            (
                s
                for acct, s in self.sessions.values()
                if acct == account and s["payment_intent"] == intent
            ),
            None,
        )
        if session is None or session["payment_status"] != "paid":
            return _missing(intent)
        amount = int(params.get("amount") or session["amount_total"])
        already = sum(r["amount"] for r in self.refunds.values() if r["payment_intent"] == intent)
        if amount + already > session["amount_total"] or amount % 100:
            return _invalid("Refund amount is greater than unrefunded amount on charge")
        refund = {
            "id": _new_id("re"),
            "object": "refund",
            "amount": amount,
            "currency": session["currency"],
            "payment_intent": intent,
            "status": "succeeded",
            "metadata": params.get("metadata", {}),
            "account": account,  # the double's own bookkeeping, not Stripe's field
        }
        self.refunds[refund["id"]] = refund
        return 200, refund

    def refund_in_dashboard(self, intent, amount):
        """A refund made by the municipality in Stripe's dashboard (no request of ours)."""
        with self.lock:
            account = next(
                acct for acct, s in self.sessions.values() if s["payment_intent"] == intent
            )
            status, body = self._refund({"payment_intent": intent, "amount": amount}, account)
        assert status == 200, body
        return body

    def refunded_total(self, intent):
        return sum(r["amount"] for r in self.refunds.values() if r["payment_intent"] == intent)


def _invalid(message, code=None):
    error = {"type": "invalid_request_error", "message": message}
    if code:
        error["code"] = code
    return 400, {"error": error}


def _missing(name):
    return 404, {
        "error": {
            "type": "invalid_request_error",
            "code": "resource_missing",
            "message": f"No such checkout.session: '{name}'",
        }
    }


def event(kind, obj, account, event_id=None):
    return {
        "id": event_id or _new_id("evt"),
        "object": "event",
        "type": kind,
        "account": account,
        "api_version": "2025-01-27.acacia",
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": obj},
    }


def stripe_signature(payload: bytes, secret: str, timestamp=None):
    """Stripe's webhook signature scheme: t=…,v1=HMAC-SHA256(secret, "t.payload")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"
