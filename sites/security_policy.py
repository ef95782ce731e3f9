"""The Content Security Policy of every page: django-csp's middleware, with a nonce always.

The policy itself is in the settings (portal/settings/security.py). Scripts come from our own
static files; an inline script runs only with the nonce of the request that rendered it, so
a script that an attacker smuggles into a page (a stored form answer, a page title) does not.
Templates write the nonce as ``nonce="{{ request.csp_nonce }}"``, or ``{% csp_nonce %}``
(csp_tags) where the context has no request (Wagtail's panels and widgets).

Every response gets a nonce in its header, used or not, so that the header says the same
everywhere and a page that adds an inline script later needs no other change. A page served
from the page cache (sites.page_cache) was rendered for an earlier visitor: :func:`renew`
gives it a nonce of its own before it leaves, so no two visitors share one."""

import base64
import contextvars
import os

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware

_current = contextvars.ContextVar("csp_nonce", default="")


def current_nonce():
    """The nonce of the request being rendered ("" outside a request)."""
    return _current.get()


class NonceCSPMiddleware(CSPMiddleware):
    def process_request(self, request):
        super().process_request(request)
        # Made now (django-csp would make it on first use): the header always carries it,
        # and templates without the request (csp_tags) can read it.
        _current.set(str(request.csp_nonce))

    def process_response(self, request, response):
        response = super().process_response(request, response)
        _current.set("")
        return response


def _new_nonce():
    return base64.b64encode(os.urandom(16)).decode("ascii")


def _nonce_in(policy):
    for source in policy.replace(";", " ").split():
        if source.startswith("'nonce-") and source.endswith("'"):
            return source[len("'nonce-") : -1]
    return None


def renew(content, headers):
    """A stored page's content and headers with a fresh nonce in place of the one it was
    rendered with (content: bytes; headers: a dict, changed in place)."""
    old = None
    for name in (HEADER, HEADER_REPORT_ONLY):
        for key in [key for key in headers if key.lower() == name.lower()]:
            old = old or _nonce_in(headers[key])
    if old is None:
        return content
    new = _new_nonce()
    for key in list(headers):
        if key.lower() in (HEADER.lower(), HEADER_REPORT_ONLY.lower()):
            headers[key] = headers[key].replace(f"'nonce-{old}'", f"'nonce-{new}'")
    return content.replace(f'nonce="{old}"'.encode(), f'nonce="{new}"'.encode())
