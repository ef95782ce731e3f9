"""Generated posts to the site's form page and to every step and row action of the portal's
wizard: never a 5xx, and what is stored is what validation accepted."""

import pytest
from django.http import QueryDict
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from services.forms.fieldtypes import CleaningContext
from services.forms.models import Submission
from services.forms.validation import SubmissionInvalid, clean_submission, data_from_post
from sites import normalise
from tests.factories.forms import LocalFormFactory
from tests.factories.municipalities import UserFactory

from .forms import fuzz_definition, stored_number_problems
from .strategies import form_post, fuzz_settings, post, urlencoded, values

pytestmark = pytest.mark.django_db

HOST_A = "alsovar.localhost"


@pytest.fixture
def fuzz_form(municipality_a):
    return LocalFormFactory(municipality=municipality_a, definition=fuzz_definition())


def _expected(definition, body, municipality):
    """What validation accepts of this body: (cleaned data, raw data) or (None, raw)."""
    raw = data_from_post(definition, QueryDict(body))
    try:
        cleaned = clean_submission(definition, raw, context=CleaningContext(municipality))
    except SubmissionInvalid:
        return None, raw
    return cleaned.data, raw


@fuzz_settings
@given(fields=form_post(fuzz_definition(), extra_names=["add_row"]))
# The review's findings, tried every run whatever Hypothesis draws.
@example(fields={"darab": "1.5"})
@example(fields={"osszeg": "3000.00 Ft"})
@example(fields={"osszeg": "12 500", "darab": "٣"})
@example(fields={"tetelek__²__megnevezes": "x", "tetelek__0__mennyiseg": "1,0"})
@example(fields={"nev": "a\x00b"})
@example(
    fields={"adoazonosito": "８３６５６７０００３", "szamla": "HU96 94468441-94843213-27386541"}
)
def test_the_site_form_page(fuzz_form, fields):
    definition = fuzz_form.live_revision.definition
    before = set(Submission.objects.unscoped().values_list("pk", flat=True))
    body = urlencoded(fields)

    response = post(Client(), f"/urlapok/{fuzz_form.code}/", fields, HTTP_HOST=HOST_A)

    assert response.status_code < 500
    new = Submission.objects.unscoped().exclude(pk__in=before)
    if response.status_code == 400 or "add_row" in fields:
        assert not new.exists()
        return
    expected, raw = _expected(definition, body, fuzz_form.municipality)
    submission = new.get()
    # stored exactly what validation accepted, and each number is the number typed
    assert submission.data == expected
    assert stored_number_problems(definition, raw, submission.data) == []


ACTIONS = st.one_of(
    st.sampled_from(
        [
            "next",
            "save",
            "back",
            "add_row:tetelek",
            "add_row:nincs",
            "remove_row:tetelek:0",
            "remove_row:tetelek:1",
            "remove_row:tetelek:²",
            "remove_row:tetelek:٣",
            "remove_row:tetelek:-1",
            "remove_row:tetelek:99999999999999999999",
            "remove_row:tetelek",
            "remove_file:nincs",
            "\x00",
        ]
    ),
    st.text(max_size=20),
)


@pytest.fixture
def wizard(fuzz_form):
    """A citizen's client and their draft of the fuzz form, on its first step."""
    client = Client()
    client.force_login(UserFactory(username="fuzz"))
    slug = fuzz_form.municipality.slug
    response = client.post(f"/e-ugyintezes/{slug}/urlap/{fuzz_form.code}/inditas/")
    assert response.status_code == 302
    reference = response["Location"].split("/piszkozat/")[1].split("/")[0]
    return client, fuzz_form, reference


@fuzz_settings
@given(
    step=st.sampled_from(["elso", "masodik", "nincs-ilyen", "²"]),
    action=ACTIONS,
    fields=form_post(fuzz_definition()),
)
@example(step="elso", action="next", fields={"nev": "Kiss\x00 Anna", "darab": "2"})
@example(step="masodik", action="remove_row:tetelek:²", fields={"tetelek__0__megnevezes": "x"})
@example(step="masodik", action="remove_row:tetelek:0", fields={"tetelek__0__mennyiseg": "1.5"})
@example(step="elso", action="next", fields={"darab": "1.5", "osszeg": "3000.00 Ft"})
def test_every_wizard_step_and_row_action(wizard, step, action, fields):
    client, form, reference = wizard
    definition = form.live_revision.definition
    url = f"/e-ugyintezes/{form.municipality.slug}/piszkozat/{reference}/lepes/{step}/"
    body_fields = {**fields, "action": action}

    response = post(client, url, body_fields)

    assert response.status_code < 500
    draft = Submission.objects.unscoped().get(revision__customisation=form, status="draft")
    stored = draft.data
    # the draft was stored (nothing typed is lost) and holds nothing PostgreSQL refuses
    assert normalise.strip_unstorable(stored)[1] == set()
    step_spec = next((s for s in definition["steps"] if s["key"] == step), None)
    if step_spec is None:
        return
    part = {"steps": [step_spec], "fee": {"kind": "none"}}
    keys = {spec["key"] for spec in step_spec["fields"]}
    posted = {k: v for k, v in data_from_post(part, QueryDict(urlencoded(body_fields))).items()}
    unstorable = {k for k in normalise.strip_unstorable(posted)[1] if k in keys}
    if unstorable:
        # refused with a message on the field, the rest of the answers kept
        assert response.status_code == 400
        assert "nem tárolható" in response.content.decode()
    if action == "next" and response.status_code == 302:
        cleaned = clean_submission(part, stored, context=CleaningContext(form.municipality))
        assert stored_number_problems(part, stored, cleaned.data) == []
    if not unstorable and action.partition(":")[0] not in ("remove_row",):
        # what this step posted is what the draft keeps, as typed (checked when submitted)
        for key in keys:
            assert stored.get(key) == posted.get(key), key


@fuzz_settings
@given(fields=form_post(fuzz_definition(), extra_names=["declaration"]))
def test_the_wizard_summary(wizard, fields):
    client, form, reference = wizard
    base = f"/e-ugyintezes/{form.municipality.slug}/piszkozat/{reference}"
    post(client, f"{base}/lepes/elso/", {**fields, "action": "next"})

    response = post(client, f"{base}/osszesites/", fields)

    assert response.status_code < 500


@pytest.fixture
def citizen_client(db):
    client = Client()
    client.force_login(UserFactory(username="fuzz_start"))
    return client


@fuzz_settings
@given(choice=values)
@example(choice="abc")
@example(choice="²")
def test_starting_the_wizard_in_someones_name(fuzz_form, citizen_client, choice):
    client = citizen_client
    url = f"/e-ugyintezes/{fuzz_form.municipality.slug}/urlap/{fuzz_form.code}/inditas/"

    response = post(client, url, {"acting_for": choice})

    assert response.status_code < 500
