"""Every page a visitor can reach on a municipality's site is in the site's theme and loads
nothing that is not there: the site's pages, its online forms (/urlapok/…), the contact
form and what comes after it, and the payment pages with the simulated bank's card page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from wagtail.models import Page

from sites.demo import load_demo_site
from sites.models import ContactPage
from tests.services.payments.conftest import complaint, fee_form, submit_form

from .conftest import HOST_A

pytestmark = pytest.mark.django_db

# What a browser fetches by itself while loading the page (stylesheets, scripts, icons,
# images) and what inline styles point at.
LOADED_URL = re.compile(r'<(?:link|script|img|source)\b[^>]*\b(?:src|href)="([^"]+)"')
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
THEMES = ["classic", "modern", "sidebar"]


def static_file(url):
    """The file a /static/ URL is served from, or None."""
    path = url.split("?", 1)[0].split("#", 1)[0][len(settings.STATIC_URL) :]
    found = finders.find(path)
    return Path(found) if found else None


def missing_assets(html):
    """The /static/ URLs a page (and the stylesheets it loads, through url()) refers to that
    no static files finder has."""
    missing = []
    pending = [url for url in LOADED_URL.findall(html) if url.startswith(settings.STATIC_URL)]
    pending += [url for url in CSS_URL.findall(html) if url.startswith(settings.STATIC_URL)]
    seen = set()
    while pending:
        url = pending.pop()
        if url in seen:
            continue
        seen.add(url)
        found = static_file(url)
        if found is None:
            missing.append(url)
        elif found.suffix == ".css":
            base = url.rsplit("/", 1)[0]
            for reference in CSS_URL.findall(found.read_text(encoding="utf-8")):
                if reference.startswith("data:"):
                    continue
                absolute = reference if reference.startswith("/") else f"{base}/{reference}"
                pending.append(_normalise(absolute))
    return missing


def _normalise(url):
    parts = []
    for part in url.split("/"):
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def assert_in_theme(response, theme, path):
    html = response.content.decode()
    assert f'class="theme-{theme}"' in html, path
    assert f"/static/themes/{theme}/css/theme.css" in html, path
    assert "/static/theme-assets/base.css" in html, path
    # the site's own header: its name links home, and its menu leads to its sections
    assert 'class="site-name" href="/"' in html, path
    assert 'class="main-menu' in html, path
    assert missing_assets(html) == [], path


def test_the_check_finds_a_missing_asset_and_one_missing_from_a_stylesheet():
    # The check itself: the old form pages' stylesheet, and the fonts a theme's font.css loads.
    assert missing_assets('<link rel="stylesheet" href="/static/portal/site.css">') == [
        "/static/portal/site.css"
    ]
    font_css = '<link rel="stylesheet" href="/static/theme-assets/fonts/merriweather/font.css">'
    assert missing_assets(font_css) == []
    assert missing_assets('<div style="background: url(/static/nincs/kep.png)">') == [
        "/static/nincs/kep.png"
    ]


@pytest.mark.parametrize("theme", THEMES)
def test_every_page_of_the_site_is_in_its_theme(client, municipality_a, set_theme, theme):
    # given a site with every page type (the demo's year of content)
    load_demo_site(municipality_a)
    set_theme(municipality_a, theme)
    pages = Page.objects.descendant_of(municipality_a.root_page, inclusive=True).live()
    assert pages.count() > 40

    for page in pages:
        response = client.get(page.url, HTTP_HOST=HOST_A)
        assert response.status_code == 200, page.url
        assert_in_theme(response, theme, page.url)

    not_found = client.get("/nincs-ilyen-oldal/", HTTP_HOST=HOST_A)
    assert not_found.status_code == 404
    assert_in_theme(not_found, theme, "404")


@pytest.mark.parametrize("theme", THEMES)
def test_the_forms_contact_form_and_payment_pages_are_in_the_site_theme(
    client, municipality_a, set_theme, theme
):
    # given a published form with a fee, and the site's contact page
    set_theme(municipality_a, theme)
    fee_form(municipality_a)
    contact = ContactPage.objects.descendant_of(municipality_a.root_page).get()
    visited = []

    def visit(path, method="get", expected=200, **data):
        response = getattr(client, method)(path, data, HTTP_HOST=HOST_A)
        assert response.status_code == expected, path
        visited.append((path, response))
        return response

    # when a visitor goes through the forms, the contact form and a payment
    visit("/urlapok/")
    visit("/urlapok/PANASZ-001/")
    visit("/urlapok/PANASZ-001/", "post", expected=400, **complaint(targy=""))
    visit(contact.url, "post", expected=200, nev="", email="", uzenet="")  # errors
    visit(contact.url, "post", expected=200, nev="Kiss Anna", email="a@example.hu", uzenet="Jó")
    started = submit_form(client)
    card_page = started.url.split("localhost", 1)[1]
    visit(card_page)
    declined = client.post(
        card_page, {"card_number": "4000 0000 0000 0002", "action": "pay"}, HTTP_HOST=HOST_A
    )
    # back from the bank, the submission's own payment page (the same for every channel)
    pay_page = visit(declined.url, expected=302)["Location"]
    visit(pay_page)
    paid = client.post(pay_page, HTTP_HOST=HOST_A).url.split("localhost", 1)[1]
    approved = client.post(
        paid, {"card_number": "4242 4242 4242 4242", "action": "pay"}, HTTP_HOST=HOST_A
    )
    receipt = client.get(approved.url, HTTP_HOST=HOST_A)["Location"]
    visit(receipt)

    # then every one of them is a page of the site, in its theme, with all its assets
    visited = [(path, response) for path, response in visited if response.status_code != 302]
    assert len(visited) == 8
    for path, response in visited:
        assert_in_theme(response, theme, path)
    assert "Köszönjük" in visited[4][1].content.decode()
