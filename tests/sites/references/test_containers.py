"""A municipality's content points only at its own pages, images and documents.

Wagtail's choosers post raw ids: every container (StreamField blocks at any depth, rich text
links and embeds, foreign keys, inline rows, site settings, tenant-owned snippets) is
checked on save, for operators as for editors."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test.utils import isolate_apps
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from sites.models import (
    CouncilMember,
    DecreePage,
    LibraryDocument,
    Municipality,
    SiteSettings,
)
from sites.references import ReferencesCheckedMixin
from sites.tenancy import TenantOwnedModel
from tests.factories.municipalities import make_image
from themes.models import ThemeSettings

from .helpers import all_messages, own_page, refuses, rich_text_link

pytestmark = pytest.mark.django_db


# -- containers: each builds A's object pointing at a target, and says which field it names


def stream_nested_block(municipality, kind, target):
    # Every reference sits at least two blocks deep (a list in a struct in the stream).
    body = {
        "page": [
            {
                "type": "call_to_action",
                "value": {
                    "text": "Intézze online",
                    "button": "Indítás",
                    "page": target.pk,
                    "url": "",
                },
            }
        ],
        "image": [
            {
                "type": "gallery",
                "value": {
                    "title": "",
                    "images": [
                        {
                            "type": "item",
                            "id": "i1",
                            "value": {"image": target.pk, "decorative": True, "alt_text": ""},
                        }
                    ],
                },
            }
        ],
        "document": [
            {
                "type": "documents",
                "value": {
                    "title": "",
                    "documents": [{"type": "item", "id": "d1", "value": target.pk}],
                },
            }
        ],
    }[kind]
    page = own_page(municipality, "onkormanyzat")
    page.body = json.dumps(body)
    return page, "törzsszöveg"


def rich_text_block(municipality, kind, target):
    page = own_page(municipality, "onkormanyzat")
    page.body = json.dumps(
        [
            {
                "type": "accordion",
                "value": {
                    "title": "",
                    "items": [
                        {
                            "type": "item",
                            "id": "q1",
                            "value": {"question": "Hol?", "answer": rich_text_link(kind, target)},
                        }
                    ],
                },
            }
        ]
    )
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
    decree = page.add_child(
        instance=DecreePage(
            title="Rendelet", number=1, promulgated_on="2026-03-05", in_force_from="2026-03-06"
        )
    )
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
    settings.footer_links = json.dumps(
        [{"type": "link", "value": {"title": "Hírek", "page": target.pk, "url": ""}}]
    )
    return settings, "lábléc hivatkozásai"


@pytest.fixture(scope="module")
def snippet_model():
    """A tenant-owned snippet as a municipality's own snippets would be written (the project
    registers none yet), in a throwaway app registry: its clean() needs no table."""
    with isolate_apps("tests"):

        class Notice(ReferencesCheckedMixin, TenantOwnedModel):
            # The registry is a throwaway: the municipality is named by class, not by label.
            municipality = models.ForeignKey(
                Municipality, on_delete=models.CASCADE, related_name="+"
            )
            page = models.ForeignKey(
                Page,
                null=True,
                blank=True,
                on_delete=models.SET_NULL,
                related_name="+",
                verbose_name="oldal",
            )
            image = models.ForeignKey(
                get_image_model(),
                null=True,
                blank=True,
                on_delete=models.SET_NULL,
                related_name="+",
                verbose_name="kép",
            )
            document = models.ForeignKey(
                get_document_model(),
                null=True,
                blank=True,
                on_delete=models.SET_NULL,
                related_name="+",
                verbose_name="melléklet",
            )

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
        title="Magyarország címere",
        file=make_image(municipality_a, "x").file,
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
