"""The anonymous page cache: per site, and stale at the next request after any change."""

import pytest
from wagtail.models import Site

from sites.models import ContactPage, SiteSettings, StandardPage
from sites.page_cache import site_generation

pytestmark = pytest.mark.django_db

HOST = "alsovar.localhost"


def fetch(client, path="/ugyfelfogadas/", host=HOST):
    return client.get(path, HTTP_HOST=host)


def test_second_anonymous_view_comes_from_the_cache(client, municipality_a,
                                                    django_assert_num_queries):
    first = fetch(client)
    with django_assert_num_queries(0):  # the host's site is remembered too
        second = fetch(client)

    assert first["X-Page-Cache"] == "MISS" and second["X-Page-Cache"] == "HIT"
    assert second.content == first.content


def test_publish_is_visible_at_the_next_request(client, municipality_a):
    page = municipality_a.root_page.get_children().get(slug="ugyfelfogadas").specific
    fetch(client)

    page.title = "Ügyfélfogadási rend"
    page.save_revision().publish()

    response = fetch(client)
    assert response["X-Page-Cache"] == "MISS"
    assert "Ügyfélfogadási rend" in response.content.decode()


@pytest.mark.parametrize("change", ["unpublish", "delete", "move", "settings", "draft"])
def test_changes_invalidate_only_their_own_site(client, municipality_a, municipality_b, change):
    page = municipality_a.root_page.get_children().get(slug="ugyfelfogadas").specific
    fetch(client)
    fetch(client, host="felsovar.localhost")
    generation_a = site_generation(municipality_a.site_id)
    generation_b = site_generation(municipality_b.site_id)

    if change == "unpublish":
        page.unpublish()
    elif change == "delete":
        page.delete()
    elif change == "move":
        page.move(municipality_a.root_page.get_children().get(slug="onkormanyzat"),
                  pos="last-child")
    elif change == "settings":
        settings = SiteSettings.for_site(municipality_a.site)
        settings.footer_text = "Nyitva: H–P 8–16"
        settings.save()
    elif change == "draft":
        page.title = "Csak vázlat"
        page.save_revision()

    changed = site_generation(municipality_a.site_id) != generation_a
    assert changed is (change != "draft")  # a draft changes nothing visitors see
    assert site_generation(municipality_b.site_id) == generation_b
    assert fetch(client, host="felsovar.localhost")["X-Page-Cache"] == "HIT"


def test_logged_in_users_and_forms_are_never_cached(client, municipality_a, editor_a):
    contact = ContactPage.objects.descendant_of(municipality_a.root_page).get()
    fetch(client, contact.url)
    assert "X-Page-Cache" not in fetch(client, contact.url)

    client.force_login(editor_a)
    fetch(client)
    assert "X-Page-Cache" not in fetch(client)


def test_deactivation_stops_serving_cached_pages(client, municipality_a):
    from sites.provisioning import deactivate_municipality

    fetch(client, "/")
    deactivate_municipality(municipality_a)

    assert fetch(client, "/").status_code == 404


def test_rendering_queries_do_not_grow_with_the_number_of_sites(client, municipality_a,
                                                                settings):
    """Each page type renders with the same number of queries with 2 sites and with 300."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0
    pages = list(municipality_a.root_page.get_descendants(inclusive=True).specific())

    def counts():
        from django.core.cache import cache

        cache.clear()
        result = {}
        for page in pages:
            fetch(client, page.url)  # warm Wagtail's per-process caches, as in production
            with CaptureQueriesContext(connection) as queries:
                assert fetch(client, page.url).status_code == 200
            result[type(page).__name__] = len(queries)
        return result

    with_two = counts()
    other_root = StandardPage.objects.first()
    Site.objects.bulk_create(
        Site(hostname=f"mas-{number}.localhost", port=80, root_page=other_root)
        for number in range(298)
    )
    with_three_hundred = counts()

    assert with_three_hundred == with_two
    assert max(with_two.values()) <= 25, with_two


def test_a_new_site_for_a_host_is_seen_at_once(client, municipality_a, provision):
    # "ujvaros.localhost" resolves to the portal (default site) until a site is made for it;
    # a host that is not a site's own is never cached, so nothing stale survives.
    before = fetch(client, "/", host="ujvaros.localhost")
    assert "X-Page-Cache" not in fetch(client, "/", host="ujvaros.localhost")

    provision(name="Újváros", slug="ujvaros")

    after = fetch(client, "/", host="ujvaros.localhost")
    assert before.context["page"].specific_class.__name__ == "PortalHomePage"
    assert after.context["page"].title == "Újváros"


def test_a_hit_carries_the_headers_of_the_rendered_page(client, municipality_a):
    # The cache middleware is the outermost: what the others added must be stored with it.
    first = fetch(client)
    second = fetch(client)

    assert second["X-Page-Cache"] == "HIT"
    for header in ("Content-Type", "Content-Language", "X-Content-Type-Options",
                   "X-Frame-Options", "Referrer-Policy"):
        assert second[header] == first[header], header
    assert not second.cookies


def test_each_language_is_cached_apart(client, municipality_a):
    hungarian = fetch(client)
    client.cookies["django_language"] = "en"
    english = fetch(client)

    assert english["X-Page-Cache"] == "MISS"
    assert english["Content-Language"] == "en" and hungarian["Content-Language"] == "hu"


def test_head_requests_are_served_but_do_not_fill_the_cache(client, municipality_a):
    client.head("/ugyfelfogadas/", HTTP_HOST=HOST)
    assert fetch(client)["X-Page-Cache"] == "MISS"
    assert client.head("/ugyfelfogadas/", HTTP_HOST=HOST)["X-Page-Cache"] == "HIT"


def test_a_changed_host_name_forgets_the_old_hosts_pages(client, municipality_a, settings):
    settings.ALLOWED_HOSTS = ["*"]
    fetch(client)
    site = municipality_a.site
    site.hostname = "uj-alsovar.localhost"
    site.save()

    # The old name now falls back to the portal; no page of Alsóvár is served under it.
    response = fetch(client, "/")
    assert "X-Page-Cache" not in response
    assert response.context["page"].specific_class.__name__ == "PortalHomePage"
    assert fetch(client, "/ugyfelfogadas/", host="uj-alsovar.localhost").status_code == 200


def test_plain_http_is_redirected_before_the_cache_when_https_is_required(
    client, municipality_a, settings
):
    from django.test import Client

    fetch(client)
    assert fetch(client)["X-Page-Cache"] == "HIT"
    settings.SECURE_SSL_REDIRECT = True

    response = fetch(Client())  # a new handler: the middleware reads the setting at start
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.parametrize("restriction_type", ["password", "login"])
def test_a_section_made_private_leaves_the_cache_at_once(client, municipality_a,
                                                         restriction_type):
    from wagtail.models import PageViewRestriction

    page = municipality_a.root_page.get_children().get(slug="ugyfelfogadas")
    fetch(client)
    assert fetch(client)["X-Page-Cache"] == "HIT"

    PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password="titok-1234"
    )

    for _attempt in range(2):  # neither served from the cache nor stored
        response = fetch(client)
        assert "X-Page-Cache" not in response
        if restriction_type == "password":
            assert response.status_code == 200
            assert 'name="password"' in response.content.decode()
        else:
            assert response.status_code == 302
