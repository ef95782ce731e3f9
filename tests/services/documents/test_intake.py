"""Applications become registered cases, in the submitting transaction: the registry
registers the entry intake hands it (a form's, here)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from services.documents import services as registry
from services.documents.casetypes import case_types
from services.documents.models import Case, DocumentFile, FormCaseType
from services.forms import services as forms
from services.forms.application import FormApplication
from services.forms.constants import SubmissionStatus
from services.forms.designer import OverlayEditor
from services.forms.models import Submission
from services.intake import services as intake
from services.intake.services import lifecycle
from tests.factories.forms import library_template
from tests.factories.intake import submit_form
from tests.services.documents.conftest import new_case

pytestmark = pytest.mark.django_db


def complaint(**overrides):
    return {
        "bejelento_neve": "Kiss Anna",
        "bejelento_email": "kiss.anna@example.hu",
        "bejelentes_tipusa": "panasz",
        "targy": "Kátyú",
        "leiras": "A Fő utcán kátyú van.",
        "nyilatkozat": "on",
        "kelt_helye": "Alsóvár",
        **overrides,
    }


@pytest.fixture
def complaint_form(municipality_a):
    customisation = forms.adopt(municipality_a, library_template("PANASZ-001"))
    editor = OverlayEditor(customisation.base_version.definition, customisation.overlay)
    overlay = editor.result()
    overlay.setdefault("meta", {})["handling_group"] = "Városüzemeltetési csoport"
    forms.save_customisation(customisation, overlay=overlay)
    forms.publish(customisation)
    return customisation


def test_a_submission_opens_a_registered_case_of_the_right_type(complaint_form, municipality_a):
    photo = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 50, "image/png")
    submission = submit_form(complaint_form, complaint(), {"melleklet": photo})
    case = Case.objects.for_municipality(municipality_a).get(submission_id=submission.pk)
    assert case.case_type.code == "A-110"  # the schedule lists PANASZ-001 under complaints
    assert case.procedure_rule == "complaint" and case.deadline_at is not None
    assert case.handling_group == "Városüzemeltetési csoport"
    assert case.client_name == "Kiss Anna" and case.client_email == "kiss.anna@example.hu"
    assert case.submission_reference == submission.reference
    document = registry.documents_of(case).get()
    assert document.direction == "incoming"
    # the citizen's receipt carries the registry number
    submission.refresh_from_db()
    assert submission.registry_number == document.registry_number
    assert submission.status == SubmissionStatus.SUBMITTED
    names = set(
        DocumentFile.objects.for_municipality(municipality_a)
        .filter(document=document)
        .values_list("original_name", flat=True)
    )
    assert names == {f"beadvany-{submission.reference}.json", "foto.png"}


def test_the_receipt_page_shows_the_registry_number(client, complaint_form, municipality_a):
    response = client.post("/urlapok/PANASZ-001/", complaint(), HTTP_HOST="alsovar.localhost")
    assert response.status_code == 200
    case = Case.objects.for_municipality(municipality_a).get()
    first = registry.documents_of(case).get()
    assert first.registry_number in response.content.decode()


def test_a_municipality_can_map_a_form_to_its_own_case_type(complaint_form, municipality_a):
    own = case_types(municipality_a).get(code="B-270")
    FormCaseType.objects.create(municipality=municipality_a, form_code="PANASZ-001", case_type=own)
    submission = submit_form(complaint_form, complaint())
    assert (
        Case.objects.for_municipality(municipality_a).get(submission_id=submission.pk).case_type
        == own
    )


def test_submission_and_registration_commit_or_roll_back_together(
    complaint_form, municipality_a, monkeypatch
):
    # when something after the registration fails inside the same transaction
    def registered_then_broken(entry):
        registry.register_incoming(entry)
        raise RuntimeError("the step after the registration failed")

    monkeypatch.setattr(lifecycle, "register_incoming", registered_then_broken)
    with pytest.raises(RuntimeError):
        submit_form(complaint_form, complaint())
    # then neither the submission nor the case nor its number exist
    assert not Submission.objects.for_municipality(municipality_a).exclude(status="draft").exists()
    assert not Case.objects.for_municipality(municipality_a).exists()
    monkeypatch.undo()
    submission = submit_form(complaint_form, complaint())
    case = Case.objects.for_municipality(municipality_a).get(submission_id=submission.pk)
    assert case.main_number == 1  # the rolled-back number was given back


def test_registering_a_submission_twice_returns_the_same_number(complaint_form, municipality_a):
    submission = submit_form(complaint_form, complaint())
    application = intake.find(municipality_a, submission.reference)
    again = registry.register_incoming(FormApplication().incoming_entry(application))
    assert again == submission.registry_number
    assert Case.objects.for_municipality(municipality_a).count() == 1


def test_a_local_form_gets_the_general_case_type(municipality_a):
    local = forms.copy_as_local(municipality_a, library_template("PANASZ-001"))
    forms.publish(local)
    with transaction.atomic():
        submission = submit_form(local, complaint())
    case = Case.objects.for_municipality(municipality_a).get(submission_id=submission.pk)
    assert case.case_type.code == "A-190"


def test_the_officer_reads_the_submission_as_labelled_answers(
    client, complaint_form, municipality_a, officer_a
):
    # given a complaint handed in through the form
    submission = submit_form(complaint_form, complaint())
    case = Case.objects.for_municipality(municipality_a).get(submission_id=submission.pk)
    # then the case keeps the answers as the form labels them, choices by their label
    titles = [section["title"] for section in case.submission_sections]
    assert titles == ["A bejelentő", "A bejelentés", "Nyilatkozat"]
    answers = {item["label"]: item["value"] for item in case.submission_sections[1]["items"]}
    assert answers["A beadvány"] == "Panasz"
    assert answers["A bejelentés leírása"] == "A Fő utcán kátyú van."

    # when the officer opens the case
    client.force_login(officer_a)
    page = client.get(reverse("documents_admin:case", args=[municipality_a.pk, case.pk]))
    html = page.content.decode()
    # then the labelled answers are on the page, not only a JSON file to download
    assert "A bejelentés leírása" in html
    assert "A Fő utcán kátyú van." in html
    assert "bejelentes_tipusa" not in html

    # and the submission can be taken as a PDF that says the same
    pdf = client.get(reverse("documents_admin:submission_pdf", args=[municipality_a.pk, case.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert case.registry_number in text
    assert "Kátyú" in text and "Panasz" in text


def test_a_case_without_a_submission_has_no_submission_pdf(client, municipality_a, officer_a):
    case = new_case(municipality_a)
    client.force_login(officer_a)
    url = reverse("documents_admin:submission_pdf", args=[municipality_a.pk, case.pk])
    assert client.get(url).status_code == 404


def test_the_submission_pdf_of_another_municipality_is_not_found(
    client, complaint_form, municipality_a, officer_b
):
    submission = submit_form(complaint_form, complaint())
    case = Case.objects.for_municipality(municipality_a).get(submission_id=submission.pk)
    client.force_login(officer_b)
    url = reverse("documents_admin:submission_pdf", args=[municipality_a.pk, case.pk])
    # as if it did not exist (sites.workspace)
    assert client.get(url).status_code == 404


def test_only_text_of_the_handed_sections_is_kept(municipality_a):
    entry = registry.IncomingEntry(
        municipality=municipality_a,
        source_id=4242,
        source_reference="ABC123",
        procedure_code="PANASZ-001",
        template_code="PANASZ-001",
        subject="Panasz",
        document_subject="Beadvány",
        received_at=timezone.now(),
        client_name="Kiss Anna",
        sections=[
            {"title": "Üres", "items": []},
            {
                "title": "Tételek",
                "items": [
                    {"label": "Összeg", "value": 1000, "extra": "x"},
                    {"label": "Sorok", "rows": [[{"label": "Név", "value": None}]]},
                ],
            },
        ],
    )
    registry.register_incoming(entry)
    case = Case.objects.for_municipality(municipality_a).get(submission_id=4242)
    assert case.submission_sections == [
        {
            "title": "Tételek",
            "items": [
                {"label": "Összeg", "value": "1000"},
                {"label": "Sorok", "rows": [[{"label": "Név", "value": ""}]]},
            ],
        }
    ]
