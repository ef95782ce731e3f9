import re

import pytest

from portal.models import PortalHomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(given_municipality):
    return [
        given_municipality(
            name="Eger", slug="eger", county="Heves", postal_code="3300", ksh_code="61101"
        ),
        given_municipality(
            name="Egerszalók",
            slug="egerszalok",
            county="Heves",
            postal_code="3394",
            ksh_code="61102",
        ),
        given_municipality(
            name="Baja", slug="baja", county="Bács-Kiskun", postal_code="6500", ksh_code="61103"
        ),
    ]


def listed(response):
    return [municipality.name for municipality in response.context["municipalities"]]


def test_portal_lists_municipalities_with_links_to_their_sites(client, towns):
    response = client.get("/", HTTP_HOST="localhost")

    assert listed(response) == ["Baja", "Eger", "Egerszalók"]
    assert 'href="http://eger.localhost/"' in response.content.decode()


def test_portal_searches_by_name_and_postal_code(client, towns):
    assert listed(client.get("/", {"q": "eger"}, HTTP_HOST="localhost")) == ["Eger", "Egerszalók"]
    assert listed(client.get("/", {"q": "65"}, HTTP_HOST="localhost")) == ["Baja"]


def test_portal_filters_by_county_and_ignores_a_forged_one(client, towns):
    assert listed(client.get("/", {"county": "Bács-Kiskun"}, HTTP_HOST="localhost")) == ["Baja"]
    forged = client.get("/", {"county": "<script>"}, HTTP_HOST="localhost")
    assert forged.status_code == 200 and len(listed(forged)) == 3


def test_inactive_municipalities_are_not_listed(client, towns):
    from sites.provisioning import deactivate_municipality

    deactivate_municipality(towns[0])

    assert "Eger" not in listed(client.get("/", HTTP_HOST="localhost"))


# 3 municipalities, 2 a page (fewer than the real 60, each one costs a provisioning): a
# number past either end shows the last page, anything else the first (Paginator.get_page)
@pytest.mark.parametrize(("page", "shown"), [("2", 1), ("999", 1), ("abc", 2), ("-1", 1)])
def test_portal_paginates_without_errors(client, given_municipality, monkeypatch, page, shown):
    monkeypatch.setattr(PortalHomePage, "municipalities_per_page", 2)
    for number in range(3):
        given_municipality(name=f"Lapozó {number:02d}", ksh_code=f"{62000 + number}")

    response = client.get("/", {"page": page}, HTTP_HOST="localhost")

    assert response.status_code == 200
    assert len(listed(response)) == shown


def test_portal_page_is_hungarian(client, towns):
    content = client.get("/", HTTP_HOST="localhost").content.decode()

    assert re.search(r'<html lang="hu"[ >]', content)
    assert "Válassza ki önkormányzatát" in content
