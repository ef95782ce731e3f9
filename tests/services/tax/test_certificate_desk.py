"""Tax certificates in the tax officer's workspace: the card's "issue now", the queue of
waiting requests with the deadline, issuing, naming the taxpayer and refusing there; an
officer of another service (not a tax officer) gets none of it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from services.tax import services as tax
from services.tax.models import CertificateState, TaxCertificate
from sites.constants import StaffRole
from tests.factories.tax import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def tax_officer_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.TAX_OFFICER, username="adougyintezo_a")


@pytest.fixture
def desk(client, tax_officer_a):
    client.force_login(tax_officer_a)
    return client


@pytest.fixture
def anna(municipality_a):
    return person(municipality_a, "Kiss", "Anna")


def _url(name, municipality, *args):
    return reverse(f"tax_admin:{name}", args=[municipality.pk, *args])


def test_the_officer_issues_a_certificate_from_the_card(desk, anna, tax_officer_a):
    municipality = anna.municipality
    card = desk.get(_url("taxpayer", municipality, anna.pk)).content.decode()
    assert _url("certificate_issue", municipality, anna.pk) in card
    form = desk.get(_url("certificate_issue", municipality, anna.pk)).content.decode()
    assert "nullás" in form

    response = desk.post(
        _url("certificate_issue", municipality, anna.pk),
        {"action": "issue", "purpose": "Pályázat"},
    )

    certificate = TaxCertificate.objects.for_municipality(municipality).get()
    assert response.status_code == 302
    assert response.url == _url("certificate", municipality, certificate.pk)
    assert certificate.state == CertificateState.ISSUED
    assert certificate.issued_by == tax_officer_a and certificate.purpose == "Pályázat"
    page = desk.get(response.url).content.decode()
    assert "Ellenőrző kódja" in page  # the code is shown once, in the message
    assert certificate.document.registry_number in page


def test_the_queue_shows_the_deadline_and_the_officer_issues_from_it(desk, anna):
    municipality = anna.municipality
    waiting = tax.request_certificate(
        municipality, requested_name="Kiss Anna", waiting_reason="Papíron kérte."
    )
    waiting.requested_at = timezone.now() - datetime.timedelta(days=10)
    waiting.save(update_fields=["requested_at"])

    queue = desk.get(_url("certificates", municipality)).content.decode()
    assert waiting.reference in queue and "Papíron kérte." in queue
    assert "késésben" in queue

    # Without a taxpayer it cannot be issued; the officer names it first.
    desk.post(_url("certificate", municipality, waiting.pk), {"action": "issue"})
    waiting.refresh_from_db()
    assert waiting.state == CertificateState.REQUESTED
    wrong = desk.post(
        _url("certificate", municipality, waiting.pk),
        {"action": "taxpayer", "identifier": "8000000000"},
    )
    assert wrong.status_code == 400
    desk.post(
        _url("certificate", municipality, waiting.pk),
        {"action": "taxpayer", "identifier": anna.tax_id},
    )
    desk.post(_url("certificate", municipality, waiting.pk), {"action": "issue"})

    waiting.refresh_from_db()
    assert waiting.state == CertificateState.ISSUED and waiting.taxpayer == anna
    history = desk.get(_url("certificate", municipality, waiting.pk)).content.decode()
    assert "Kiállítva" in history


def test_a_refusal_without_a_reason_keeps_the_request(desk, anna):
    municipality = anna.municipality
    waiting = tax.request_certificate(municipality, taxpayer=anna)

    response = desk.post(
        _url("certificate", municipality, waiting.pk), {"action": "refuse", "reason": ""}
    )
    assert response.status_code == 400
    desk.post(
        _url("certificate", municipality, waiting.pk),
        {"action": "refuse", "reason": "Nem az adózó kérte."},
    )

    waiting.refresh_from_db()
    assert waiting.state == CertificateState.REFUSED
    assert waiting.refusal_reason == "Nem az adózó kérte."


def test_an_officer_of_another_service_gets_nothing(make_staff, municipality_a, anna):
    officer = make_staff(municipality_a, StaffRole.OFFICER, username="ugyintezo_a")
    client = Client()
    client.force_login(officer)

    assert client.get(_url("certificates", municipality_a)).status_code in (403, 404)
    response = client.post(_url("certificate_issue", municipality_a, anna.pk), {"action": "issue"})
    assert response.status_code in (403, 404)
    assert not TaxCertificate.objects.for_municipality(municipality_a).exists()
