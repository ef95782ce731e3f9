"""After submitting: a registered case in the same transaction, the receipt page and PDF
with the hash of the canonical data, seen only by the submitter and the office."""

import hashlib
import io
import json

import pytest
from pypdf import PdfReader

from portal.journey.models import Receipt, WizardDraft
from portal.journey.services import canonical_json
from services.documents.models import Case
from services.forms.models import Submission
from sites.registry import Registry

from .conftest import client_for, fill_all, pdf, reference_of, start, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    fill_all(citizen_client, wizard_form, reference, attachment=pdf("igazolas.pdf", b"abc"))
    response = submit(citizen_client, wizard_form, reference)
    assert response.status_code == 302
    return Receipt.objects.for_municipality(wizard_form.municipality).get(
        submission__reference=reference
    )


def receipt_url(receipt, suffix=""):
    return (
        f"/e-ugyintezes/{receipt.municipality.slug}/nyugta/{receipt.submission.reference}/{suffix}"
    )


def test_the_submission_is_a_registered_case_when_the_receipt_shows(submitted, citizen_client):
    case = Case.objects.for_municipality(submitted.municipality).get(
        submission_id=submitted.submission_id
    )
    assert submitted.submission.registry_number
    assert submitted.content["registry_number"] == submitted.submission.registry_number
    assert case.client_user_id == submitted.owner_id
    assert not WizardDraft.objects.for_municipality(submitted.municipality).exists()

    page = citizen_client.get(receipt_url(submitted)).content.decode()
    assert submitted.submission.registry_number in page
    assert submitted.sha256 in page


def test_the_hash_is_the_sha256_of_the_canonical_json_of_what_was_submitted(submitted):
    content = submitted.content
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    assert submitted.canonical == canonical == canonical_json(content)
    assert submitted.sha256 == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
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
    assert submitted.submission.registry_number in text
    assert submitted.sha256[:32] in text.replace("\n", "")


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
    wrong = f"/e-ugyintezes/{municipality_b.slug}/nyugta/{submitted.submission.reference}/"
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
    from services.forms.services import submission_intake

    reference = reference_of(start(citizen_client, free_wizard_form))
    fill_all(citizen_client, free_wizard_form, reference)

    def broken(submission):
        raise RuntimeError("registry down")

    monkeypatch.setitem(submission_intake._items, "documents", broken)
    with pytest.raises(RuntimeError):
        submit(citizen_client, free_wizard_form, reference)

    submission = Submission.objects.for_municipality(free_wizard_form.municipality).get(
        reference=reference
    )
    assert submission.status == "draft"
    assert not Receipt.objects.for_municipality(free_wizard_form.municipality).exists()
    assert WizardDraft.objects.for_municipality(free_wizard_form.municipality).exists()


def test_a_registry_failure_keeps_the_draft_and_says_so(
    citizen_client, free_wizard_form, monkeypatch
):
    from services.documents.services import DocumentsError
    from services.forms.services import handover

    def refusing_intake(submission):
        raise DocumentsError("A nyilvántartás nem elérhető.")

    intake = Registry("submission intake receivers")
    intake.register("documents", refusing_intake)
    monkeypatch.setattr(handover, "submission_intake", intake)
    reference = reference_of(start(citizen_client, free_wizard_form))
    fill_all(citizen_client, free_wizard_form, reference, attachment=pdf("igazolas.pdf", b"abc"))

    response = submit(citizen_client, free_wizard_form, reference)

    assert response.status_code == 400
    assert "Semmi nem veszett el" in response.content.decode()
    assert (
        WizardDraft.objects.for_municipality(free_wizard_form.municipality)
        .filter(submission__reference=reference)
        .exists()
    )
    assert (
        Submission.objects.for_municipality(free_wizard_form.municipality)
        .get(reference=reference)
        .status
        == "draft"
    )
