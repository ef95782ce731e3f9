"""Theme settings in the Wagtail admin: each municipality's site admin, their own site only."""

import pytest
from django.urls import reverse

from sites.constants import StaffRole
from themes.models import ThemeSettings

pytestmark = pytest.mark.django_db


def edit_url(site_id):
    return reverse("wagtailsettings:edit", args=("themes", "themesettings", site_id))


def form_data(**overrides):
    data = {
        "theme": "classic",
        "primary_colour": "",
        "secondary_colour": "",
        "accent_colour": "",
        "logo": "",
        "favicon": "",
        "header_image": "",
        "font": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def a_admin_client(client, site_admin_a):
    client.force_login(site_admin_a)
    return client


def test_site_admin_edits_their_own_sites_theme(a_admin_client, municipality_a):
    url = edit_url(municipality_a.site_id)

    response = a_admin_client.get(url)
    assert response.status_code == 200
    assert 'value="sidebar"' in response.content.decode()

    response = a_admin_client.post(url, form_data(theme="sidebar", primary_colour="#0b3d2e"))
    assert response.status_code == 302
    saved = ThemeSettings.for_site(municipality_a.site)
    assert (saved.theme, saved.primary_colour) == ("sidebar", "#0b3d2e")


def test_the_admin_form_shows_the_contrast_refusal(a_admin_client, municipality_a):
    response = a_admin_client.post(
        edit_url(municipality_a.site_id), form_data(primary_colour="#ffdd00")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "kontrasztaránya" in html and "1,34:1" in html
    assert not ThemeSettings.objects.filter(site=municipality_a.site, primary_colour="#ffdd00")


def test_site_admin_of_a_cannot_open_or_change_bs_theme(
    a_admin_client, municipality_a, municipality_b
):
    url = edit_url(municipality_b.site_id)

    assert a_admin_client.get(url).status_code == 404
    a_admin_client.post(url, form_data(theme="modern"))

    assert not ThemeSettings.objects.filter(site=municipality_b.site, theme="modern").exists()


def test_the_settings_menu_entry_leads_to_the_admins_own_site(
    a_admin_client, municipality_a, municipality_b
):
    # Wagtail's entry point picks "the current site" from the admin's host (here the portal),
    # which a municipality's admin may not edit: it must fall to their own site, not B's.
    response = a_admin_client.get(reverse("wagtailsettings:edit", args=("themes", "themesettings")))
    assert response.status_code == 302
    assert response.url == edit_url(municipality_a.site_id)


def test_the_site_switcher_offers_only_the_admins_own_site(
    a_admin_client, municipality_a, municipality_b, make_staff
):
    response = a_admin_client.get(edit_url(municipality_a.site_id))
    html = response.content.decode()
    assert edit_url(municipality_b.site_id) not in html


def test_site_admin_of_two_municipalities_switches_between_exactly_those(
    client, municipality_a, municipality_b, given_municipality, make_staff
):
    third = given_municipality(name="Középvár", slug="kozepvar", ksh_code="60003")
    user = make_staff(municipality_a, StaffRole.SITE_ADMIN, username="ketteswebadmin")
    make_staff(third, StaffRole.SITE_ADMIN, username="ketteswebadmin")
    client.force_login(user)

    html = client.get(edit_url(municipality_a.site_id)).content.decode()

    assert edit_url(third.site_id) in html
    assert edit_url(municipality_b.site_id) not in html


def test_an_editor_cannot_change_the_theme(client, municipality_a, editor_a):
    client.force_login(editor_a)
    assert client.get(edit_url(municipality_a.site_id)).status_code in (302, 403)


def test_operators_see_and_edit_every_sites_theme(client, operator, municipality_a, municipality_b):
    client.force_login(operator)

    html = client.get(edit_url(municipality_a.site_id)).content.decode()
    assert edit_url(municipality_b.site_id) in html  # the site switcher

    response = client.post(edit_url(municipality_b.site_id), form_data(theme="modern"))
    assert response.status_code == 302
    assert ThemeSettings.for_site(municipality_b.site).theme == "modern"
