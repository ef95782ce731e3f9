"""The account area in every header, the notification preference and its place on the
profile page."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from portal.affairs.services import email_notifications_on
from services.documents import services as registry
from themes.models import ThemeSettings

pytestmark = pytest.mark.django_db

BUILTIN_THEMES = ["classic", "sidebar", "modern"]


def account_area(page):
    return page.split('class="account-area"')[1].split("</nav>")[0]


def test_an_anonymous_visitor_on_the_portal_gets_login_and_a_cacheable_page(client, db):
    response = client.get("/")
    area = account_area(response.content.decode())
    assert 'href="/fiok/login/?next=/ugyeim/"' in area
    assert 'href="/ugyeim/"' in area
    assert "logout" not in area
    assert "csrftoken" not in response.cookies  # nothing per visitor: the page cache may keep it


@override_settings(PORTAL_URL="https://portal.example.hu")
@pytest.mark.parametrize("theme", BUILTIN_THEMES)
def test_a_municipal_site_links_to_the_portal_in_every_theme(client, municipality_a, theme):
    theme_settings = ThemeSettings.for_site(municipality_a.site)
    theme_settings.theme = theme
    theme_settings.save()
    response = client.get("/", HTTP_HOST=municipality_a.site.hostname)
    assert response.status_code == 200
    area = account_area(response.content.decode())
    assert 'href="https://portal.example.hu/fiok/login/?next=/ugyeim/"' in area
    assert 'href="https://portal.example.hu/ugyeim/"' in area


@pytest.mark.parametrize("theme", BUILTIN_THEMES)
def test_a_signed_in_citizen_sees_my_affairs_with_unread_count_profile_and_logout(
    client, run_on_commit, municipality_a, case_a, citizen, officer_a, theme
):
    theme_settings = ThemeSettings.for_site(municipality_a.site)
    theme_settings.theme = theme
    theme_settings.save()
    run_on_commit(registry.assign, case_a, officer_a)
    run_on_commit(registry.reply, case_a, subject="Válasz", text="Szöveg", user=officer_a)
    client.force_login(citizen)
    area = account_area(client.get("/", HTTP_HOST=municipality_a.site.hostname).content.decode())
    assert 'href="/ugyeim/"' in area
    assert 'class="unread-badge">1<' in area and "olvasatlan üzenet" in area
    assert 'href="/fiok/profilom/"' in area
    assert 'action="/fiok/logout/"' in area and "csrfmiddlewaretoken" in area
    assert "/fiok/login/" not in area


def test_the_preference_is_on_by_default_and_turned_off_on_its_page(
    client, run_on_commit, case_a, citizen, officer_a
):
    client.force_login(citizen)
    page = client.get(reverse("affairs:notifications")).content.decode()
    assert email_notifications_on(citizen)
    assert "checked" in page.split('name="email_notifications"')[1].split(">")[0]
    assert "kiss.anna@example.hu" in page

    response = client.post(reverse("affairs:notifications"), {})
    assert response.status_code == 302
    assert not email_notifications_on(citizen)
    mail.outbox.clear()
    run_on_commit(registry.assign, case_a, officer_a)
    assert mail.outbox == []

    client.post(reverse("affairs:notifications"), {"email_notifications": "on"})
    assert email_notifications_on(citizen)


def test_the_preference_of_one_citizen_is_not_anothers(client, citizen, other_citizen):
    client.force_login(citizen)
    client.post(reverse("affairs:notifications"), {})
    assert not email_notifications_on(citizen)
    assert email_notifications_on(other_citizen)


def test_the_profile_page_shows_the_preference_and_links_it(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Értesítések" in page and "bekapcsolva" in page
    assert f'href="{reverse("affairs:notifications")}"' in page
