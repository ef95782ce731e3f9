"""A decision is drawn from its legally required parts (Ákr. 81. §), registered as a PDF
and passed through the signature service in use."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from services.documents import decisions, services, signing
from services.documents.constants import CaseStatus
from services.documents.files import verified_copy
from services.documents.models import DocumentFile
from sites.registry import Registry

from .conftest import new_case
from .test_workspace import decision, url

pytestmark = pytest.mark.django_db


def pdf_text(stored):
    with verified_copy(stored) as handle:
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def test_the_decision_is_registered_as_a_pdf_with_its_required_parts(
    client, officer_a, municipality_a, settings
):
    settings.DOCUMENT_SIGNATURE_SERVICE = "demo"
    case = new_case(municipality_a, client_name="Kiss Anna")
    services.assign(case, officer_a)
    client.force_login(officer_a)

    client.post(
        url("action", case, "decide"),
        decision(
            operative_part="A fakivágást engedélyezem.",
            reasons="A fa beteg, a szakvélemény szerint balesetveszélyes.",
        ),
    )

    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    document = services.documents_of(case).get(is_decision=True)
    assert document.subject == "Határozat: Határozat"
    stored = DocumentFile.objects.for_municipality(municipality_a).get(document=document)
    assert stored.content_type == "application/pdf"
    text = pdf_text(stored)
    for part in (
        "HATÁROZAT",
        case.registry_number,
        "Kiss Anna",
        "A fakivágást engedélyezem.",
        "Jogorvoslati tájékoztató",
        "Fellebbezni 15 napon belül lehet.",
        "Indokolás",
        "balesetveszélyes",
        "nem minősített elektronikus aláírás",
    ):
        assert part in text, part


@pytest.mark.parametrize("missing", ["operative_part", "reasons", "legal_remedy"])
def test_a_decision_without_a_required_part_is_refused(client, officer_a, municipality_a, missing):
    case = new_case(municipality_a)
    services.assign(case, officer_a)
    client.force_login(officer_a)

    client.post(url("action", case, "decide"), decision(**{missing: ""}))

    case.refresh_from_db()
    assert case.status != CaseStatus.DECIDED
    assert not services.documents_of(case).filter(is_decision=True).exists()


def test_the_case_page_offers_the_case_types_notice_of_legal_remedy(
    client, officer_a, municipality_a
):
    case = new_case(municipality_a)
    services.assign(case, officer_a)
    client.force_login(officer_a)
    page = client.get(reverse("documents_admin:case", args=[municipality_a.pk, case.pk]))
    assert decisions.remedy_template(case)[:40] in page.content.decode()


def test_the_decision_goes_through_the_signature_service_in_use(
    client, officer_a, municipality_a, settings, monkeypatch
):
    calls = []

    class Recording(signing.SignatureService):
        label = "Teszt aláírás"

        def sign(self, pdf, *, signer_name, case):
            calls.append((signer_name, case.pk))
            return signing.Signed(content=pdf + b"%signed", statement=self.label)

    registry = Registry("signature services", setting="DOCUMENT_SIGNATURE_SERVICE")
    registry.register("recording", Recording)
    monkeypatch.setattr(signing, "signature_services", registry)
    settings.DOCUMENT_SIGNATURE_SERVICE = "recording"
    case = new_case(municipality_a)
    services.assign(case, officer_a)
    client.force_login(officer_a)

    client.post(url("action", case, "decide"), decision())

    document = services.documents_of(case).get(is_decision=True)
    stored = DocumentFile.objects.for_municipality(municipality_a).get(document=document)
    with verified_copy(stored) as handle:
        assert handle.read().endswith(b"%signed")
    assert calls == [(officer_a.get_full_name() or officer_a.get_username(), case.pk)]


def test_the_demo_signature_is_a_demo():
    assert signing.signature_services["demo"].is_demo
    assert "demo" in signing.signature_services.demo_plugins()
