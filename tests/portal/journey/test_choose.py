"""Choosing a municipality on the portal and its forms."""

import pytest
from django.test import Client

from portal.journey.constants import MUNICIPALITY_COOKIE
from portal.journey.municipalities import fold, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def godollo(given_municipality):
    return given_municipality(name="Gödöllő", slug="godollo", ksh_code="60101", postal_code="2100")


@pytest.fixture
def gyor(given_municipality):
    return given_municipality(name="Győr", slug="gyor", ksh_code="60102", postal_code="9021")


def test_fold_drops_accents_and_case():
    assert fold("GÖDÖLLŐ") == fold("godollo") == "godollo"


def test_search_is_accent_insensitive_and_finds_postal_codes(godollo, gyor):
    assert search("godollo") == [godollo]
    assert search("GYŐR") == [gyor]
    assert search("gyo") == [gyor]
    assert search("210") == [godollo]
    assert search("nincs ilyen") == []


def test_the_chooser_page_lists_matches(client, godollo):
    response = client.get("/e-ugyintezes/", {"q": "gödöllő"})

    assert response.status_code == 200
    assert "Gödöllő" in response.content.decode()


def test_the_choice_is_remembered_in_the_session_and_a_cookie(godollo):
    browser = Client()
    response = browser.post("/e-ugyintezes/valasztas/", {"slug": "godollo"})

    assert response["Location"] == "/e-ugyintezes/godollo/"
    assert browser.session["journey_municipality"] == "godollo"
    cookie = response.cookies[MUNICIPALITY_COOKIE]
    assert cookie["httponly"] and cookie.value != "godollo"  # signed

    # A new session of the same anonymous visitor: the cookie remembers.
    later = Client()
    later.cookies[MUNICIPALITY_COOKIE] = cookie.value
    assert later.get("/e-ugyintezes/").context["chosen"] == godollo


def test_a_forged_cookie_is_ignored(godollo):
    visitor = Client()
    visitor.cookies[MUNICIPALITY_COOKIE] = "godollo"

    assert visitor.get("/e-ugyintezes/").context["chosen"] is None


def test_the_choice_can_be_changed_and_forgotten(godollo, gyor):
    browser = Client()
    browser.post("/e-ugyintezes/valasztas/", {"slug": "godollo"})
    browser.post("/e-ugyintezes/valasztas/", {"slug": "gyor"})
    assert browser.get("/e-ugyintezes/").context["chosen"] == gyor

    browser.post("/e-ugyintezes/elfelejtes/")

    assert browser.get("/e-ugyintezes/").context["chosen"] is None


def test_an_unknown_or_inactive_municipality_cannot_be_chosen(godollo):
    from sites.models import Municipality

    Municipality.objects.filter(pk=godollo.pk).update(active=False)
    browser = Client()

    response = browser.post("/e-ugyintezes/valasztas/", {"slug": "godollo"})

    assert response["Location"] == "/e-ugyintezes/"
    assert browser.get("/e-ugyintezes/godollo/").status_code == 404
    assert browser.post("/e-ugyintezes/valasztas/", {"slug": "x" * 500}).status_code == 302


def test_forms_are_listed_by_category_with_search(client, wizard_form, municipality_a):
    from services.forms import services as forms
    from tests.services.forms.conftest import load

    complaint = forms.adopt(municipality_a, load("PANASZ-001"))
    forms.publish(complaint)

    page = client.get("/e-ugyintezes/alsovar/").content.decode()
    assert "Próba kérelem" in page and "Közérdekű bejelentés" in page
    assert "Helyi ügyek" in page

    found = client.get("/e-ugyintezes/alsovar/", {"q": "kozerdeku"}).content.decode()
    assert "Közérdekű bejelentés" in found and "Próba kérelem" not in found
    by_code = client.get("/e-ugyintezes/alsovar/", {"q": "panasz-001"}).content.decode()
    assert "PANASZ-001" in by_code


def test_another_municipalitys_forms_are_not_reachable_through_this_one(
    client, wizard_form, municipality_b
):
    response = client.get(f"/e-ugyintezes/{municipality_b.slug}/urlap/{wizard_form.code}/")

    assert response.status_code == 404
    assert (
        "Próba kérelem" not in client.get(f"/e-ugyintezes/{municipality_b.slug}/").content.decode()
    )
