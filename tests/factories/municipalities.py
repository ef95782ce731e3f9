import io

import factory
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from sites.constants import County, LegalStatus
from sites.provisioning import MunicipalityData


class MunicipalityDataFactory(factory.Factory):
    class Meta:
        model = MunicipalityData

    name = factory.Sequence(lambda n: f"Próbafalva {n}")
    ksh_code = factory.Sequence(lambda n: f"{60000 + n:05d}")
    county = County.PEST
    legal_status = LegalStatus.VILLAGE
    postal_code = "2000"
    population = 1200


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
