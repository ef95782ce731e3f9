"""What the endpoints answer: the cash-desk payment (idempotent, whole forints), a case with
its file link, a citizen's own data on /me/, and the command that makes a token."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from portal.api.models import ApiClient
from portal.api.scopes import Scope
from services.tax import services as tax
from tests.factories.documents import CaseFactory
from tests.factories.staff import CitizenFactory

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def _pay(client, municipality, taxpayer, key, **body):
    payload = {"tax_type": "building", "amount": 5000, **body}
    return client.post(
        f"/api/v1/m/{municipality.ksh_code}/tax/taxpayers/{taxpayer.pk}/payments",
        json.dumps(payload),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_cash_desk_payment_is_booked_once_per_key(municipality_a, api_token, bearer, taxpayer_of):
    taxpayer = taxpayer_of(municipality_a)
    _token, secret = api_token(municipality_a, [Scope.TAX_PAYMENTS_WRITE])
    client = bearer(secret)

    first = _pay(client, municipality_a, taxpayer, "penztar-0001")
    again = _pay(client, municipality_a, taxpayer, "penztar-0001")

    assert first.status_code == 201, first.content
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert tax.balance(taxpayer) == 15000
    assert first.json()["balance"] == 15000


def test_a_reused_key_for_another_payment_is_a_conflict(
    municipality_a, api_token, bearer, taxpayer_of
):
    taxpayer = taxpayer_of(municipality_a)
    _token, secret = api_token(municipality_a, [Scope.TAX_PAYMENTS_WRITE])
    client = bearer(secret)
    _pay(client, municipality_a, taxpayer, "penztar-0002")
    other = _pay(client, municipality_a, taxpayer, "penztar-0002", amount=7000)
    assert other.status_code == 409 and other["Content-Type"] == PROBLEM
    assert tax.balance(taxpayer) == 15000


@pytest.mark.parametrize(
    "body", [{"amount": 0}, {"amount": 12.5}, {"amount": "sok"}, {"tax_type": "nincs"}]
)
def test_a_bad_payment_is_refused_and_books_nothing(
    municipality_a, api_token, bearer, taxpayer_of, body
):
    taxpayer = taxpayer_of(municipality_a)
    _token, secret = api_token(municipality_a, [Scope.TAX_PAYMENTS_WRITE])
    answer = _pay(bearer(secret), municipality_a, taxpayer, "penztar-0003", **body)
    assert answer.status_code == 422 and answer["Content-Type"] == PROBLEM
    assert tax.balance(taxpayer) == 20000


def test_a_payment_needs_an_idempotency_key(municipality_a, api_token, bearer, taxpayer_of):
    taxpayer = taxpayer_of(municipality_a)
    _token, secret = api_token(municipality_a, [Scope.TAX_PAYMENTS_WRITE])
    answer = bearer(secret).post(
        f"/api/v1/m/{municipality_a.ksh_code}/tax/taxpayers/{taxpayer.pk}/payments",
        json.dumps({"tax_type": "building", "amount": 5000}),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert tax.balance(taxpayer) == 20000


def test_a_case_lists_its_documents_with_a_working_short_lived_file_link(
    municipality_a, api_token, bearer
):
    case = CaseFactory(municipality=municipality_a)
    _token, secret = api_token(municipality_a, [Scope.REGISTRY_READ])
    answer = bearer(secret).get(f"/api/v1/m/{municipality_a.ksh_code}/registry/cases/{case.pk}")
    assert answer.status_code == 200, answer.content
    link = answer.json()["documents"][0]["files"][0]["link"]

    download = Client().get(link)  # no token: the signature is the permission

    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    forged = Client().get(link[:-3] + "abc")
    assert forged.status_code == 404 and forged["Content-Type"] == PROBLEM


def test_me_answers_the_citizens_own_session_and_nobody_else(municipality_a, api_token, bearer):
    citizen = CitizenFactory()
    CaseFactory(municipality=municipality_a, client_user=citizen, user=citizen)
    CaseFactory(municipality=municipality_a, subject="Másé")
    session = Client()
    session.force_login(citizen)

    mine = session.get("/api/v1/me/cases")

    assert mine.status_code == 200, mine.content
    assert [c["subject"] for c in mine.json()] == ["Közterület-használat a Fő téren"]
    assert session.get("/api/v1/me/tax").json() == []
    assert session.get("/api/v1/me/payments").json() == []
    _token, secret = api_token(municipality_a)
    machine = bearer(secret).get("/api/v1/me/cases")
    assert machine.status_code == 403 and machine["Content-Type"] == PROBLEM
    assert Client().get("/api/v1/me/cases").status_code == 401


def test_the_command_creates_an_application_and_prints_its_token_once(
    municipality_a, capsys, taxpayer_of
):
    taxpayer = taxpayer_of(municipality_a)
    call_command("api_client", "Könyvelés", "--grant", municipality_a.slug, "--scope", "tax.read")
    out = capsys.readouterr().out
    secret = next(line for line in out.splitlines() if line.startswith("vh_"))
    client = ApiClient.objects.get(name="Könyvelés")
    assert client.municipality is None  # the provider's own
    answer = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(
        f"/api/v1/m/{municipality_a.ksh_code}/tax/taxpayers/{taxpayer.pk}/balance"
    )
    assert answer.json()["total"] == 20000


def test_a_personal_token_reads_its_owners_own_data_and_no_municipalitys(
    municipality_a, capsys, taxpayer_of
):
    citizen = CitizenFactory()
    CaseFactory(municipality=municipality_a, client_user=citizen, user=citizen)
    taxpayer = taxpayer_of(municipality_a)
    call_command("api_client", "Mobil", "--personal", citizen.username)
    secret = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("vh_"))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert len(client.get("/api/v1/me/cases").json()) == 1
    refused = client.get(f"/api/v1/m/{municipality_a.ksh_code}/tax/taxpayers/{taxpayer.pk}")
    assert refused.status_code == 403 and refused["Content-Type"] == PROBLEM
