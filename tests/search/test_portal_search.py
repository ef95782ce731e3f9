"""The central portal's search (issue 18, item 3): municipalities, forms of every or of the
chosen municipality with the municipality's name, central templates, the sites' pages, and
the combobox's suggestions."""

import pytest
from django.urls import reverse

from search.records import refresh_records
from services.forms import services as forms
from services.forms.demo import parking_permit_definition
from sites.models import StandardPage
from sites.provisioning import deactivate_municipality
from tests.services.forms.conftest import load

pytestmark = pytest.mark.django_db

RESULTS = "/e-ugyintezes/kereses/"
SUGGEST = "/e-ugyintezes/kereses/javaslatok/"
PORTAL = {"HTTP_HOST": "localhost"}


@pytest.fixture
def towns(given_municipality):
    return {
        "hmv": given_municipality(
            name="Hódmezővásárhely", slug="hodmezovasarhely", ksh_code="69301"
        ),
        "pf": given_municipality(name="Próbafalva", slug="probafalva", ksh_code="69302"),
        "tv": given_municipality(name="Tesztvár", slug="tesztvar", ksh_code="69303"),
    }


def publish_local(municipality, title, *, publish=True):
    form = forms.copy_as_local(municipality, title=title)
    forms.save_customisation(form, definition=parking_permit_definition(title))
    if publish:
        forms.publish(form)
    return form


@pytest.fixture
def parking(towns, django_capture_on_commit_callbacks):
    # The search layer copies the published forms once the publishing commits.
    with django_capture_on_commit_callbacks(execute=True):
        return {
            "hmv": publish_local(towns["hmv"], "Lakossági parkolási engedély kérelem"),
            "pf": publish_local(towns["pf"], "Parkolási engedély belvárosi lakosoknak"),
            # A draft is nobody's business but the municipality's.
            "tv": publish_local(towns["tv"], "Zqxbvazlat parkolási engedély", publish=False),
        }


def group(response, kind):
    return next((g for g in response.context["results"].groups if g.kind == kind), None)


def found_forms(response):
    forms_group = group(response, "forms")
    return sorted((hit.title, hit.municipality) for hit in forms_group.hits) if forms_group else []


def test_a_municipality_is_found_without_accents(client, towns):
    response = client.get(RESULTS, {"q": "hodmezo"}, **PORTAL)

    assert response.status_code == 200
    assert [m.name for m in response.context["municipalities"]] == ["Hódmezővásárhely"]
    assert reverse("journey:forms", args=["hodmezovasarhely"]) in response.content.decode()


@pytest.mark.parametrize("query", ["parkolási engedély", "parkolasi engedely", "PARKOLÁSI"])
def test_the_forms_of_every_municipality_with_their_names(client, parking, query):
    response = client.get(RESULTS, {"q": query}, **PORTAL)

    assert found_forms(response) == [
        ("Lakossági parkolási engedély kérelem", "Hódmezővásárhely"),
        ("Parkolási engedély belvárosi lakosoknak", "Próbafalva"),
    ]
    page = response.content.decode()
    assert "Zqxbvazlat" not in page
    # Each form opens in the portal's e-administration of its municipality.
    code = parking["pf"].code
    assert reverse("journey:form", args=["probafalva", code]) in page


def test_the_beginning_of_a_word_finds_what_the_suggestions_show(client, parking):
    response = client.get(RESULTS, {"q": "parkol"}, **PORTAL)

    assert {municipality for _title, municipality in found_forms(response)} == {
        "Hódmezővásárhely",
        "Próbafalva",
    }


def test_the_chosen_municipality_narrows_the_search(client, parking):
    response = client.get(RESULTS, {"q": "parkolási engedély", "telepules": "probafalva"}, **PORTAL)

    assert found_forms(response) == [("Parkolási engedély belvárosi lakosoknak", "Próbafalva")]
    assert response.context["municipalities"] == []
    assert 'value="probafalva" selected' in response.content.decode()


def test_a_forged_municipality_means_every_municipality(client, parking):
    response = client.get(RESULTS, {"q": "parkolási", "telepules": "<script>"}, **PORTAL)

    assert response.status_code == 200
    assert len(found_forms(response)) == 2
    assert "<script>" not in response.content.decode().split("</form>")[-1]


def test_a_withdrawn_form_is_not_found(client, parking, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        forms.withdraw(parking["hmv"])

    response = client.get(RESULTS, {"q": "parkolási engedély"}, **PORTAL)

    assert found_forms(response) == [("Parkolási engedély belvárosi lakosoknak", "Próbafalva")]


def test_an_inactive_municipality_publishes_no_form(client, parking, towns):
    deactivate_municipality(towns["pf"])
    refresh_records("forms", towns["pf"])  # what the operators' rebuild does

    response = client.get(RESULTS, {"q": "parkolási engedély"}, **PORTAL)

    assert found_forms(response) == [("Lakossági parkolási engedély kérelem", "Hódmezővásárhely")]


def test_central_templates_in_the_fleet_only(client, towns):
    load("KOZT-001")

    fleet = client.get(RESULTS, {"q": "közterület használati"}, **PORTAL)
    scoped = client.get(
        RESULTS, {"q": "közterület használati", "telepules": "probafalva"}, **PORTAL
    )

    templates = group(fleet, "form_templates")
    assert [hit.extra["code"] for hit in templates.hits] == ["KOZT-001"]
    assert templates.hits[0].portal_url.endswith("?q=KOZT-001&tipus=forms")
    assert group(scoped, "form_templates") is None


def test_a_template_leads_to_the_municipalities_that_publish_it(
    client, towns, django_capture_on_commit_callbacks
):
    template = load("KOZT-001")
    with django_capture_on_commit_callbacks(execute=True):
        forms.publish(forms.adopt(towns["tv"], template))

    response = client.get(RESULTS, {"q": "KOZT-001", "tipus": "forms"}, **PORTAL)

    hits = group(response, "forms").hits
    assert [(hit.municipality, hit.portal_url) for hit in hits] == [
        ("Tesztvár", reverse("journey:form", args=["tesztvar", "KOZT-001"]))
    ]


def test_pages_of_the_sites_carry_their_municipality(client, towns):
    page = towns["hmv"].root_page.add_child(
        instance=StandardPage(
            title="Parkolás", slug="parkolas", intro="Fizető parkolási övezetek a belvárosban."
        )
    )
    page.save_revision().publish()

    response = client.get(RESULTS, {"q": "parkolás"}, **PORTAL)

    hits = [
        (hit.title, hit.municipality)
        for g in response.context["results"].groups
        for hit in g.hits
        if g.kind == "pages"
    ]
    assert ("Parkolás", "Hódmezővásárhely") in hits


# -- the suggestions


def suggest(client, **params):
    response = client.get(SUGGEST, params, **PORTAL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_suggestions_as_the_citizen_types(client, parking):
    found = suggest(client, q="parkol")["results"]

    forms_found = [(s["label"], s["municipality"]) for s in found if s["kind"] == "forms"]
    assert sorted(forms_found) == [
        ("Lakossági parkolási engedély kérelem", "Hódmezővásárhely"),
        ("Parkolási engedély belvárosi lakosoknak", "Próbafalva"),
    ]
    urls = {s["url"] for s in found}
    assert reverse("journey:form", args=["probafalva", parking["pf"].code]) in urls
    assert not any("Zqxbvazlat" in s["label"] for s in found)


def test_suggestions_name_municipalities_and_follow_the_chosen_one(client, parking):
    assert suggest(client, q="hodme")["results"][0] == {
        "label": "Hódmezővásárhely",
        "kind": "municipality",
        "kind_label": "Önkormányzat",
        "municipality": "",
        "url": reverse("journey:forms", args=["hodmezovasarhely"]),
    }
    scoped = suggest(client, q="parkol", telepules="hodmezovasarhely")["results"]
    assert {s["municipality"] for s in scoped if s["kind"] == "forms"} == {"Hódmezővásárhely"}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "p"},
        {"q": "x" * 5000},
        {"q": "'; DROP TABLE wagtailcore_page; --"},
        {"q": "parkol\x00"},
        {"q": "%00%ff"},
        {"q": "😀😀"},
        {"q": "a & | ! :* ( )"},
        {"q": "parkol", "telepules": "x" * 1000},
        {"q": "parkol", "telepules": "../../etc"},
    ],
)
def test_suggestions_answer_any_input_within_bounds(client, parking, params):
    answer = suggest(client, **params)

    assert len(answer["query"]) <= 100
    assert len(answer["results"]) <= 8


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "parkol\x00", "oldal": "abc"},
        {"q": "parkol", "tipus": "nincs-ilyen", "oldal": "-3"},
        {"q": "parkol", "tipus": "forms", "oldal": "99999999999999999999999"},
        {"q": ":* | & !"},
    ],
)
def test_the_results_page_answers_any_input(client, parking, params):
    response = client.get(RESULTS, params, **PORTAL)

    assert response.status_code == 200


def test_the_box_is_on_the_portal_home_and_its_header_searches_the_portal(client, towns):
    page = client.get("/", **PORTAL).content.decode()

    assert 'role="combobox"' in page
    assert f'action="{RESULTS}"' in page
    assert 'aria-controls="portal-q-listbox"' in page


def test_suggestions_take_one_bounded_statement_however_many_pages_begin_so(towns, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.portal.query import PREFIX_CANDIDATES, suggestions

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    home = towns["pf"].root_page
    for number in range(6):
        page = home.add_child(
            instance=StandardPage(title=f"Zqxbkorlat szakasz {number}", slug=f"zk{number}")
        )
        page.save_revision().publish()

    with CaptureQueriesContext(connection) as captured:
        found = suggestions("zqxbkor")

    pages = [s for s in found if s["kind"] == "pages"]
    # the kind's limit of suggestions, every one of the right municipality
    assert len(pages) == 2 and {s["municipality"] for s in pages} == {"Próbafalva"}
    ranked = [q["sql"] for q in captured.captured_queries if "to_tsquery('simple'" in q["sql"]]
    assert len(ranked) == 1, "every suggested kind in one statement"
    # at most PREFIX_CANDIDATES + 1 candidates read, whatever begins so in the fleet
    assert f"LIMIT {PREFIX_CANDIDATES + 1}" in ranked[0]


@pytest.mark.parametrize(
    "query", ["_", "²³", "a_b", "ß straße", "İstanbul", "١٢٣", "'x'", "x" * 99, "kozt 001"]
)
def test_word_beginnings_of_any_letters_answer_without_error(client, parking, query):
    # The prefix statement quotes every word as a lexeme ('word':*): no word is syntax.
    assert len(suggest(client, q=query)["results"]) <= 8
    response = client.get(RESULTS, {"q": query}, **PORTAL)
    assert response.status_code == 200
