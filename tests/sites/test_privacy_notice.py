"""Every form and the contact form link to the municipality's privacy notice."""

import pytest

from sites.models import ContactPage, SiteSettings, StandardPage

pytestmark = pytest.mark.django_db

HOST = "alsovar.localhost"
DEFAULT = '<a href="/e-ugyintezes/adatkezelesi-tajekoztato/?onkormanyzat=alsovar">'


def contact_page(municipality):
    page = ContactPage.objects.descendant_of(municipality.root_page).get()
    page.to_address = "hivatal@alsovar.hu"
    page.save_revision().publish()
    return page


def test_the_contact_form_links_the_providers_notice_naming_the_municipality(
    client, municipality_a
):
    page = contact_page(municipality_a)

    html = client.get(page.url, HTTP_HOST=HOST).content.decode()
    notice = client.get(
        "/e-ugyintezes/adatkezelesi-tajekoztato/", {"onkormanyzat": "alsovar"}, HTTP_HOST=HOST
    )

    assert DEFAULT in html
    assert notice.status_code == 200
    assert "Alsóvár" in notice.content.decode()


def test_the_municipalitys_own_page_of_that_slug_is_linked(client, municipality_a):
    page = contact_page(municipality_a)
    own = municipality_a.root_page.add_child(
        instance=StandardPage(title="Adatkezelési tájékoztató", slug="adatkezelesi-tajekoztato")
    )
    own.save_revision().publish()

    html = client.get(page.url, HTTP_HOST=HOST).content.decode()

    assert '<a href="/adatkezelesi-tajekoztato/">' in html
    assert DEFAULT not in html


def test_the_address_set_in_the_site_links_wins(client, municipality_a, municipality_b):
    page = contact_page(municipality_a)
    settings = SiteSettings.for_site(municipality_a.site)
    settings.privacy_notice_url = "https://alsovar.hu/gdpr.pdf"
    settings.save()

    html = client.get(page.url, HTTP_HOST=HOST).content.decode()
    other = contact_page(municipality_b)
    theirs = client.get(other.url, HTTP_HOST="felsovar.localhost").content.decode()

    assert '<a href="https://alsovar.hu/gdpr.pdf">' in html
    assert "gdpr.pdf" not in theirs  # one municipality's setting is its own


def test_the_notice_without_a_municipality_is_served_too(client, municipality_a):
    response = client.get(
        "/e-ugyintezes/adatkezelesi-tajekoztato/", {"onkormanyzat": "nincs-ilyen"}
    )

    assert response.status_code == 200
