"""Adopt, customise, publish; legal updates with re-apply and conflicts; submissions."""

import copy
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from services.forms import services
from services.forms.constants import FormStatus, SubmissionStatus, UpdateOutcome
from services.forms.designer import OverlayEditor
from services.forms.models import (
    FormNotification,
    ImmutableVersionError,
    Submission,
    SubmissionFile,
)
from services.intake import services as intake
from tests.factories.intake import submit_form

pytestmark = pytest.mark.django_db(transaction=False)


def add_local_field(customisation, label="Helyi kérdés", required=False):
    editor = OverlayEditor(customisation.base_version.definition, customisation.overlay)
    key = editor.add_field("ingatlanok", {"type": "text", "label": label, "required": required})
    services.save_customisation(customisation, overlay=editor.result())
    return key


def new_version_with_required_field(template, key="epitmeny_energetikai_besorolas"):
    definition = copy.deepcopy(template.current_version.definition)
    definition["steps"][2]["fields"].append(
        {
            "key": key,
            "type": "text",
            "label": "Energetikai besorolás",
            "required": True,
            "locked": True,
        }
    )
    return services.publish_template_version(
        template, definition, change_note="Új kötelező adat", legal_reference="Htv. módosítás"
    )


def test_adopt_customise_publish(municipality_a, building_tax):
    customisation = services.adopt(municipality_a, building_tax)
    assert services.adopt(municipality_a, building_tax) == customisation  # idempotent
    key = add_local_field(customisation)
    assert key.startswith("h_")
    revision = services.publish(customisation)
    assert customisation.status == FormStatus.PUBLISHED
    assert revision.template_version == building_tax.current_version
    assert key in str(revision.definition)
    with pytest.raises(ImmutableVersionError):
        revision.save()
    with pytest.raises(ImmutableVersionError):
        building_tax.current_version.save()


def test_legal_update_moves_the_form_and_keeps_the_custom_field(municipality_a, building_tax):
    customisation = services.adopt(municipality_a, building_tax)
    key = add_local_field(customisation)
    services.publish(customisation)
    # when the provider publishes a version that adds a required field
    version, report = new_version_with_required_field(building_tax)
    # then
    assert report[UpdateOutcome.MOVED] == 1
    customisation.refresh_from_db()
    live = customisation.live_revision
    assert live.template_version == version and customisation.base_version == version
    keys = str(live.definition)
    assert key in keys and "epitmeny_energetikai_besorolas" in keys
    notice = FormNotification.objects.for_municipality(municipality_a).get()
    assert notice.outcome == UpdateOutcome.MOVED
    assert any(
        c["key"] == "epitmeny_energetikai_besorolas" and c["kind"] == "added"
        for c in notice.changes
    )


def test_a_conflict_keeps_the_old_version_serving_until_resolved(municipality_a, building_tax):
    customisation = services.adopt(municipality_a, building_tax)
    editor = OverlayEditor(customisation.base_version.definition, customisation.overlay)
    editor.hide_field("adozo_telefon")
    key = editor.add_field("ingatlanok", {"type": "text", "label": "Megjegyzés", "required": False})
    services.save_customisation(customisation, overlay=editor.result())
    old_revision = services.publish(customisation)
    # the new version locks the phone field the municipality hid
    definition = copy.deepcopy(building_tax.current_version.definition)
    for step in definition["steps"]:
        for spec in step["fields"]:
            if spec["key"] == "adozo_telefon":
                spec["locked"] = True
    version, report = services.publish_template_version(
        building_tax, definition, change_note="A telefonszám kötelező adat lett"
    )
    assert report[UpdateOutcome.CONFLICT] == 1
    customisation.refresh_from_db()
    assert customisation.live_revision == old_revision  # the old version keeps serving
    assert customisation.conflict_version == version
    with translation.override("hu"):
        texts = [services.describe_conflict(c) for c in customisation.conflicts]
    assert any("zárolta" in t for t in texts)
    assert customisation in services.outdated_customisations()
    # when the officer accepts
    services.resolve_conflicts(customisation)
    customisation.refresh_from_db()
    assert customisation.live_revision.template_version == version
    assert customisation.conflicts == [] and "adozo_telefon" not in customisation.overlay["hidden"]
    assert key in str(customisation.live_revision.definition)


def test_locked_and_required_fields_cannot_be_hidden(municipality_a, building_tax):
    customisation = services.adopt(municipality_a, building_tax)
    editor = OverlayEditor(customisation.base_version.definition, customisation.overlay)
    from services.forms.designer import DesignerError

    with pytest.raises(DesignerError):
        editor.hide_field("adozo_neve")
    bad = {"hidden": ["adozo_neve"]}
    with pytest.raises(services.FormsError):
        services.save_customisation(customisation, overlay=bad)


def test_copy_as_local_no_longer_follows_versions(municipality_a, building_tax):
    local = services.copy_as_local(municipality_a, building_tax)
    assert local.code == "HELYI-001" and local.template is None
    services.publish(local)
    _version, report = new_version_with_required_field(building_tax)
    assert sum(report.values()) == 0
    local.refresh_from_db()
    assert "epitmeny_energetikai_besorolas" not in str(local.live_revision.definition)


def valid_complaint(**overrides):
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


def test_submit_records_the_exact_revision_and_intake_registers_it(published_form):
    submission = submit_form(published_form, valid_complaint())
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.revision == published_form.live_revision
    assert submission.revision.template_version.number == 1
    # registered through intake, which keeps the application's life
    assert submission.registry_number
    application = intake.find(published_form.municipality, submission.reference)
    assert (application.kind, application.subject_id) == ("form", submission.pk)
    assert application.state == "registered"
    assert application.registry_number == submission.registry_number


def test_submit_refuses_bad_answers_in_hungarian(published_form):
    with translation.override("hu"), pytest.raises(services.SubmissionInvalid) as invalid:
        services.submit(
            published_form, valid_complaint(bejelento_email="nem-email", nyilatkozat="")
        )
    assert "e-mail" in invalid.value.errors["bejelento_email"][0]
    assert "nyilatkozatot" in invalid.value.errors["nyilatkozat"][0]
    assert not Submission.objects.for_municipality(published_form.municipality).exists()


def test_uploads_are_checked_for_type_and_size(published_form):
    fake_pdf = SimpleUploadedFile("kep.pdf", b"MZ not a pdf", content_type="application/pdf")
    with translation.override("hu"), pytest.raises(services.SubmissionInvalid) as invalid:
        services.submit(published_form, valid_complaint(), {"melleklet": fake_pdf})
    assert "típus" in invalid.value.errors["melleklet"][0]
    good = SimpleUploadedFile(
        "foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png"
    )
    submission = services.submit(published_form, valid_complaint(), {"melleklet": good})
    stored = SubmissionFile.objects.for_municipality(submission.municipality).get(
        submission=submission
    )
    assert stored.original_name == "foto.png"
    big = SimpleUploadedFile("nagy.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024))
    with pytest.raises(services.SubmissionInvalid):
        services.submit(published_form, valid_complaint(), {"melleklet": big})


def test_a_draft_is_finished_on_its_own_version_unless_cut_off(published_form, complaint_template):
    draft = services.save_draft(published_form, {"bejelento_neve": "Kiss Anna"})
    started_on = draft.revision
    definition = copy.deepcopy(complaint_template.current_version.definition)
    definition["steps"][1]["fields"].append(
        {
            "key": "uj_kotelezo",
            "type": "text",
            "label": "Új kötelező",
            "required": True,
            "locked": True,
        }
    )
    services.publish_template_version(complaint_template, definition, change_note="Új mező")
    # the draft is finished on the version it was started on: the new field is not asked
    submission = services.submit(draft=draft, data=valid_complaint())
    assert submission.revision == started_on
    # a hard cut-off ends older drafts
    draft2 = services.save_draft(published_form, {})
    draft2.revision = started_on
    draft2.save()
    services.publish_template_version(
        complaint_template,
        definition | {"intro": "Új"},
        change_note="Határidő",
        drafts_cutoff=timezone.now() - datetime.timedelta(minutes=1),
    )
    with pytest.raises(services.FormsError):
        services.submit(draft=draft2, data=valid_complaint())


def test_fee_is_computed_in_whole_forints(municipality_a, building_tax):
    customisation = services.adopt(municipality_a, building_tax)
    editor = OverlayEditor(customisation.base_version.definition, customisation.overlay)
    editor.set_fee(
        {"kind": "computed", "base": 1000, "terms": [{"per_row_of": "ingatlan", "amount": 500}]}
    )
    services.save_customisation(customisation, overlay=editor.result())
    from services.forms.validation import compute_fee

    definition, _ = services.resolve(customisation)
    assert compute_fee(definition, {"ingatlan": [{}, {}, {}]}) == 2500
