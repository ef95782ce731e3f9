import io
from dataclasses import asdict

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site

from sites.constants import County, LegalStatus, StaffRole
from sites.models import Municipality
from sites.page_cache import invalidate_site
from sites.provisioning import MunicipalityData, provision_municipality
from sites.roles import role_permissions
from tests.snapshots import built_once


class MunicipalityDataFactory(factory.Factory):
    class Meta:
        model = MunicipalityData

    name = factory.Sequence(lambda n: f"Próbafalva {n}")
    ksh_code = factory.Sequence(lambda n: f"{60000 + n:05d}")
    county = County.PEST
    legal_status = LegalStatus.VILLAGE
    postal_code = "2000"
    population = 1200


def recorded_municipality(earlier, **fields):
    """A provisioned municipality, provisioned for real the first time a test process needs
    it and copied into each later test that asks for the same after the same ``earlier``
    (the keys of what the test was given before it, which this appends to)."""
    data = MunicipalityDataFactory(**fields)
    key = ("municipality", repr(asdict(data)), *earlier)
    municipality = built_once(
        (key, _provisioning_context()),
        build=lambda: provision_municipality(data).municipality,
        load=_load_municipality,
    )
    earlier.append(key)
    return municipality


def _provisioning_context():
    """What provisioning reads besides the database and its data."""
    grants = [
        (
            role,
            sorted(role_permissions.for_role(role)),
            sorted(role_permissions.on_site_for_role(role)),
        )
        for role in StaffRole
    ]
    return (settings.BASE_DOMAIN, settings.SITE_PORT, settings.LANGUAGE_CODE, repr(grants))


def _load_municipality(pk):
    municipality = Municipality.objects.select_related("site", "collection", "root_page").get(pk=pk)
    municipality.root_page = municipality.root_page.specific  # as provisioning returns it
    # What provisioning's saves do besides writing rows (their signal handlers).
    Site.clear_site_root_paths_cache()
    invalidate_site(municipality.site_id)
    return municipality


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.hu")
    first_name = "Teszt"
    last_name = factory.Sequence(lambda n: f"Felhasználó {n}")
    password = factory.django.Password("jelszo-teszt-1")


def png_file(name="kep.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return ImageFile(buffer, name=name)


def make_image(municipality, title):
    return get_image_model().objects.create(
        title=title, file=png_file(), collection=municipality.collection
    )


def make_document(municipality, title):
    from django.core.files.base import ContentFile

    document = get_document_model()(title=title, collection=municipality.collection)
    document.file.save("rendelet.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    return document
