"""The website as the gateway: the service directory and the home page lead to the
municipality's published forms, a section page to its sub-pages, the head announces the
feeds, and the starter content's sections to fill in stay hidden until written."""

import json
import re

import pytest
from wagtail.models import PageViewRestriction

from services.forms import services as forms
from services.forms.models import Submission
from sites.models import (
    EventIndexPage,
    MunicipalHomePage,
    NewsIndexPage,
    ServiceDirectoryPage,
    StandardPage,
)
from sites.starter_tree import starter_pages, starter_placeholders
from tests.services.forms.conftest import load

pytestmark = pytest.mark.django_db

HOST = "alsovar.localhost"


def get(client, path):
    response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == 200, path
    return response.content.decode()


def published(municipality, code):
    customisation = forms.adopt(municipality, load(code))
    forms.publish(customisation)
    return customisation


def section(municipality, model):
    return model.objects.descendant_of(municipality.root_page).get()


def path(page, municipality):
    return page.get_url(current_site=municipality.site)


def entry(html, title):
    """The directory entry (its <li>) whose title is ``title``."""
    match = re.search(
        r'<li class="service">((?:(?!</li>).)*?>' + re.escape(title) + r"<.*?)</li>", html, re.S
    )
    assert match, title
    return match[1]


# -- the service directory


def test_a_service_links_to_the_published_form_of_its_code_and_the_rest_say_where_to_go(
    client, municipality_a
):
    # given the starter directory (its building tax entry names ADO-002) and that form
    published(municipality_a, "ADO-002")
    directory = section(municipality_a, ServiceDirectoryPage)

    html = get(client, directory.url)

    building_tax = entry(html, "Építményadó bevallása")
    assert 'href="/urlapok/ADO-002/"' in building_tax
    assert "Online űrlap" in building_tax
    # a service whose form the municipality does not serve: in person, at the office
    trade = entry(html, "Kereskedelmi tevékenység bejelentése")
    assert "href=" not in trade.split("</span>")[0]
    assert "Személyesen" in trade and 'href="/ugyfelfogadas/"' in trade
    assert 'href="/urlapok/"' in html


def test_a_published_form_no_entry_names_is_listed_in_its_field(client, municipality_a):
    published(municipality_a, "KOZT-002")  # "Rendezvény bejelentése": not in the starter list
    directory = section(municipality_a, ServiceDirectoryPage)

    html = get(client, directory.url)

    event_notice = entry(html, "Rendezvény bejelentése")
    assert 'href="/urlapok/KOZT-002/"' in event_notice
    # under the public space field, after the starter entry of that field
    public_space = next(
        part for part in html.split('<section class="service-field"') if ">Közterület</h2>" in part
    )
    assert public_space.index("Közterület-használati engedély") < public_space.index(
        "Rendezvény bejelentése"
    )


def test_an_entry_without_a_code_links_to_the_form_of_exactly_its_title(client, municipality_a):
    published(municipality_a, "KOZT-002")
    directory = section(municipality_a, ServiceDirectoryPage)
    directory.services.append(
        ("service", {"title": "Rendezvény bejelentése", "category": "kozterulet"})
    )
    directory.save_revision().publish()

    html = get(client, directory.url)

    assert html.count("Rendezvény bejelentése") == 1
    assert 'href="/urlapok/KOZT-002/"' in entry(html, "Rendezvény bejelentése")


def test_a_withdrawn_form_is_no_longer_linked_and_the_cached_page_does_not_say_so(
    client, municipality_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        customisation = published(municipality_a, "ADO-002")
    directory = section(municipality_a, ServiceDirectoryPage)
    assert 'href="/urlapok/ADO-002/"' in get(client, directory.url)
    assert client.get(directory.url, HTTP_HOST=HOST)["X-Page-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        forms.withdraw(customisation)

    assert 'href="/urlapok/ADO-002/"' not in get(client, directory.url)


def test_another_municipalitys_forms_are_not_in_the_directory(
    client, municipality_a, municipality_b
):
    published(municipality_b, "ADO-002")
    directory = section(municipality_a, ServiceDirectoryPage)

    assert "/urlapok/ADO-002/" not in get(client, directory.url)


# -- the home page


def test_the_home_page_links_the_most_used_forms_and_the_whole_directory(client, municipality_a):
    # given three published forms, the complaint form used most in the last year
    published(municipality_a, "ADO-002")
    published(municipality_a, "KORNY-001")
    complaints = published(municipality_a, "PANASZ-001")
    revision = complaints.live_revision
    for _ in range(2):
        Submission.objects.for_municipality(municipality_a).create(
            municipality=municipality_a,
            revision=revision,
            status="submitted",
            submitted_at=revision.created_at,
        )

    html = get(client, "/")

    quick_links = html.split('class="quick-links"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)">', quick_links)
    assert links[:3] == ["/urlapok/PANASZ-001/", "/urlapok/ADO-002/", "/urlapok/KORNY-001/"]
    assert links[-1] == path(section(municipality_a, ServiceDirectoryPage), municipality_a)


def test_the_editors_quick_links_replace_the_most_used_forms(client, municipality_a):
    published(municipality_a, "ADO-002")
    home = MunicipalHomePage.objects.get(pk=municipality_a.root_page_id)
    news = section(municipality_a, NewsIndexPage)
    home.quick_links = [("link", {"title": "Lakossági hírlevél", "page": news, "url": ""})]
    home.save_revision().publish()

    quick_links = get(client, "/").split('class="quick-links"', 1)[1].split("</nav>", 1)[0]

    assert f'href="{path(news, municipality_a)}">Lakossági hírlevél' in quick_links
    assert "/urlapok/ADO-002/" not in quick_links


# -- sections and starter content


def test_the_government_page_leads_to_the_council_the_decrees_and_the_document_library(
    client, municipality_a
):
    government = StandardPage.objects.descendant_of(municipality_a.root_page).get(
        slug="onkormanyzat"
    )

    html = get(client, government.url)

    sections = html.split('class="section-links"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<a href="([^"]+)">', sections) == [
        path(child, municipality_a) for child in government.get_children().live().order_by("path")
    ]
    assert "Képviselő-testület" in sections and "Dokumentumtár" in sections


def test_a_private_sub_page_is_not_offered_on_its_section_page(client, municipality_a):
    government = StandardPage.objects.descendant_of(municipality_a.root_page).get(
        slug="onkormanyzat"
    )
    library = government.get_children().get(slug="dokumentumtar")
    PageViewRestriction.objects.create(page=library, restriction_type="login")

    assert path(library, municipality_a) not in get(client, government.url)


def test_no_starter_placeholder_reaches_a_visitor(client, municipality_a):
    assert starter_placeholders()  # the starter data has sections to fill in
    for page in municipality_a.root_page.get_descendants(inclusive=True).live():
        html = get(client, page.url)
        for text in starter_placeholders():
            plain = re.sub(r"<[^>]+>", "", text)
            assert plain[:40] not in html, page.url
    government = get(client, "/onkormanyzat/")
    assert "<h2>Polgármester</h2>" not in government
    assert "Polgármesteri Hivatal" in government  # the rest of the page is there


def test_a_starter_section_shows_once_an_editor_has_written_it(client, municipality_a):
    government = StandardPage.objects.descendant_of(municipality_a.root_page).get(
        slug="onkormanyzat"
    )
    blocks = list(government.body.raw_data)
    position = next(i for i, b in enumerate(blocks) if b["type"] == "starter_section")
    blocks[position] = {
        **blocks[position],
        "value": {"heading": "Polgármester", "text": "<p>Nagy Mária polgármester</p>"},
    }
    government.body = blocks
    government.save_revision().publish()

    html = get(client, government.url)

    assert "<h2>Polgármester</h2>" in html and "Nagy Mária polgármester" in html


def test_every_starter_section_in_the_starter_data_has_text_to_hide():
    sections = [
        block
        for spec in starter_pages()
        for field in spec.get("fields", {}).values()
        if isinstance(field, list)
        for block in field
        if block.get("type") == "starter_section"
    ]
    assert sections and all(block["value"]["text"].strip() for block in sections)


def test_the_migration_turns_the_old_placeholder_into_a_section_to_fill_in():
    import importlib

    migration = importlib.import_module(
        "sites.migrations.0008_service_form_codes_and_starter_sections"
    )
    old = [
        {"type": "heading", "value": "Polgármester", "id": "a"},
        {"type": "paragraph", "value": migration.OLD_TEXT, "id": "b"},
        {"type": "heading", "value": "Polgármesteri Hivatal", "id": "c"},
    ]

    blocks = migration._replaced(old)

    assert [block["type"] for block in blocks] == ["starter_section", "heading"]
    assert " ".join(migration.NEW_TEXT.split()) in starter_placeholders()
    assert migration._replaced(blocks) is None  # an edited page is left alone


# -- feeds in the head


def test_every_page_announces_the_sites_feeds_and_they_answer(client, municipality_a):
    news = section(municipality_a, NewsIndexPage)
    events = section(municipality_a, EventIndexPage)

    head = get(client, "/ugyfelfogadas/").split("</head>", 1)[0]

    alternates = dict(
        (kind, href)
        for kind, href in re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', head)
    )
    assert alternates == {
        "application/rss+xml": f"{path(news, municipality_a)}rss/",
        "application/atom+xml": f"{path(news, municipality_a)}atom/",
        "text/calendar": f"{path(events, municipality_a)}naptar/",
    }
    for kind, href in alternates.items():
        response = client.get(href, HTTP_HOST=HOST)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(kind), href


def test_a_private_news_index_is_not_announced(client, municipality_a):
    news = section(municipality_a, NewsIndexPage)
    PageViewRestriction.objects.create(page=news, restriction_type="login")

    head = get(client, "/").split("</head>", 1)[0]

    assert "rss+xml" not in head
    assert "text/calendar" in head


def test_editors_see_the_section_to_fill_in_and_the_form_code_in_the_admin(client, editor_a):
    client.force_login(editor_a)
    government = StandardPage.objects.get(url_path__endswith="/onkormanyzat/", depth=3)
    directory = ServiceDirectoryPage.objects.get(depth=3)

    government_form = client.get(f"/admin/pages/{government.pk}/edit/").content.decode()
    directory_form = client.get(f"/admin/pages/{directory.pk}/edit/").content.decode()

    # the admin's block definitions and values are JSON in an attribute
    assert escaped("Kitöltendő rész") in government_form
    assert "rja ide a polg" in government_form  # the starter text, for the editor to replace
    assert escaped("Online űrlap kódja") in directory_form and "ADO-002" in directory_form


def escaped(text):
    return json.dumps(text)[1:-1]
