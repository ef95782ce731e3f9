"""Through the Wagtail admin, a reference to another municipality's page, image or document
is refused with the Hungarian message, and nothing is saved."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from sites.models import (
    SiteSettings,
    StandardPage,
)
from themes.models import ThemeSettings

from .helpers import own_page, refuses, rich_text_link

pytestmark = pytest.mark.django_db


# -- through the Wagtail admin: the error is shown and nothing is saved


def form_messages(response):
    """Every error of the re-rendered admin form and of its inline rows, as text (a
    StreamField's errors reach the page as JSON for its widget, not as HTML)."""
    form = response.context["form"]
    forms = [
        form,
        *(row for formset in getattr(form, "formsets", {}).values() for row in formset.forms),
    ]
    return " ".join(
        text
        for each in forms
        for errors in each.errors.as_data().values()
        for error in errors
        for text in error.messages
    )


@pytest.fixture
def operator_client(client, operator):
    # Operators are not exempt: a municipality's content never points at another's.
    client.force_login(operator)
    return client


def standard_page_form(body):
    return nested_form_data(
        {
            "title": "Önkormányzat",
            "slug": "onkormanyzat",
            "intro": "",
            "body": streamfield(body),
        }
    )


def image_block(image):
    return ("image", {"image": image.pk, "decorative": "1", "alt_text": ""})


@pytest.mark.parametrize("user", ["editor", "operator"])
def test_admin_edit_with_a_foreign_image_in_the_stream_saves_nothing(
    client, editor_a, operator, targets, municipality_a, user
):
    client.force_login(editor_a if user == "editor" else operator)
    page = own_page(municipality_a, "onkormanyzat")
    revisions_before = page.revisions.count()

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        standard_page_form([image_block(targets["foreign"]["image"])]),
    )

    assert response.status_code == 200
    assert refuses(form_messages(response), "törzsszöveg", "image")
    assert page.revisions.count() == revisions_before
    page.refresh_from_db()
    assert not page.has_unpublished_changes

    # and the same form with the municipality's own image saves a draft
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        standard_page_form([image_block(targets["own"]["image"])]),
    )
    assert response.status_code == 302
    assert page.revisions.count() == revisions_before + 1


def test_admin_create_with_a_foreign_page_link_creates_nothing(
    operator_client, targets, municipality_a
):
    parent = own_page(municipality_a, "onkormanyzat")
    form = nested_form_data(
        {
            "title": "Új oldal",
            "slug": "uj-oldal",
            "intro": "",
            "body": streamfield(
                [("paragraph", rich_text(rich_text_link("page", targets["foreign"]["page"])))]
            ),
        }
    )

    response = operator_client.post(
        reverse("wagtailadmin_pages:add", args=["municipal", "standardpage", parent.pk]), form
    )

    assert response.status_code == 200
    assert refuses(form_messages(response), "törzsszöveg", "page")
    assert not StandardPage.objects.filter(slug="uj-oldal").exists()


def council_form(photo):
    return nested_form_data(
        {
            "title": "Képviselő-testület",
            "slug": "kepviselo-testulet",
            "intro": rich_text(""),
            "members": inline_formset(
                [
                    {
                        "name": "Kiss Anna",
                        "role": "",
                        "district": "",
                        "email": "",
                        "photo": photo.pk,
                    }
                ]
            ),
            "committees": inline_formset([]),
        }
    )


def test_admin_edit_with_a_foreign_photo_in_an_inline_row_saves_nothing(
    operator_client, targets, municipality_a
):
    page = own_page(municipality_a, "kepviselo-testulet")
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    response = operator_client.post(url, council_form(targets["foreign"]["image"]))

    assert response.status_code == 200
    assert refuses(form_messages(response), "fénykép", "image")
    assert not page.revisions.exists()

    response = operator_client.post(url, council_form(targets["own"]["image"]))
    assert response.status_code == 302
    assert page.revisions.count() == 1


def settings_url(app, model, site_id):
    return reverse("wagtailsettings:edit", args=(app, model, site_id))


def test_admin_theme_settings_with_a_foreign_logo_saves_nothing(
    operator_client, targets, municipality_a
):
    url = settings_url("themes", "themesettings", municipality_a.site_id)
    form = {
        "theme": "classic",
        "primary_colour": "",
        "secondary_colour": "",
        "accent_colour": "",
        "favicon": "",
        "header_image": "",
        "font": "",
    }

    response = operator_client.post(url, {**form, "logo": targets["foreign"]["image"].pk})

    assert response.status_code == 200
    assert refuses(form_messages(response), "címer vagy logó", "image")
    assert ThemeSettings.for_site(municipality_a.site).logo_id is None

    response = operator_client.post(url, {**form, "logo": targets["own"]["image"].pk})
    assert response.status_code == 302
    assert ThemeSettings.for_site(municipality_a.site).logo_id == targets["own"]["image"].pk


def test_admin_site_settings_with_a_foreign_footer_link_saves_nothing(
    operator_client, targets, municipality_a
):
    url = settings_url("municipal", "sitesettings", municipality_a.site_id)

    def form(page):
        return nested_form_data(
            {
                "footer_links": streamfield(
                    [("link", {"title": "Hírek", "page": page.pk, "url": ""})]
                ),
                "social_links": streamfield([]),
                "footer_text": "",
            }
        )

    response = operator_client.post(url, form(targets["foreign"]["page"]))

    assert response.status_code == 200
    assert refuses(form_messages(response), "lábléc hivatkozásai", "page")
    assert not SiteSettings.for_site(municipality_a.site).footer_links

    response = operator_client.post(url, form(targets["own"]["page"]))
    assert response.status_code == 302
    assert len(SiteSettings.for_site(municipality_a.site).footer_links) == 1
