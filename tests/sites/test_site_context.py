"""What every page of a site shows (site, municipality, menu, footer, theme) is read once
per worker and host, and read again as soon as any of it changes (sites.site_context)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sites.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db

HOST = "alsovar.localhost"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # Every request renders: what is tested here is the worker's memory of the site.
    settings.PAGE_CACHE_SECONDS = 0


def render(client, path="/ugyfelfogadas/", host=HOST):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_page_of_the_site_reads_nothing_of_the_site_again(client, municipality_a):
    render(client)
    with CaptureQueriesContext(connection) as queries:
        render(client, "/onkormanyzat/")

    tables = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("wagtailcore_site", "municipal_municipality", "municipal_sitesettings",
                  "themes_themesettings"):
        assert f'FROM "{table}"' not in tables, table


def test_a_new_menu_page_is_in_the_menu_at_the_next_request(client, municipality_a):
    render(client)
    page = municipality_a.root_page.add_child(
        instance=StandardPage(title="Pályázatok", slug="palyazatok", show_in_menus=True)
    )
    page.save_revision().publish()

    assert 'href="/palyazatok/"' in render(client)


def test_a_site_setting_is_in_the_footer_at_the_next_request(client, municipality_a):
    render(client)
    settings = SiteSettings.for_site(municipality_a.site)
    settings.footer_text = "Nyitva: hétfőtől péntekig"
    settings.save()

    assert "Nyitva: hétfőtől péntekig" in render(client)


def test_a_renamed_municipality_is_shown_at_the_next_request(client, municipality_a):
    render(client)
    municipality_a.address = "Fő tér 1."
    municipality_a.save()

    assert "Fő tér 1." in render(client)


def test_other_sites_are_not_read_again(client, municipality_a, municipality_b):
    render(client)
    render(client, host="felsovar.localhost")
    settings = SiteSettings.for_site(municipality_a.site)
    settings.footer_text = "Csak Alsóváron"
    settings.save()

    with CaptureQueriesContext(connection) as queries:
        html_b = render(client, host="felsovar.localhost")
    assert "Csak Alsóváron" not in html_b
    assert 'FROM "municipal_sitesettings"' not in " ".join(
        query["sql"] for query in queries.captured_queries
    )
    assert "Csak Alsóváron" in render(client)


def test_a_deleted_logo_image_leaves_the_sites_using_it(client, municipality_a):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from themes.models import ThemeSettings

    image = get_image_model().objects.create(title="Címer", file=get_test_image_file())
    theme = ThemeSettings.for_site(municipality_a.site)
    theme.logo = image
    theme.save()
    assert 'class="site-logo"' in render(client)

    image.delete()

    assert 'class="site-logo"' not in render(client)
