"""A local OpenID Connect provider double for the KAÜ-over-OIDC tests.

A real HTTP server on 127.0.0.1 (allauth fetches discovery, token, JWKS and userinfo with
requests, as it would from the agent): the test decides what the token endpoint answers."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

SIGNING_KID = "kau-test-1"


def make_rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _b64_uint(number):
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def public_jwk(key, kid=SIGNING_KID):
    numbers = key.public_key().public_numbers()
    return {
        "kty": "RSA",
        "use": "sig",
        "alg": "RS256",
        "kid": kid,
        "n": _b64_uint(numbers.n),
        "e": _b64_uint(numbers.e),
    }


def sign_id_token(key, claims, kid=SIGNING_KID):
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


class OpenIDProviderDouble:
    """Serves discovery, JWKS, token and userinfo; records the token requests it got."""

    def __init__(self, signing_key):
        self.signing_key = signing_key
        self.id_token = None  # what the next token request gets (a signed JWT string)
        self.userinfo = {}
        self.access_token = "access-token-of-the-test"
        self.token_error = None  # e.g. "invalid_grant": the agent refuses the code
        self.token_requests = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        # shutdown() waits for the loop to look up, by default every half second
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def issuer(self):
        host, port = self._server.server_address
        return f"http://{host}:{port}"

    @property
    def authorization_endpoint(self):
        return f"{self.issuer}/authorize"

    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.authorization_endpoint,
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handler_class(self):
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status, body):
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                if self.path == "/.well-known/openid-configuration":
                    self._json(200, double.discovery())
                elif self.path == "/jwks":
                    self._json(200, {"keys": [public_jwk(double.signing_key)]})
                elif self.path == "/userinfo":
                    expected = f"Bearer {double.access_token}"
                    if self.headers.get("Authorization") != expected:
                        self._json(401, {"error": "invalid_token"})
                    else:
                        self._json(200, double.userinfo)
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self):
                if self.path != "/token":
                    self._json(404, {"error": "not_found"})
                    return
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                double.token_requests.append({k: v[0] for k, v in form.items()})
                if double.token_error:
                    self._json(400, {"error": double.token_error})
                    return
                self._json(
                    200,
                    {
                        "access_token": double.access_token,
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": double.id_token,
                    },
                )

        return Handler
