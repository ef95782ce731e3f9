"""Submissions from the forms service become registered cases, in the same transaction."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from services.documents import services as registry
from services.documents.casetypes import case_types
from services.documents.models import Case, DocumentFile, FormCaseType
from services.forms import services as forms
from services.forms.constants import SubmissionStatus
from services.forms.designer import OverlayEditor
from services.forms.models import Submission
from services.forms.services import handover
from sites.registry import Registry
from tests.factories.forms import library_template

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
    submission = forms.submit(complaint_form, complaint(), {"melleklet": photo})
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
    submission = forms.submit(complaint_form, complaint())
    assert (
        Case.objects.for_municipality(municipality_a).get(submission_id=submission.pk).case_type
        == own
    )


def test_submission_and_registration_commit_or_roll_back_together(
    complaint_form, municipality_a, monkeypatch
):
    # when something after the registration fails inside the same transaction
    failing = Registry("submission intake")
    failing.register("documents", registry.register_submission)

    def broken(submission):
        raise RuntimeError("the next intake failed")

    failing.register("broken", broken)
    monkeypatch.setattr(handover, "submission_intake", failing)
    with pytest.raises(RuntimeError):
        forms.submit(complaint_form, complaint())
    # then neither the submission nor the case nor its number exist
    assert not Submission.objects.for_municipality(municipality_a).exclude(status="draft").exists()
    assert not Case.objects.for_municipality(municipality_a).exists()
    monkeypatch.undo()
    submission = forms.submit(complaint_form, complaint())
    case = Case.objects.for_municipality(municipality_a).get(submission_id=submission.pk)
    assert case.main_number == 1  # the rolled-back number was given back


def test_registering_a_submission_twice_returns_the_same_number(complaint_form, municipality_a):
    submission = forms.submit(complaint_form, complaint())
    again = registry.register_submission(submission)
    assert again == submission.registry_number
    assert Case.objects.for_municipality(municipality_a).count() == 1


def test_a_local_form_gets_the_general_case_type(municipality_a):
    local = forms.copy_as_local(municipality_a, library_template("PANASZ-001"))
    forms.publish(local)
    with transaction.atomic():
        submission = forms.submit(local, complaint())
    case = Case.objects.for_municipality(municipality_a).get(submission_id=submission.pk)
    assert case.case_type.code == "A-190"
