"""The API's frame: problem details for every error, tokens, scopes, the call log, paging."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from portal.api import tokens
from portal.api.models import ApiCall, ApiToken
from portal.api.scopes import Scope

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _balance_url(municipality, taxpayer):
    return f"/api/v1/m/{municipality.ksh_code}/tax/taxpayers/{taxpayer.pk}/balance"


def test_schema_is_openapi_3_1_and_docs_are_served():
    client = Client()
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.1")
    assert "/api/v1/m/{ksh_code}/tax/taxpayers" in schema.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_the_schema_names_every_key_once():
    """Swagger UI (the docs page) refuses a document with a key twice in one object, which
    Python's json module silently accepts (the last one wins)."""
    twice = []

    def unique(pairs):
        keys = [key for key, _value in pairs]
        twice.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(pairs)

    json.loads(Client().get("/api/v1/openapi.json").content, object_pairs_hook=unique)
    assert twice == []


def test_balance_with_a_token_of_the_municipality(municipality_a, api_token, bearer, taxpayer_of):
    taxpayer = taxpayer_of(municipality_a)
    _token, secret = api_token(municipality_a, [Scope.TAX_READ])

    answer = bearer(secret).get(_balance_url(municipality_a, taxpayer))

    assert answer.status_code == 200, answer.content
    assert answer.json()["total"] == 20000
    assert answer.json()["lines"][0]["tax_type"] == "building"
    call = ApiCall.objects.get(path=_balance_url(municipality_a, taxpayer))
    assert (call.status, call.scope, call.object_ref) == (
        200,
        "tax.read",
        f"taxpayer:{taxpayer.pk}",
    )
    assert call.municipality_id == municipality_a.pk
    assert call.client_name == "Könyvelés"


def test_no_token_is_a_401_problem(municipality_a, taxpayer_of):
    taxpayer = taxpayer_of(municipality_a)
    answer = Client().get(_balance_url(municipality_a, taxpayer))
    assert answer.status_code == 401
    assert answer["Content-Type"] == PROBLEM
    assert answer["WWW-Authenticate"].startswith("Bearer")
    body = answer.json()
    assert body["status"] == 401 and body["title"] == "Azonosítás szükséges"
    assert ApiCall.objects.filter(status=401).exists()


@pytest.mark.parametrize("how", ["revoked", "expired", "client revoked", "mistyped"])
def test_revoked_and_expired_tokens_are_refused(
    municipality_a, api_token, bearer, taxpayer_of, how
):
    taxpayer = taxpayer_of(municipality_a)
    token, secret = api_token(municipality_a, [Scope.TAX_READ])
    if how == "revoked":
        tokens.revoke_token(token)
    elif how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    elif how == "client revoked":
        tokens.revoke_client(token.client)
    else:
        secret = secret[:-1] + ("A" if secret[-1] != "A" else "B")

    answer = bearer(secret).get(_balance_url(municipality_a, taxpayer))

    assert answer.status_code == 401
    assert answer["Content-Type"] == PROBLEM


def test_only_the_digest_is_stored(municipality_a, api_token):
    token, secret = api_token(municipality_a)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in (stored.digest, stored.prefix)
    assert stored.digest == tokens.digest_of(secret)
    assert secret.startswith(stored.prefix)


def test_a_municipalitys_application_cannot_be_granted_another(municipality_a, municipality_b):
    with pytest.raises(tokens.ClientError):
        tokens.create_client(
            "X", municipality=municipality_a, grants={municipality_b: ["tax.read"]}
        )


def test_unknown_municipality_wrong_method_and_unknown_path_are_problems(
    municipality_a, api_token, bearer
):
    _token, secret = api_token(municipality_a)
    client = bearer(secret)
    unknown = client.get("/api/v1/m/00000/tax/taxpayers")
    assert unknown.status_code == 404 and unknown["Content-Type"] == PROBLEM
    wrong_method = client.delete(f"/api/v1/m/{municipality_a.ksh_code}/tax/taxpayers")
    assert wrong_method.status_code == 405 and wrong_method["Content-Type"] == PROBLEM
    assert "GET" in wrong_method["Allow"]
    nowhere = client.get("/api/v1/nincs-ilyen")
    assert nowhere.status_code == 404 and nowhere["Content-Type"] == PROBLEM


def test_validation_error_is_a_422_problem(municipality_a, api_token, bearer):
    _token, secret = api_token(municipality_a)
    answer = bearer(secret).get(f"/api/v1/m/{municipality_a.ksh_code}/tax/taxpayers?limit=0")
    assert answer.status_code == 422
    assert answer["Content-Type"] == PROBLEM
    assert answer.json()["errors"][0]["where"].endswith("limit")


def test_cursor_pages_through_every_taxpayer_once(municipality_a, api_token, bearer, taxpayer_of):
    made = {taxpayer_of(municipality_a, f"Kiss{i}").pk for i in range(5)}
    _token, secret = api_token(municipality_a, [Scope.TAX_READ])
    client = bearer(secret)
    seen, cursor = [], None
    for _page in range(10):
        url = f"/api/v1/m/{municipality_a.ksh_code}/tax/taxpayers?limit=2"
        answer = client.get(url + (f"&cursor={cursor}" if cursor else "")).json()
        seen += [item["id"] for item in answer["items"]]
        cursor = answer["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(made)


def test_a_forged_cursor_is_a_400_problem(municipality_a, api_token, bearer):
    _token, secret = api_token(municipality_a, [Scope.TAX_READ])
    answer = bearer(secret).get(
        f"/api/v1/m/{municipality_a.ksh_code}/tax/taxpayers?cursor=eyJhIjoxfQ:forged"
    )
    assert answer.status_code == 400 and answer["Content-Type"] == PROBLEM


def test_rate_limit_is_a_429_with_retry_after(
    settings, municipality_a, api_token, bearer, taxpayer_of
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "2/m/key"}
    taxpayer = taxpayer_of(municipality_a)
    _token, secret = api_token(municipality_a, [Scope.TAX_READ])
    client = bearer(secret)
    statuses = [client.get(_balance_url(municipality_a, taxpayer)) for _ in range(3)]
    assert [a.status_code for a in statuses] == [200, 200, 429]
    refused = statuses[-1]
    assert refused["Content-Type"] == PROBLEM
    assert 0 < int(refused["Retry-After"]) <= 60
