"""A form that requires an identified citizen: refused otherwise, identity fields filled
from the session's identity and locked (posted values change nothing)."""

import pytest

from accounts.demo import DEMO_CITIZENS

from .conftest import (
    identified_client,
    pdf,
    reference_of,
    start,
    step_url,
    submit,
    summary_url,
)
from .records import drafts, receipts, subject

pytestmark = pytest.mark.django_db

CITIZEN = DEMO_CITIZENS[0]


@pytest.fixture
def demo_accounts(db):
    from accounts.demo import load_demo_accounts

    load_demo_accounts([])


def start_url(form):
    return f"/e-ugyintezes/{form.municipality.slug}/urlap/{form.code}/inditas/"


def test_a_phone_or_email_login_cannot_start_it_and_is_sent_to_the_kau(
    citizen_client, identified_form
):
    response = citizen_client.post(start_url(identified_form))

    content = response.content.decode()
    assert response.status_code == 403
    assert "/fiok/login/?next=" in content
    assert not drafts(identified_form.municipality).exists()


def test_the_identity_fields_are_prefilled_and_locked(demo_accounts, identified_form):
    client = identified_client(CITIZEN)
    reference = reference_of(start(client, identified_form))

    page = client.get(step_url(identified_form, reference, "kerelmezo")).content.decode()

    assert "Kovács János" in page and CITIZEN["mothers_name"] in page
    # Shown, not offered for typing.
    assert 'name="kerelmezo_anyja_neve"' not in page
    assert 'name="kerelmezo_neve"' not in page


def test_posting_other_identity_values_changes_nothing(demo_accounts, identified_form):
    client = identified_client(CITIZEN)
    reference = reference_of(start(client, identified_form))

    client.post(
        step_url(identified_form, reference, "kerelmezo"),
        {
            "kerelmezo_neve": "Hamis Név",
            "kerelmezo_anyja_neve": "Hamis Anya",
            "kerelmezo_szuletesi_ideje": "1900-01-01",
            "lakcim__postal_code": "3300",
            "lakcim__settlement": "Eger",
            "lakcim__street": "Dobó tér",
            "lakcim__house_number": "1",
            "email": "kovacs@example.hu",
            "action": "next",
        },
    )
    client.post(
        step_url(identified_form, reference, "jarmuvek_lepes"),
        {"jarmuvek__0__rendszam": "ABC-123", "uzembentarto": "sajat", "action": "next"},
    )
    client.post(
        step_url(identified_form, reference, "mellekletek"), {"forgalmi": pdf(), "action": "next"}
    )
    response = submit(client, identified_form, reference)

    assert response.status_code == 302, response.content.decode()[:2000]
    receipt = receipts(identified_form.municipality).get()
    answers = subject(receipt).data
    assert answers["kerelmezo_neve"] == "Kovács János"
    assert answers["kerelmezo_anyja_neve"] == CITIZEN["mothers_name"]
    assert answers["kerelmezo_szuletesi_ideje"] == CITIZEN["date_of_birth"]
    assert answers["kerelmezo_szuletesi_neve"] == CITIZEN["birth_name"]
    assert receipt.receipt["submitter"]["identified"] is True
    assert subject(receipt).fee == 5000


def test_a_draft_started_identified_cannot_be_finished_after_a_phone_login(
    demo_accounts, identified_form
):
    from django.test import Client

    client = identified_client(CITIZEN)
    reference = reference_of(start(client, identified_form))
    user = drafts(identified_form.municipality).get().owner
    phone_session = Client()
    phone_session.force_login(user)  # a password/phone-like login: no identity provider

    response = phone_session.get(step_url(identified_form, reference, "kerelmezo"))
    assert response.status_code == 403
    response = phone_session.post(summary_url(identified_form, reference), {"declaration": "on"})
    assert response.status_code == 403
    assert not receipts(identified_form.municipality).exists()
    # The draft is still there for an identified session.
    assert client.get(step_url(identified_form, reference, "kerelmezo")).status_code == 200


def test_the_flag_is_part_of_the_definition_and_checked(db):
    from services.forms.definition import validate_definition

    from .conftest import wizard_definition

    definition = wizard_definition() | {"requires_identification": "igen"}
    assert validate_definition(definition)
    definition = wizard_definition()
    definition["steps"][0]["fields"][1]["identity"] = "mothers_name"  # an e-mail field
    assert validate_definition(definition)
    definition["steps"][0]["fields"][1]["identity"] = "shoe_size"
    assert validate_definition(definition)
