"""The production SMS backend against a gateway double on 127.0.0.1."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from accounts.sms import SMSDeliveryError, get_backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway():
    """A local HTTP server that records what it is sent and answers ``gateway.status``."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            server.received.append(
                {"path": self.path, "auth": self.headers["Authorization"], "json": json.loads(body)}
            )
            self.send_response(server.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.received = []
    server.status = 202
    # shutdown() waits for the loop to look up, by default every half second
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def http_backend(settings, gateway):
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{gateway.server_port}/send"
    settings.SMS_GATEWAY_TOKEN = "titkos-token"
    settings.SMS_GATEWAY_TIMEOUT = 5
    return get_backend()


def test_the_gateway_receives_number_text_and_token(http_backend, gateway):
    http_backend.send("+36301234567", "Városháza login code: 123456")

    assert gateway.received == [
        {
            "path": "/send",
            "auth": "Bearer titkos-token",
            "json": {
                "to": "+36301234567",
                "text": "Városháza login code: 123456",
                "sender": "Varoshaza",
            },
        }
    ]


def test_a_refusing_gateway_is_an_error(http_backend, gateway):
    gateway.status = 503

    with pytest.raises(SMSDeliveryError):
        http_backend.send("+36301234567", "x")


def test_a_phone_login_through_the_gateway_and_a_failing_gateway_tells_the_citizen(
    client, http_backend, gateway
):
    response = client.post("/fiok/login/code/", {"phone": "06 30 123 4567"}, follow=True)
    assert gateway.received[-1]["json"]["to"] == "+36301234567"
    assert response.status_code == 200

    from django.test import Client

    gateway.status = 500
    other_browser = Client(HTTP_HOST="portal.varoshaza.test")
    response = other_browser.post("/fiok/login/code/", {"phone": "06 20 765 4321"}, follow=True)

    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert "Az SMS-üzenetet most nem sikerült elküldeni. Kérjük, próbálja újra később." in (
        messages
    )
    assert "_auth_user_id" not in other_browser.session
