"""Acting for someone: the representation record, its checks on every submission, and
the receipt saying in whose name."""

import datetime

import pytest
from django.utils import timezone

from portal.journey.models import Representation
from portal.journey.services import represented_answers

from .conftest import (
    fill_all,
    publish_local,
    reference_of,
    start,
    step_url,
    submit,
    summary_url,
    wizard_definition,
)
from .records import drafts, receipts, subject

pytestmark = pytest.mark.django_db

VALID = {
    "kind": "company",
    "name": "Próba Kft.",
    "identifier_kind": "tax_number",
    "identifier": "12345676 2 41",
    "all_forms": "on",
    "valid_from": "2020-01-01",
    "declaration": "on",
}


def add(client, **changes):
    return client.post("/e-ugyintezes/kepviseletek/", {**VALID, **changes})


def representation(citizen, **fields):
    values = {
        "representative": citizen,
        "kind": "company",
        "name": "Próba Kft.",
        "identifier_kind": "tax_number",
        "identifier": "12345676-2-41",
        "valid_from": datetime.date(2020, 1, 1),
    }
    return Representation.objects.create(**{**values, **fields})


def test_a_representation_is_recorded_with_a_checked_identifier(citizen, citizen_client):
    response = add(citizen_client)

    assert response.status_code == 302
    recorded = Representation.objects.get(representative=citizen)
    assert recorded.identifier == "12345676-2-41"  # canonical form
    assert recorded.proof == "self_declared"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"identifier": "12345678-2-41"}, "8. számjegye"),  # wrong check digit
        ({"kind": "person", "identifier_kind": "tax_number"}, "azonosítója"),
        ({"kind": "person", "identifier_kind": "tax_id", "identifier": "8123456780"}, ""),
        ({"all_forms": ""}, ""),
        ({"valid_until": "2019-01-01"}, ""),
        ({"declaration": ""}, ""),
        ({"form_codes": "nem kód", "all_forms": ""}, ""),
    ],
)
def test_bad_representations_are_refused_in_hungarian(citizen, citizen_client, changes, message):
    response = add(citizen_client, **changes)

    assert response.status_code == 400
    assert "error-message" in response.content.decode()
    assert message in response.content.decode()
    assert not Representation.objects.filter(representative=citizen).exists()


def test_the_start_date_is_offered_as_an_iso_date_the_browser_accepts(citizen_client):
    page = citizen_client.get("/e-ugyintezes/kepviseletek/").content.decode()

    today = timezone.localdate().isoformat()
    assert f'type="date" name="valid_from" value="{today}"' in page


def test_a_hungarian_date_is_read_too(citizen, citizen_client):
    response = add(citizen_client, valid_from="2020.01.02.", valid_until="2030. 12. 31.")

    assert response.status_code == 302
    recorded = Representation.objects.get(representative=citizen)
    assert (recorded.valid_from, recorded.valid_until) == (
        datetime.date(2020, 1, 2),
        datetime.date(2030, 12, 31),
    )


def test_someone_elses_representation_cannot_be_used_or_revoked(citizen, other_client, wizard_form):
    theirs = representation(citizen)

    response = other_client.post(
        f"/e-ugyintezes/alsovar/urlap/{wizard_form.code}/inditas/", {"acting_for": theirs.pk}
    )
    assert response.status_code == 400
    assert (
        other_client.post(f"/e-ugyintezes/kepviseletek/{theirs.pk}/visszavonas/").status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_receipt_says_in_whose_name_and_that_it_was_self_declared(
    citizen, citizen_client, wizard_form
):
    company = representation(citizen)
    reference = reference_of(start(citizen_client, wizard_form, acting_for=company.pk))
    fill_all(citizen_client, wizard_form, reference)

    response = submit(citizen_client, wizard_form, reference)
    page = citizen_client.get(response["Location"]).content.decode()

    receipt = receipts(wizard_form.municipality).get()
    assert receipt.representation_id == company.pk
    assert receipt.receipt["acting_for"]["identifier"] == "12345676-2-41"
    assert receipt.receipt["acting_for"]["self_declared"] is True
    assert "Próba Kft." in page and "12345676-2-41" in page


@pytest.mark.parametrize(
    "change",
    [
        {"revoked_at": timezone.now()},
        {"valid_until": datetime.date(2021, 1, 1)},
        {"all_forms": False, "form_codes": ["ADO-001"], "categories": ["helyi_adok"]},
    ],
    ids=["revoked", "expired", "out_of_scope"],
)
def test_every_submission_checks_the_representation_and_keeps_the_draft(
    citizen, citizen_client, wizard_form, change
):
    company = representation(citizen)
    reference = reference_of(start(citizen_client, wizard_form, acting_for=company.pk))
    fill_all(citizen_client, wizard_form, reference)
    Representation.objects.filter(pk=company.pk).update(**change)

    response = submit(citizen_client, wizard_form, reference)

    assert response.status_code == 400
    assert "Próba Kft." in response.content.decode()
    assert not receipts(wizard_form.municipality).exists()
    draft = drafts(wizard_form.municipality).get()
    assert subject(draft).status == "draft"
    assert subject(draft).data["kerelmezo_neve"] == "Kiss Anna"  # nothing lost
    # Acting in their own name instead works with the same answers? Not silently: the
    # draft stays in the party's name until the citizen starts again.
    assert citizen_client.get(summary_url(wizard_form, reference)).status_code == 200


def test_a_scope_of_form_codes_or_categories_covers_those_forms(
    citizen, citizen_client, wizard_form
):
    by_code = representation(citizen, all_forms=False, form_codes=[wizard_form.code])
    by_category = representation(
        citizen,
        all_forms=False,
        categories=[wizard_form.category],
        identifier="01-09-123456",
        identifier_kind="company_registration",
    )
    elsewhere = representation(
        citizen, all_forms=False, categories=["szocialis"], identifier="12345676-2-42"
    )

    for covering in (by_code, by_category):
        assert start(citizen_client, wizard_form, acting_for=covering.pk)
    refused = citizen_client.post(
        f"/e-ugyintezes/alsovar/urlap/{wizard_form.code}/inditas/", {"acting_for": elsewhere.pk}
    )
    assert refused.status_code == 403


def test_revoking_ends_acting_in_that_name(citizen, citizen_client):
    company = representation(citizen)
    citizen_client.post("/e-ugyintezes/kinek-a-neveben/", {"acting_for": company.pk})
    assert citizen_client.session["journey_acting_for"] == company.pk

    citizen_client.post(f"/e-ugyintezes/kepviseletek/{company.pk}/visszavonas/")

    company.refresh_from_db()
    assert company.revoked_at is not None
    assert "journey_acting_for" not in citizen_client.session
    page = citizen_client.get("/e-ugyintezes/kinek-a-neveben/").content.decode()
    assert f'value="{company.pk}"' not in page


def with_taxpayer_fields(definition):
    first = definition["steps"][0]["fields"]
    first[:0] = [
        {"key": "adozo_neve", "type": "text", "label": "Az adózó neve", "required": True},
        {"key": "adozo_adoszama", "type": "tax_number", "label": "Adószám", "required": True},
    ]
    return definition


def test_acting_for_a_company_pre_fills_its_name_and_tax_number(
    citizen, citizen_client, municipality_a
):
    form = publish_local(municipality_a, with_taxpayer_fields(wizard_definition()))
    company = representation(citizen)

    reference = reference_of(start(citizen_client, form, acting_for=company.pk))
    page = citizen_client.get(step_url(form, reference, "adatok")).content.decode()

    assert 'name="adozo_neve" value="Próba Kft."' in page
    assert 'name="adozo_adoszama" value="12345676-2-41"' in page
    # Pre-filled, not locked: the citizen's own name field stays theirs to fill.
    assert 'name="kerelmezo_neve" value=""' in page


def test_the_name_goes_next_to_the_identifier_and_only_a_matching_type_is_filled(citizen):
    definition = with_taxpayer_fields(wizard_definition())
    person = representation(
        citizen, kind="person", name="Nagy Béla", identifier_kind="tax_id", identifier="8123456789"
    )

    assert represented_answers(person, definition) == {}  # no tax identification field
    assert represented_answers(representation(citizen), definition) == {
        "adozo_adoszama": "12345676-2-41",
        "adozo_neve": "Próba Kft.",
    }
    assert represented_answers(None, definition) == {}
    # No "ceg_neve" next to "ceg_adoszama": the name goes into the company-name field.
    assert represented_answers(representation(citizen), wizard_definition()) == {
        "ceg_adoszama": "12345676-2-41",
        "cegnev": "Próba Kft.",
    }
