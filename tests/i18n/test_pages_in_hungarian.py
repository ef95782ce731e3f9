"""The admin as an editor, moderator, site admin and officer, the login pages, the portal
and a municipality's site, rendered in Hungarian, contain none of the known English
strings (tests/i18n/known_english.txt): untranslated Wagtail and allauth strings,
allauth's informal Hungarian, raw user names, county names without accents."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from sites.constants import StaffRole
from sites.models import NewsIndexPage
from tests.factories.municipalities import UserFactory

from .english import english_in, known_english

pytestmark = pytest.mark.django_db


def test_the_list_catches_what_it_lists():
    html = (
        '<p>1-6 of 6 oldalak</p><span title="Autosave is paused"></span>'
        "<template><p>Go to the first error</p></template>"
        '<script type="application/json">{"label": "Eger – moderated publishing"}</script>'
        "<p>Belépett: tel36301234567</p>"
    )

    assert set(english_in(html)) == {
        r"re:\b\d+\s*-\s*\d+ of \d+\b",
        r"re:\b\d+ oldalak\b",
        "Autosave is paused",
        "Autosave is",
        "Go to the first error",
        "moderated publishing",
        r"re:\btel\d{8,}\b",
    }
    assert english_in("<p>Az automatikus mentés szünetel. Változások: 1–6, összesen 6</p>") == {}


def assert_hungarian(response, url):
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="hu"' in html, url
    assert english_in(html, PATTERNS) == {}, url


PATTERNS = known_english()


def admin_pages(municipality):
    root = municipality.root_page
    pages = [root, *root.get_descendants()]
    section = root.get_children().first()
    return [
        "/admin/",
        f"/admin/pages/{root.pk}/",
        f"/admin/pages/{section.pk}/",
        f"/admin/pages/{root.pk}/history/",
        f"/admin/pages/add/municipal/standardpage/{root.pk}/",
        "/admin/pages/search/?q=a",
        "/admin/images/",
        "/admin/documents/",
        "/admin/account/",
        "/admin/reports/locked/",
        "/admin/reports/workflow/",
        "/admin/reports/site-history/",
        *(f"/admin/pages/{page.pk}/edit/" for page in pages),
    ]


@pytest.mark.parametrize("role", [StaffRole.EDITOR, StaffRole.MODERATOR, StaffRole.SITE_ADMIN])
def test_the_admin_of_a_website_is_hungarian(client, make_staff, municipality_a, role):
    person = make_staff(municipality_a, role, first_name="Erika", last_name="Szabó")
    client.force_login(person)

    urls = admin_pages(municipality_a)
    if role == StaffRole.SITE_ADMIN:
        urls.append(reverse("municipal_staff:index", args=[municipality_a.pk]))
    for url in urls:
        assert_hungarian(client.get(url, follow=True), url)


def test_the_admins_validation_messages_are_hungarian(client, make_staff, municipality_a):
    client.force_login(make_staff(municipality_a, StaffRole.EDITOR))
    index = NewsIndexPage.objects.descendant_of(municipality_a.root_page).get()
    news = {
        "title": "",
        "slug": "",
        "date": "2026-11-20",
        "category": "hir",
        "intro": "",
        "body": streamfield([("paragraph", rich_text("<p>Szöveg</p>"))]),
        "tags": "",
    }
    add_url = reverse("wagtailadmin_pages:add", args=["municipal", "newspage", index.pk])
    edit_url = reverse("wagtailadmin_pages:edit", args=[index.pk])

    created = client.post(add_url, nested_form_data(news))
    edited = client.post(edit_url, nested_form_data({"title": "", "slug": index.slug}))

    assert_hungarian(created, add_url)
    assert "Az oldalt nem sikerült létrehozni" in created.content.decode()
    assert_hungarian(edited, edit_url)
    assert "Az oldalt nem sikerült menteni" in edited.content.decode()


def test_the_officers_admin_is_hungarian(client, make_staff, municipality_a):
    client.force_login(make_staff(municipality_a, StaffRole.OFFICER))
    urls = [
        "/admin/",
        "/admin/account/",
        reverse("documents_admin:cases", args=[municipality_a.pk]),
        reverse("documents_admin:new_case", args=[municipality_a.pk]),
        reverse("forms_admin:municipality", args=[municipality_a.pk]),
        reverse("forms_admin:submissions", args=[municipality_a.pk]),
        reverse("payments_admin:list", args=[municipality_a.pk]),
        reverse("payments_admin:report", args=[municipality_a.pk]),
    ]
    for url in urls:
        assert_hungarian(client.get(url, follow=True), url)


def test_the_portal_and_its_login_pages_are_hungarian(client, municipality_a):
    urls = [
        "/",
        "/?q=alsovar",
        "/fiok/login/",
        "/fiok/login/code/",
        "/fiok/signup/",
        "/fiok/password/reset/",
    ]
    for url in urls:
        assert_hungarian(client.get(url, follow=True), url)

    sent = client.post("/fiok/login/code/", {"phone": "06 30 123 4567"}, follow=True)
    assert_hungarian(sent, "/fiok/login/code/confirm/")


def test_a_citizens_pages_are_hungarian(client, municipality_a):
    citizen = UserFactory(username="tel36301234567", first_name="", last_name="")
    client.force_login(citizen)
    urls = [
        "/",
        "/fiok/profilom/",
        reverse("affairs:index"),
        reverse("affairs:mailbox"),
        reverse("affairs:documents"),
        reverse("affairs:payments"),
        reverse("affairs:notifications"),
    ]
    for url in urls:
        assert_hungarian(client.get(url, follow=True), url)


def test_a_municipalitys_website_is_hungarian(client, municipality_a):
    host = municipality_a.site.hostname
    for page in Page.objects.descendant_of(municipality_a.root_page, inclusive=True).live():
        url = page.relative_url(municipality_a.site)
        assert_hungarian(client.get(url, HTTP_HOST=host, follow=True), url)
