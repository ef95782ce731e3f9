"""After submitting: a registered case in the same transaction, the receipt page and PDF
with the hash of the canonical data, seen only by the submitter and the office."""

import hashlib
import io
import json

import pytest
from pypdf import PdfReader

from services.documents.models import Case
from services.forms.models import Submission
from services.intake.services import canonical_json

from .conftest import client_for, fill_all, pdf, reference_of, start, submit
from .records import drafts, receipts, subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    fill_all(citizen_client, wizard_form, reference, attachment=pdf("igazolas.pdf", b"abc"))
    response = submit(citizen_client, wizard_form, reference)
    assert response.status_code == 302
    return receipts(wizard_form.municipality).get(reference=reference)


def receipt_url(receipt, suffix=""):
    return f"/beadvany/{receipt.municipality.slug}/{receipt.reference}/nyugta/{suffix}"


def test_the_submission_is_a_registered_case_when_the_receipt_shows(submitted, citizen_client):
    case = Case.objects.for_municipality(submitted.municipality).get(
        submission_id=submitted.subject_id
    )
    assert subject(submitted).registry_number
    assert submitted.receipt["registry_number"] == subject(submitted).registry_number
    assert case.client_user_id == submitted.owner_id
    assert not drafts(submitted.municipality).exists()

    page = citizen_client.get(receipt_url(submitted)).content.decode()
    assert subject(submitted).registry_number in page
    assert submitted.receipt_sha256 in page


def test_the_hash_is_the_sha256_of_the_canonical_json_of_what_was_submitted(submitted):
    content = submitted.receipt
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    assert submitted.receipt_canonical == canonical == canonical_json(content)
    assert submitted.receipt_sha256 == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert content["answers"]["tetelek"] == [{"megnevezes": "Asztal", "darab": 2}]
    (attachment,) = content["attachments"]
    body = b"%PDF-1.4\n% teszt\nabc"
    assert attachment == {
        "field": "igazolas",
        "name": "igazolas.pdf",
        "size": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    assert content["municipality"]["name"] == "Alsóvár"
    assert content["acting_for"] == {"kind": "self"}
    # Hungarian name order; not identified (a password-like login).
    assert content["submitter"] == {"name": "Kiss Anna", "identified": False, "assurance_level": ""}


def test_the_pdf_receipt_carries_the_registry_number_and_the_hash(submitted, citizen_client):
    response = citizen_client.get(receipt_url(submitted, "pdf/"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert subject(submitted).registry_number in text
    assert submitted.receipt_sha256[:32] in text.replace("\n", "")


def pdf_text(data):
    """The text a reader gets out of the PDF (through its fonts' Unicode maps)."""
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_only_the_submitter_and_the_municipalitys_officers_open_the_receipt(
    submitted, other_client, officer_a, officer_b, municipality_b
):
    assert other_client.get(receipt_url(submitted)).status_code == 404
    assert other_client.get(receipt_url(submitted, "pdf/")).status_code == 404
    assert client_for(officer_b).get(receipt_url(submitted)).status_code == 404
    assert client_for(officer_a).get(receipt_url(submitted)).status_code == 200
    wrong = f"/beadvany/{municipality_b.slug}/{submitted.reference}/nyugta/"
    assert client_for(officer_b).get(wrong).status_code == 404


def test_a_citizens_drafts_are_invisible_to_everyone_else(
    citizen_client, other_client, wizard_form, officer_a
):
    reference = reference_of(start(citizen_client, wizard_form))
    step = f"/e-ugyintezes/alsovar/piszkozat/{reference}/lepes/adatok/"

    for intruder in (other_client, client_for(officer_a)):
        assert intruder.get(step).status_code == 404
        assert (
            intruder.post(step, {"kerelmezo_neve": "Betörő", "action": "save"}).status_code == 404
        )
        assert (
            intruder.post(f"/e-ugyintezes/alsovar/piszkozat/{reference}/torles/").status_code == 404
        )
        assert reference not in intruder.get("/e-ugyintezes/piszkozataim/").content.decode()
    submission = Submission.objects.for_municipality(wizard_form.municipality).get(
        reference=reference
    )
    assert submission.data.get("kerelmezo_neve") != "Betörő"


def test_a_failing_registration_rolls_back_and_keeps_the_draft(
    monkeypatch, citizen_client, free_wizard_form
):
    from services.intake.services import lifecycle

    reference = reference_of(start(citizen_client, free_wizard_form))
    fill_all(citizen_client, free_wizard_form, reference)

    def broken(entry):
        raise RuntimeError("registry down")

    monkeypatch.setattr(lifecycle, "register_incoming", broken)
    with pytest.raises(RuntimeError):
        submit(citizen_client, free_wizard_form, reference)

    submission = Submission.objects.for_municipality(free_wizard_form.municipality).get(
        reference=reference
    )
    assert submission.status == "draft"
    assert not receipts(free_wizard_form.municipality).exists()
    assert drafts(free_wizard_form.municipality).exists()


def test_a_registry_failure_keeps_the_draft_and_says_so(
    citizen_client, free_wizard_form, monkeypatch
):
    from services.documents.services import DocumentsError
    from services.intake.services import lifecycle

    def refusing(entry):
        raise DocumentsError("A nyilvántartás nem elérhető.")

    monkeypatch.setattr(lifecycle, "register_incoming", refusing)
    reference = reference_of(start(citizen_client, free_wizard_form))
    fill_all(citizen_client, free_wizard_form, reference, attachment=pdf("igazolas.pdf", b"abc"))

    response = submit(citizen_client, free_wizard_form, reference)

    assert response.status_code == 400
    assert "Semmi nem veszett el" in response.content.decode()
    assert drafts(free_wizard_form.municipality).filter(reference=reference).exists()
    assert (
        Submission.objects.for_municipality(free_wizard_form.municipality)
        .get(reference=reference)
        .status
        == "draft"
    )
