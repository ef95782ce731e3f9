"""A municipality's content points only at its own pages, images and documents.

Wagtail's choosers post raw ids: every container (StreamField blocks at any depth, rich text
links and embeds, foreign keys, inline rows, site settings, tenant-owned snippets) is
checked on save, for operators as for editors."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from sites.models import (
    CouncilMember,
    DecreePage,
    LibraryDocument,
    Municipality,
    SiteSettings,
    StandardPage,
)
from sites.references import ReferencesCheckedMixin
from sites.tenancy import TenantOwnedModel
from tests.factories.municipalities import make_document, make_image
from themes.models import ThemeSettings

pytestmark = pytest.mark.django_db

KIND_WORDS = {"page": "oldalára", "image": "képére", "document": "dokumentumára"}


def refuses(text, field, kind):
    """Whether the text holds the Hungarian refusal naming the field (a StreamField's
    message goes on down to the block: „törzsszöveg › Képgaléria › Képek”)."""
    pattern = (
        rf"A\(z\) „{re.escape(field)}( › [^”]+)?” mező egy másik önkormányzat "
        rf"{KIND_WORDS[kind]} mutat\. Saját \w+ válasszon\."
    )
    return re.search(pattern, text) is not None


def all_messages(error):
    return [text for texts in error.message_dict.values() for text in texts]


# -- what each municipality owns


def own_page(municipality, slug):
    return Page.objects.descendant_of(municipality.root_page).get(slug=slug).specific


@pytest.fixture
def targets(municipality_a, municipality_b):
    """targets[owner][kind]: a page, an image and a document of A and of B."""
    return {
        owner: {
            "page": own_page(municipality, "hirek"),
            "image": make_image(municipality, f"{municipality.name} képe"),
            "document": make_document(municipality, f"{municipality.name} rendelete"),
        }
        for owner, municipality in (("own", municipality_a), ("foreign", municipality_b))
    }


# -- containers: each builds A's object pointing at a target, and says which field it names


def rich_text_link(kind, target):
    if kind == "image":
        return f'<embed embedtype="image" id="{target.pk}" format="fullwidth" alt=""/>'
    return f'<p><a linktype="{kind}" id="{target.pk}">hivatkozás</a></p>'


def stream_nested_block(municipality, kind, target):
    # Every reference sits at least two blocks deep (a list in a struct in the stream).
    body = {
        "page": [{"type": "call_to_action", "value": {
            "text": "Intézze online", "button": "Indítás", "page": target.pk, "url": ""}}],
        "image": [{"type": "gallery", "value": {"title": "", "images": [{
            "type": "item", "id": "i1",
            "value": {"image": target.pk, "decorative": True, "alt_text": ""}}]}}],
        "document": [{"type": "documents", "value": {"title": "", "documents": [
            {"type": "item", "id": "d1", "value": target.pk}]}}],
    }[kind]
    page = own_page(municipality, "onkormanyzat")
    page.body = json.dumps(body)
    return page, "törzsszöveg"


def rich_text_block(municipality, kind, target):
    page = own_page(municipality, "onkormanyzat")
    page.body = json.dumps([{"type": "accordion", "value": {"title": "", "items": [{
        "type": "item", "id": "q1",
        "value": {"question": "Hol?", "answer": rich_text_link(kind, target)}}]}}])
    return page, "törzsszöveg"


def rich_text_field(municipality, kind, target):
    page = own_page(municipality, "rendeletek")
    page.intro = rich_text_link(kind, target)
    return page, "bevezető"


def foreign_key(municipality, kind, target):
    if kind == "image":
        page = municipality.root_page.specific
        page.hero_image = target
        return page, "nyitókép"
    page = own_page(municipality, "rendeletek")
    decree = page.add_child(instance=DecreePage(
        title="Rendelet", number=1, promulgated_on="2026-03-05", in_force_from="2026-03-06"))
    decree.document = target
    return decree, "PDF"


def inline_row(municipality, kind, target):
    if kind == "image":
        page = own_page(municipality, "kepviselo-testulet")
        page.members = [CouncilMember(name="Kiss Anna", photo=target)]
        return page, "képviselő › fénykép"
    page = own_page(municipality, "dokumentumtar")
    page.documents = [LibraryDocument(document=target, category="egyeb", year=2026)]
    return page, "dokumentumtári tétel › dokumentum"


def site_setting(municipality, kind, target):
    if kind == "image":
        settings = ThemeSettings.for_site(municipality.site)
        settings.logo = target
        return settings, "címer vagy logó"
    settings = SiteSettings.for_site(municipality.site)
    settings.footer_links = json.dumps([{"type": "link", "value": {
        "title": "Hírek", "page": target.pk, "url": ""}}])
    return settings, "lábléc hivatkozásai"


@pytest.fixture(scope="module")
def snippet_model():
    """A tenant-owned snippet as a municipality's own snippets would be written (the project
    registers none yet), in a throwaway app registry: its clean() needs no table."""
    with isolate_apps("tests"):

        class Notice(ReferencesCheckedMixin, TenantOwnedModel):
            # The registry is a throwaway: the municipality is named by class, not by label.
            municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                             related_name="+")
            page = models.ForeignKey(Page, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="oldal")
            image = models.ForeignKey(get_image_model(), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+",
                                      verbose_name="kép")
            document = models.ForeignKey(get_document_model(), null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+",
                                         verbose_name="melléklet")

            class Meta:
                app_label = "tests"

        yield Notice


@pytest.fixture
def snippet(snippet_model):
    def build(municipality, kind, target):
        notice = snippet_model(municipality=municipality, **{kind: target})
        return notice, {"page": "oldal", "image": "kép", "document": "melléklet"}[kind]

    return build


CASES = [
    ("stream_nested_block", "page"),
    ("stream_nested_block", "image"),
    ("stream_nested_block", "document"),
    ("rich_text_block", "page"),
    ("rich_text_block", "image"),
    ("rich_text_block", "document"),
    ("rich_text_field", "page"),
    ("rich_text_field", "image"),
    ("rich_text_field", "document"),
    ("foreign_key", "image"),
    ("foreign_key", "document"),
    ("inline_row", "image"),
    ("inline_row", "document"),
    ("site_setting", "page"),
    ("site_setting", "image"),
    ("snippet", "page"),
    ("snippet", "image"),
    ("snippet", "document"),
]


@pytest.fixture
def container(request, snippet):
    def build(name, *args):
        return snippet(*args) if name == "snippet" else globals()[name](*args)

    return build


@pytest.mark.parametrize(("container_name", "kind"), CASES)
def test_a_reference_to_another_municipality_is_refused(
    container, container_name, kind, targets, municipality_a
):
    instance, field = container(container_name, municipality_a, kind, targets["foreign"][kind])

    with pytest.raises(ValidationError) as refused:
        instance.full_clean()

    assert refuses(" ".join(all_messages(refused.value)), field, kind)


@pytest.mark.parametrize(("container_name", "kind"), CASES)
def test_a_reference_to_its_own_municipality_is_kept(
    container, container_name, kind, targets, municipality_a
):
    instance, _field = container(container_name, municipality_a, kind, targets["own"][kind])

    instance.full_clean()  # no error


def test_provider_content_may_be_pointed_at(municipality_a):
    # Images of the provider's own collection (outside every municipality's) are for all.
    shared = get_image_model().objects.create(
        title="Magyarország címere", file=make_image(municipality_a, "x").file,
        collection=Collection.get_first_root_node(),
    )
    page = municipality_a.root_page.specific
    page.hero_image = shared

    page.full_clean()  # no error


def test_publishing_a_revision_with_a_foreign_reference_is_refused(targets, municipality_a):
    # A draft saved before this check (or past it, clean=False) cannot go live.
    live_body = own_page(municipality_a, "onkormanyzat").body.get_prep_value()
    page, _field = stream_nested_block(municipality_a, "image", targets["foreign"]["image"])
    revision = page.save_revision(clean=False)

    with pytest.raises(ValidationError):
        revision.publish()

    page.refresh_from_db()
    assert page.live_revision_id != revision.pk
    assert page.body.get_prep_value() == live_body


# -- through the Wagtail admin: the error is shown and nothing is saved


def form_messages(response):
    """Every error of the re-rendered admin form and of its inline rows, as text (a
    StreamField's errors reach the page as JSON for its widget, not as HTML)."""
    form = response.context["form"]
    forms = [form, *(row for formset in getattr(form, "formsets", {}).values()
                     for row in formset.forms)]
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
    return nested_form_data({
        "title": "Önkormányzat",
        "slug": "onkormanyzat",
        "intro": "",
        "body": streamfield(body),
    })


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
    form = nested_form_data({
        "title": "Új oldal",
        "slug": "uj-oldal",
        "intro": "",
        "body": streamfield([("paragraph", rich_text(rich_text_link(
            "page", targets["foreign"]["page"])))]),
    })

    response = operator_client.post(
        reverse("wagtailadmin_pages:add", args=["municipal", "standardpage", parent.pk]), form
    )

    assert response.status_code == 200
    assert refuses(form_messages(response), "törzsszöveg", "page")
    assert not StandardPage.objects.filter(slug="uj-oldal").exists()


def council_form(photo):
    return nested_form_data({
        "title": "Képviselő-testület",
        "slug": "kepviselo-testulet",
        "intro": rich_text(""),
        "members": inline_formset([{
            "name": "Kiss Anna", "role": "", "district": "", "email": "", "photo": photo.pk,
        }]),
        "committees": inline_formset([]),
    })


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
    form = {"theme": "classic", "primary_colour": "", "secondary_colour": "",
            "accent_colour": "", "favicon": "", "header_image": "", "font": ""}

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
        return nested_form_data({
            "footer_links": streamfield([("link", {"title": "Hírek", "page": page.pk, "url": ""})]),
            "social_links": streamfield([]),
            "footer_text": "",
        })

    response = operator_client.post(url, form(targets["foreign"]["page"]))

    assert response.status_code == 200
    assert refuses(form_messages(response), "lábléc hivatkozásai", "page")
    assert not SiteSettings.for_site(municipality_a.site).footer_links

    response = operator_client.post(url, form(targets["own"]["page"]))
    assert response.status_code == 302
    assert len(SiteSettings.for_site(municipality_a.site).footer_links) == 1

