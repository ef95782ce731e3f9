"""The tenant boundary and the scopes over every endpoint of the API.

The endpoints come from the URLconf (tests/isolation/urls.py enumerates it), so an
endpoint added tomorrow is requested tomorrow; their methods from the OpenAPI document.
Each is filled with municipality B's objects (the isolation world) and called with a token
of A holding every scope: the answer must be a 403 or 404 problem naming nothing of B and
changing nothing. With a token of B the same calls succeed (so the refusals
above are the boundary, not a wrong URL), and a token lacking the scope an endpoint
needs (read from the call log of the successful call) gets a 403."""

import re

import pytest
from django.db import transaction
from django.test import Client, override_settings

from portal.api import tokens
from portal.api.api import api
from portal.api.models import ApiCall
from portal.api.scopes import Scope
from tests.isolation.records import fingerprint
from tests.isolation.urls import endpoints, fillings, url_for, value_of
from tests.isolation.world import build_world, markers_in

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
# Served without a token or outside the tenant URLs; tested in test_framework.py.
NOT_TENANT = {"openapi_v1:openapi-json", "openapi_v1:openapi-view", "openapi_v1:not_found"}
NOT_TENANT |= {"openapi_v1:registry_file", "openapi_v1:api-root"}
PAYMENT_BODY = {"tax_type": "building", "amount": 1000, "reference": "matrix"}
# ---- Open data and the trade register's writes (portal/opendata, portal/api/routers/trade.py)
# Open data is public, without a token (tests/portal/opendata); a POST of the trade register
# gets a body that passes validation, so the tenant and scope checks are what answer.
OPEN_DATA = "api/v1/open/"
POST_BODIES = {
    "/trade/notifications": {
        "received_on": "2026-11-20",
        "trader": {
            "kind": "company",
            "name": "Mátrix Kft.",
            "postal_code": "3300",
            "settlement": "Eger",
            "street": "Fő utca 1.",
        },
        "places": [
            {
                "trading_forms": ["shop"],
                "postal_code": "3300",
                "settlement": "Eger",
                "street": "Fő utca 2.",
            }
        ],
    },
    "/closure": {"received_on": "2026-11-20", "closed_on": "2026-11-30"},
}


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def media_root(settings, world_media):
    settings.MEDIA_ROOT = world_media
    return world_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=world_media):
        with transaction.atomic():
            built = build_world()
            yield built
            transaction.set_rollback(True)


def _openapi_path(route):
    path = "/api/v1/" + route.removeprefix("api/v1/")
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)


def api_endpoints():
    paths = api.get_openapi_schema()["paths"]
    found = []
    for endpoint in endpoints():
        if not endpoint.route.startswith("api/v1/") or endpoint.name in NOT_TENANT:
            continue
        if endpoint.route.startswith(OPEN_DATA):
            continue
        methods = sorted(m.upper() for m in paths[_openapi_path(endpoint.route)])
        found.append((endpoint, methods))
    return found


def _call(client, method, url):
    if method == "POST":
        body = next((b for suffix, b in POST_BODIES.items() if url.endswith(suffix)), PAYMENT_BODY)
        return client.post(
            url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="matrix-key-1"
        )
    return client.generic(method, url)


def _token(municipality, scopes):
    client = tokens.create_client(
        "Mátrix", municipality=municipality, grants={municipality: scopes}
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {tokens.issue_token(client)[1]}")


def _urls(endpoint, objects, own):
    """Every filling of the endpoint; one that needs an object A's world lacks (A has no
    submission or payment of its own) is left out: B's own is still named."""
    variants = iter(fillings(endpoint, objects, own, value_of))
    while True:
        try:
            values, names_b = next(variants)
        except StopIteration:
            return
        except KeyError:
            continue
        yield url_for(endpoint, values), names_b


def test_the_api_has_tenant_endpoints_for_every_domain():
    routes = [e.route for e, _methods in api_endpoints()]
    for domain in ("tax", "registry", "forms", "payments"):
        assert any(f"/{domain}/" in r or r.endswith(f"/{domain}") for r in routes), domain
    assert all("<ksh_code>" in r for r in routes if r.startswith("api/v1/m/"))


def test_a_token_of_a_gets_nothing_of_b(world, media_root):
    a_token = _token(world.a, list(Scope.values))
    before = fingerprint(world)
    failures, asked = [], set()
    for endpoint, methods in api_endpoints():
        if not endpoint.arguments:
            continue  # /me/: the person's own, tested in test_endpoints.py
        for url, names_b in _urls(endpoint, world.b_objects, world.a_objects):
            if not names_b:
                continue
            for method in methods:
                asked.add((endpoint.name, method))
                answer = _call(a_token, method, url)
                leaked = markers_in(answer.content)
                if answer.status_code not in (403, 404) or answer["Content-Type"] != PROBLEM:
                    failures.append(f"{method} {url}: {answer.status_code}")
                elif leaked:
                    failures.append(f"{method} {url}: names {sorted(leaked)}")
    assert failures == []
    assert fingerprint(world) == before
    tenant = {(e.name, m) for e, methods in api_endpoints() if e.arguments for m in methods}
    assert asked == tenant


def test_own_objects_answer_and_each_scope_is_required(world, media_root):
    # B's own token on B's objects: the same URLs as above answer, so their refusals were
    # the boundary and not a URL that names nothing.
    full = _token(world.b, list(Scope.values))
    failures = []
    for endpoint, methods in api_endpoints():
        if not endpoint.arguments:
            continue
        values = next(v for v, _b in fillings(endpoint, world.b_objects, world.b_objects, value_of))
        url = url_for(endpoint, values)
        for method in methods:
            answer = _call(full, method, url)
            if answer.status_code not in (200, 201):
                failures.append(f"{method} {url} with every scope: {answer.status_code}")
                continue
            scope = ApiCall.objects.filter(path=url, method=method).latest("pk").scope
            lacking = _token(world.b, [s for s in Scope.values if s != scope])
            refused = _call(lacking, method, url)
            if refused.status_code != 403 or refused["Content-Type"] != PROBLEM:
                failures.append(f"{method} {url} without {scope}: {refused.status_code}")
    assert failures == []
