"""No private file at a public path.

Citizens' attachments, registry files and Wagtail documents live in the private storage:
outside MEDIA_ROOT (which `make run` and the proxy serve to anyone), without a URL, under
names nobody can guess, and are read only through the views that check access. Images stay
public website content."""

import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.views.static import serve
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

from services.documents import services as registry
from services.documents.casetypes import case_types
from services.documents.models import DocumentFile
from services.forms import services as forms
from sites.storage import PrivateFileSystemStorage
from tests.factories.forms import library_template
from tests.factories.municipalities import make_image

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% teszt\n"
RANDOM_NAME = re.compile(r"[0-9a-f]{32}\.pdf")


def is_under(path, folder):
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def files_under(folder):
    return [path for path in Path(folder).rglob("*") if path.is_file()]


def served_from_media(name):
    """What `make run` (django.views.static, DEBUG) and a proxy serving MEDIA_ROOT give."""
    try:
        request = RequestFactory().get(f"/media/{name}")
        return serve(request, name, document_root=settings.MEDIA_ROOT)
    except Http404:
        return None


def assert_private(field_file, original_name):
    assert is_under(field_file.path, settings.PRIVATE_MEDIA_ROOT)
    assert not is_under(field_file.path, settings.MEDIA_ROOT)
    assert RANDOM_NAME.fullmatch(Path(field_file.name).name)
    assert Path(original_name).stem not in field_file.name
    with pytest.raises(NotImplementedError):
        field_file.url  # noqa: B018 (no public address at all)
    for guess in (field_file.name, original_name, f"urlapok/{original_name}",
                  f"iratok/{original_name}"):
        assert served_from_media(guess) is None


# -- the three kinds of private file


@pytest.fixture
def private_collection(municipality_a):
    """A sub-collection of A's media that only logged-in visitors may open."""
    collection = municipality_a.collection.add_child(name="Belső anyagok")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def test_a_wagtail_document_in_a_private_collection(
    client, editor_a, municipality_a, private_collection
):
    # given: an editor uploads a document into the restricted collection
    client.force_login(editor_a)
    response = client.post(reverse("wagtaildocs:add"), {
        "title": "Belső szabályzat",
        "file": SimpleUploadedFile("belso-szabalyzat.pdf", PDF + b"titok"),
        "collection": private_collection.pk,
        "tags": "",
    })
    assert response.status_code == 302
    document = get_document_model().objects.get(title="Belső szabályzat")

    # then: the file is private, and nothing of it is under the public media folder
    assert is_under(document.file.path, settings.PRIVATE_MEDIA_ROOT)
    assert files_under(settings.MEDIA_ROOT) == []
    assert served_from_media(document.file.name) is None
    assert served_from_media(f"documents/{document.filename}") is None
    assert document.url == f"/documents/{document.pk}/{document.filename}"

    # and /documents/ checks the collection's restriction before serving it
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(editor_a)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).endswith(b"titok")


def test_a_citizens_attachment(municipality_a):
    customisation = forms.adopt(municipality_a, library_template("PANASZ-001"))
    forms.publish(customisation)
    draft = forms.save_draft(customisation, {})

    stored = forms.attach_draft_file(
        draft, "melleklet", SimpleUploadedFile("kiss-anna-orvosi-lelete.pdf", PDF + b"x")
    )

    assert stored.original_name == "kiss-anna-orvosi-lelete.pdf"  # what the pages show
    assert_private(stored.file, stored.original_name)
    with stored.file.open("rb") as handle:  # how the views read it
        assert handle.read().startswith(b"%PDF-")


def test_a_registry_document(municipality_a):
    case = registry.open_case(
        municipality_a, case_type=case_types(municipality_a).get(code="B-220"),
        subject="Közterület-használat", client_name="Kiss Anna",
    )
    registry.register_document(
        case, direction="incoming", subject="Kérelem", correspondent="Kiss Anna",
        files=[SimpleUploadedFile("kiss-anna-kerelme.pdf", PDF + b"y")],
    )

    stored = DocumentFile.objects.for_municipality(municipality_a).get()
    assert_private(stored.file, stored.original_name)


def test_images_stay_public_website_content(municipality_a):
    image = make_image(municipality_a, "Főtér")

    assert is_under(image.file.path, settings.MEDIA_ROOT)
    assert image.file.url.startswith(settings.MEDIA_URL)
    assert served_from_media(image.file.name) is not None


def test_files_stored_before_are_moved_out_of_the_public_folder():
    # What the migrations do with the files stored in the default storage before.
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from sites.storage import move_to_private_storage, private_storage

    name = default_storage.save("iratok/1/2026/regi.pdf", ContentFile(PDF))

    assert move_to_private_storage([name, name, "", "iratok/nincs-ilyen.pdf"]) == 1
    assert files_under(settings.MEDIA_ROOT) == []
    with private_storage.open(name, "rb") as moved:
        assert moved.read() == PDF


# -- configuration


def test_wagtail_documents_use_the_private_storage_without_a_migration_of_wagtails():
    storage = get_document_model()._meta.get_field("file").storage

    assert isinstance(storages["private"], PrivateFileSystemStorage)
    assert storage.location == str(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    with pytest.raises(NotImplementedError):
        storage.url("documents/szabalyzat.pdf")
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    # every model's migrations describe it (makemigrations --check exits on a change)
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def base_settings(monkeypatch, **environment):
    """The settings of the files banner (portal/settings/storage.py, which base.py takes
    in) as this environment makes them."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    # Run afresh: the settings module already imported stays as it is.
    return runpy.run_module("portal.settings.storage")


def test_the_private_folder_is_outside_the_public_ones(monkeypatch):
    values = base_settings(monkeypatch)
    assert not is_under(values["PRIVATE_MEDIA_ROOT"], values["MEDIA_ROOT"])
    assert not is_under(values["PRIVATE_MEDIA_ROOT"], values["STATIC_ROOT"])


def test_a_private_folder_inside_media_root_is_refused(monkeypatch, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="PRIVATE_MEDIA_ROOT"):
        base_settings(monkeypatch, MEDIA_ROOT=str(tmp_path / "media"),
                      PRIVATE_MEDIA_ROOT=str(tmp_path / "media" / "private"))


def test_on_s3_private_objects_are_private_and_links_signed_and_short(monkeypatch):
    from storages.backends.s3 import S3Storage

    values = base_settings(
        monkeypatch, S3_BUCKET="varoshaza-media", S3_REGION="eu-central-1",
        AWS_ACCESS_KEY_ID="AKIATESZT", AWS_SECRET_ACCESS_KEY="teszt-titok",
    )
    private = values["STORAGES"]["private"]
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"

    storage = S3Storage(**private["OPTIONS"])  # no request is made until a file is touched

    assert storage.default_acl == "private"
    assert storage._get_write_parameters("urlapok/1/a.pdf")["ACL"] == "private"
    assert storage.location == "private"
    assert storage.querystring_auth and storage.querystring_expire <= 300
    url = storage.url("urlapok/1/a.pdf")
    assert "Signature" in url and "Expires" in url  # signed (SigV2 or SigV4), expiring
    # the public storage (images) is still the bucket's default, not the private prefix
    assert values["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
