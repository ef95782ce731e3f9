"""What visitors get from a theme: the layout, the palette, the per-theme templates."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.views.defaults import server_error

from sites.models import StandardPage
from sites.page_cache import site_generation
from themes.current import using_theme
from themes.middleware import ThemeMiddleware
from themes.registry import registry

from .conftest import HOST_A, HOST_B

pytestmark = pytest.mark.django_db

# What a browser fetches by itself while loading the page.
LOADED_URL = r'<(?:link|script|img|iframe|source)\b[^>]*(?:src|href)="([^"]+)"'

LAYOUT_MARKERS = {
    "classic": ['class="theme-classic"', 'class="container header-bar"'],
    "sidebar": ['class="theme-sidebar"', '<aside class="sidebar"', "main-menu--vertical"],
    "modern": ['class="theme-modern"', '<div class="hero">', '<div class="content-card">'],
}


def page_html(client, path="/", host=HOST_A):
    response = client.get(path, HTTP_HOST=host)
    return response, response.content.decode()


@pytest.mark.parametrize("theme", sorted(LAYOUT_MARKERS))
def test_switching_the_theme_changes_the_whole_layout(client, municipality_a, set_theme, theme):
    set_theme(municipality_a, theme)

    for path in ("/", "/ugyintezes/"):
        response, html = page_html(client, path)
        assert response.status_code == 200
        for marker in LAYOUT_MARKERS[theme]:
            assert marker in html, (path, marker)
        assert f"/static/themes/{theme}/css/theme.css" in html
        for other in set(LAYOUT_MARKERS) - {theme}:
            assert f"/static/themes/{other}/" not in html


def test_every_theme_keeps_the_shared_page_furniture(client, municipality_a, set_theme):
    for theme in ("classic", "sidebar", "modern"):
        set_theme(municipality_a, theme)
        _response, html = page_html(client, "/ugyintezes/")
        # the skip link is the first thing in the body, pointing at a focusable main
        body = html.split("<body>", 1)[1].lstrip()
        assert body.startswith('<a class="skip-link" href="#main">'), theme
        assert '<main id="main"' in html and 'tabindex="-1"' in html
        assert 'class="language-switch"' in html
        assert 'data-a11y-toggle="contrast"' in html and 'data-a11y-toggle="large"' in html
        assert "/static/theme-assets/a11y.js" in html


def test_a_theme_applies_to_its_own_site_only(client, municipality_a, municipality_b, set_theme):
    set_theme(municipality_a, "modern")
    set_theme(municipality_b, "sidebar")

    assert 'class="theme-modern"' in page_html(client, host=HOST_A)[1]
    assert 'class="theme-sidebar"' in page_html(client, host=HOST_B)[1]


def test_a_site_without_saved_settings_uses_the_default_theme(client, municipality_a):
    _response, html = page_html(client)
    assert f'class="theme-{registry.default_name}"' in html


def test_the_palette_and_font_reach_the_page_as_css_custom_properties(
    client, municipality_a, set_theme
):
    set_theme(
        municipality_a,
        "classic",
        primary_colour="#2B4A1F",
        accent_colour="#f0c000",
        font="atkinson-hyperlegible",
    )
    _response, html = page_html(client)
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert "--primary: #2b4a1f;" in style
    assert "--accent: #f0c000;" in style
    # the colour left empty comes from the theme's manifest
    assert f"--secondary: {registry.get('classic').palette['secondary']};" in style
    assert '--font-body: "Atkinson Hyperlegible"' in style
    assert "/static/theme-assets/fonts/atkinson-hyperlegible/font.css" in html


def test_pages_refer_to_no_outside_host(client, municipality_a, set_theme):
    for theme in ("classic", "sidebar", "modern"):
        set_theme(municipality_a, theme)
        _response, html = page_html(client, "/ugyintezes/")
        loaded = re.findall(LOADED_URL, html)
        assert loaded
        for url in loaded:
            assert not re.match(r"^(https?:)?//", url), (theme, url)


def test_a_theme_folder_overrides_any_template(client, municipality_a, set_theme, drop_in_theme):
    # given a dropped-in theme that only overrides the standard page and the footer include
    drop_in_theme(
        "harvest",
        extends="classic",
        templates={
            "municipal/standard_page.html": (
                '{% extends "base.html" %}{% block content %}'
                "<h1>{{ page.title }}</h1><p>harvest standard page</p>{% endblock %}"
            ),
            "navigation/site_footer.html": "<p>harvest footer</p>",
        },
    )
    set_theme(municipality_a, "harvest")
    standard_page = StandardPage.objects.descendant_of(municipality_a.root_page).first()

    # when
    _response, html = page_html(client, standard_page.url)

    # then the theme's templates win, and what it does not override comes from its parent
    assert "harvest standard page" in html
    assert "harvest footer" in html
    assert 'class="theme-classic"' in html
    # and the other themes are untouched by it
    set_theme(municipality_a, "classic")
    _response, html = page_html(client, standard_page.url)
    assert "harvest" not in html


def test_the_sidebar_theme_overrides_the_menu_include(client, municipality_a, set_theme):
    set_theme(municipality_a, "sidebar")
    _response, html = page_html(client)
    assert 'aria-labelledby="main-menu-heading"' in html


@pytest.mark.parametrize("theme", ["classic", "sidebar", "modern"])
def test_each_theme_has_its_own_not_found_page(client, municipality_a, set_theme, theme):
    set_theme(municipality_a, theme)
    response, html = page_html(client, "/nincs-ilyen-oldal/")
    assert response.status_code == 404
    assert f'class="theme-{theme}"' in html
    assert "Az oldal nem található" in html


def test_not_found_page_of_a_dropped_in_theme(client, municipality_a, set_theme, drop_in_theme):
    drop_in_theme("plain", extends="classic", templates={"404.html": "<p>plain 404</p>"})
    set_theme(municipality_a, "plain")
    response, html = page_html(client, "/nincs-ilyen-oldal/")
    assert response.status_code == 404
    assert html == "<p>plain 404</p>"


@pytest.mark.parametrize("theme", ["classic", "sidebar", "modern"])
def test_each_theme_has_its_own_server_error_page(theme):
    # Django renders 500.html with no context at all; the theme comes from the request's site.
    with using_theme(theme):
        html = render_to_string("500.html")
    assert f'class="theme-{theme}"' in html
    assert f"/static/themes/{theme}/css/theme.css" in html


def test_server_error_page_comes_from_the_requests_site_theme(municipality_a, set_theme):
    set_theme(municipality_a, "modern")
    request = RequestFactory().get("/", HTTP_HOST=HOST_A)

    response = ThemeMiddleware(server_error)(request)

    assert response.status_code == 500
    assert 'class="theme-modern"' in response.content.decode()


def test_changing_the_theme_invalidates_the_sites_page_cache(
    municipality_a, municipality_b, set_theme
):
    before_a = site_generation(municipality_a.site_id)
    before_b = site_generation(municipality_b.site_id)

    set_theme(municipality_a, "sidebar")

    assert site_generation(municipality_a.site_id) != before_a
    assert site_generation(municipality_b.site_id) == before_b


def test_display_preferences_do_not_change_the_html(client, municipality_a):
    # The page cache serves one HTML to everyone: preferences live in the browser only.
    def without_csrf(html):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    plain = without_csrf(page_html(client)[1])
    client.cookies["varoshaza-display"] = '{"contrast": true}'
    assert without_csrf(page_html(client)[1]) == plain
