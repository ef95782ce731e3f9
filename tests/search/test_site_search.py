import pytest

from sites.models import StandardPage

pytestmark = pytest.mark.django_db


def add_page(municipality, title, intro):
    page = municipality.root_page.add_child(
        instance=StandardPage(title=title, slug=title.lower().replace(" ", "-"), intro=intro)
    )
    page.save_revision().publish()
    return page


def result_titles(response):
    results = response.context["results"]
    return [hit.title for group in results.groups for hit in group.hits] if results else []


def test_search_finds_only_the_requesting_municipality_pages(
    client, municipality_a, municipality_b
):
    add_page(municipality_a, "Alsóvári hulladéknaptár", "Szelektív hulladék gyűjtése.")
    add_page(municipality_b, "Felsővári hulladéknaptár", "Szelektív hulladék gyűjtése.")

    response = client.get("/kereses/", {"q": "hulladék"}, HTTP_HOST="alsovar.localhost")

    titles = result_titles(response)
    # A's own page, and none of B's (A's starter pages may mention waste collection too)
    assert "Alsóvári hulladéknaptár" in titles
    assert "Felsővári hulladéknaptár" not in titles


def test_search_uses_hungarian_stemming(client, municipality_a):
    add_page(municipality_a, "Helyi adók", "Tájékoztató a helyi adókról és az adófizetésről.")

    response = client.get("/kereses/", {"q": "adó"}, HTTP_HOST="alsovar.localhost")

    assert "Helyi adók" in result_titles(response)


def test_unpublished_pages_are_not_found(client, municipality_a):
    page = add_page(municipality_a, "Titkos tervezet", "Még nem nyilvános.")
    page.unpublish()

    response = client.get("/kereses/", {"q": "tervezet"}, HTTP_HOST="alsovar.localhost")

    assert result_titles(response) == []


@pytest.mark.parametrize(
    "query", ["", " ", "x" * 5000, "'; DROP TABLE x; --", "%00", "😀", "adó\x00", "١٢"]
)
def test_any_query_gets_an_answer(client, municipality_a, query):
    response = client.get("/kereses/", {"q": query, "page": "abc"}, HTTP_HOST="alsovar.localhost")

    assert response.status_code == 200
