"""The wizard and the site's form page store what sites.normalise makes of an answer, and
what PostgreSQL cannot store is refused with a message without losing the rest."""

import pytest
from django.test import Client

from services.forms.models import Submission

from .conftest import reference_of, start, step_url

pytestmark = pytest.mark.django_db

HOST_A = "alsovar.localhost"


def draft_of(form):
    return Submission.objects.unscoped().get(revision__customisation=form, status="draft")


def test_a_nul_in_a_wizard_field_is_refused_and_the_rest_kept(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))

    response = citizen_client.post(
        step_url(wizard_form, reference, "adatok"),
        {"kerelmezo_neve": "Kiss\x00 Anna", "email": "anna@example.hu", "tipus": "egyszeru"},
    )

    assert response.status_code == 400
    assert "nem tárolható" in response.content.decode()
    # the draft keeps every answer, the name without the character
    assert (
        draft_of(wizard_form).data.items()
        >= {
            "kerelmezo_neve": "Kiss Anna",
            "email": "anna@example.hu",
            "tipus": "egyszeru",
        }.items()
    )


@pytest.mark.parametrize("index", ["²", "٣", "１", "-1"])
def test_a_row_index_in_other_digits_removes_nothing(citizen_client, wizard_form, index):
    reference = reference_of(start(citizen_client, wizard_form))
    rows = {"tetelek__0__megnevezes": "Egy", "tetelek__1__megnevezes": "Kettő"}

    response = citizen_client.post(
        step_url(wizard_form, reference, "tetelek_lepes"),
        {**rows, "action": f"remove_row:tetelek:{index}"},
    )

    assert response.status_code == 200
    names = [row["megnevezes"] for row in draft_of(wizard_form).data["tetelek"]]
    assert names == ["Egy", "Kettő"]


def test_a_row_is_removed_by_its_ascii_index(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    citizen_client.post(
        step_url(wizard_form, reference, "tetelek_lepes"),
        {
            "tetelek__0__megnevezes": "Egy",
            "tetelek__1__megnevezes": "Kettő",
            "action": "remove_row:tetelek:0",
        },
    )
    assert [row["megnevezes"] for row in draft_of(wizard_form).data["tetelek"]] == ["Kettő"]


def test_the_wizard_submits_numbers_as_typed_in_other_digits(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    url = step_url(wizard_form, reference, "tetelek_lepes")

    refused = citizen_client.post(
        url, {"tetelek__0__megnevezes": "Egy", "tetelek__0__darab": "1.5", "action": "next"}
    )
    accepted = citizen_client.post(
        url, {"tetelek__0__megnevezes": "Egy", "tetelek__0__darab": "１２", "action": "next"}
    )

    assert refused.status_code == 400
    assert "egész számot" in refused.content.decode()
    assert accepted.status_code == 302


def test_the_site_form_stores_the_normalised_answers(municipality_a):
    from tests.factories.forms import LocalFormFactory

    definition = {
        "title": "Szám",
        "intro": "",
        "office": "",
        "handling_group": "",
        "fee": {"kind": "none"},
        "steps": [
            {
                "key": "a",
                "title": "A",
                "fields": [
                    {"key": "osszeg", "type": "money", "label": "Összeg", "required": True},
                    {"key": "ado", "type": "tax_id", "label": "Adóazonosító", "required": True},
                ],
            }
        ],
    }
    form = LocalFormFactory(municipality=municipality_a, definition=definition)
    client = Client()

    response = client.post(
        f"/urlapok/{form.code}/",
        {"osszeg": "3000.00 Ft", "ado": "８３６５６７０００３"},
        HTTP_HOST=HOST_A,
    )

    assert response.status_code == 200, response.content.decode()[:300]
    stored = Submission.objects.unscoped().get(revision__customisation=form).data
    assert stored == {"osszeg": 3000, "ado": "8365670003"}
