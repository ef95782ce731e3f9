import pytest
from django.test import RequestFactory

from portal.models import PortalHomePage
from sites.tenancy import municipality_for_request

pytestmark = pytest.mark.django_db


def test_each_hostname_serves_its_own_municipality(client, municipality_a, municipality_b):
    response_a = client.get("/", HTTP_HOST="alsovar.localhost")
    response_b = client.get("/", HTTP_HOST="felsovar.localhost")

    assert response_a.status_code == 200 and response_b.status_code == 200
    assert response_a.context["page"].pk == municipality_a.root_page_id
    assert response_b.context["page"].pk == municipality_b.root_page_id
    assert response_a.wsgi_request.municipality == municipality_a
    assert "Felsővár" not in response_a.content.decode()


def test_a_municipality_page_path_is_not_reachable_through_another_host(
    client, municipality_a, municipality_b
):
    # Both trees have /ugyintezes/: each host must answer with its own.
    response = client.get("/ugyintezes/", HTTP_HOST="alsovar.localhost")

    page = response.context["page"]
    assert page.get_parent().pk == municipality_a.root_page_id


@pytest.mark.parametrize("host", ["ismeretlen.localhost", "localhost", "alsovar.example.org"])
def test_unknown_hosts_get_the_portal_never_a_municipality(client, municipality_a, host):
    response = client.get("/", HTTP_HOST=host)

    assert response.status_code == 200
    assert isinstance(response.context["page"].specific, PortalHomePage)
    assert response.wsgi_request.municipality is None


def test_unknown_host_and_unknown_path_is_a_404(client, municipality_a):
    response = client.get("/ugyintezes/", HTTP_HOST="ismeretlen.localhost")

    assert response.status_code == 404


def test_municipality_for_request_is_cached_on_the_request(
    municipality_a, django_assert_num_queries
):
    request = RequestFactory().get("/", HTTP_HOST="alsovar.localhost")
    assert municipality_for_request(request) == municipality_a

    with django_assert_num_queries(0):
        assert municipality_for_request(request) == municipality_a


def _links(html):
    import re

    return set(re.findall(r'href="(/[^"#]*)"', html))


def test_links_on_a_municipal_site_are_its_own_pages(client, municipality_a, municipality_b):
    # Page URLs are resolved against the request's own site only (sites.site_urls).
    response = client.get("/", HTTP_HOST="alsovar.localhost")
    page_links = {
        link for link in _links(response.content.decode())
        if not link.startswith(("/static/", "/media/", "/nyelv/"))
    }

    assert len(page_links) >= 5
    for link in page_links:
        assert client.get(link, HTTP_HOST="alsovar.localhost").status_code == 200, link


def test_another_sites_page_has_a_full_url_only_without_the_request(
    municipality_a, municipality_b
):
    from sites.middleware import CurrentMunicipalityMiddleware

    request = RequestFactory().get("/", HTTP_HOST="alsovar.localhost")
    CurrentMunicipalityMiddleware(lambda request: None)(request)
    own_page = municipality_a.root_page.get_children().first()
    other_page = municipality_b.root_page.get_children().first()

    assert own_page.get_url(request) == f"/{own_page.slug}/"
    assert other_page.get_url(request) is None
    assert other_page.get_full_url() == f"http://felsovar.localhost/{other_page.slug}/"


def test_the_admin_keeps_every_sites_urls(municipality_a, municipality_b):
    from sites.middleware import CurrentMunicipalityMiddleware

    request = RequestFactory().get("/admin/pages/", HTTP_HOST="alsovar.localhost")
    CurrentMunicipalityMiddleware(lambda request: None)(request)
    other_page = municipality_b.root_page.get_children().first()

    assert other_page.get_url(request) == f"http://felsovar.localhost/{other_page.slug}/"
