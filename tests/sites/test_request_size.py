"""Size limits: a request larger than the platform takes gets a Hungarian page that names
the limits, with status 413 (not Django's bare 400, not a 500), and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from services.forms import services as forms
from services.intake.models import Application
from tests.services.forms.conftest import load
from tests.services.intake.test_channels import HOST_A, complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint_form(municipality_a):
    customisation = forms.adopt(municipality_a, load("PANASZ-001"))
    forms.publish(customisation)
    return customisation


def post(customisation, data):
    return Client().post(f"/urlapok/{customisation.code}/", data, HTTP_HOST=HOST_A)


def test_the_limits_come_from_the_environment_with_sane_defaults(settings):
    assert settings.MAX_UPLOAD_MB == 20
    assert settings.MAX_REQUEST_MB >= settings.MAX_UPLOAD_MB
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    assert settings.DOCUMENTS_MAX_UPLOAD_MB == settings.MAX_UPLOAD_MB
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == settings.MAX_UPLOAD_MB * 1024 * 1024


def test_an_upload_over_the_request_limit_gets_the_hungarian_413_page(settings, complaint_form):
    settings.MAX_REQUEST_MB = 1
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))

    response = post(complaint_form, {**complaint("Kiss Anna"), "melleklet": big})

    assert response.status_code == 413
    page = response.content.decode()
    assert "túl nagy" in page and "legfeljebb 20 MB" in page and "legfeljebb 1 MB" in page
    assert not Application.objects.for_municipality(complaint_form.municipality).exists()


def test_fields_over_djangos_limit_get_the_413_page_too(settings, complaint_form):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = post(complaint_form, {**complaint("Kiss Anna"), "leiras": "x" * 20_000})

    assert response.status_code == 413
    assert "túl nagy" in response.content.decode()
    assert not Application.objects.for_municipality(complaint_form.municipality).exists()


def test_too_many_fields_get_a_hungarian_400_page(settings, complaint_form):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20

    response = post(complaint_form, {**complaint("Kiss Anna"), **{f"f{i}": "x" for i in range(50)}})

    assert response.status_code == 400
    assert "Túl sok mező" in response.content.decode()


def test_a_request_within_the_limits_goes_through(settings, complaint_form):
    settings.MAX_REQUEST_MB = 1

    response = post(complaint_form, complaint("Kiss Anna"))

    assert response.status_code == 200
    assert Application.objects.for_municipality(complaint_form.municipality).count() == 1


def test_the_limit_holds_for_a_citizens_file_on_the_portal(settings, client):
    settings.MAX_REQUEST_MB = 1
    response = client.post(
        "/e-ugyintezes/valami/piszkozat/ABC/lepes/x/",
        {"f": SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024))},
    )
    assert response.status_code == 413


def test_a_webhook_still_reads_its_raw_body_after_the_check(client):
    """A provider's webhook (exempt from the CSRF check) reads the raw body to verify its
    signature: the check must not have parsed a multipart body away (that would be a 500)."""
    response = client.post("/fizetes/ertesites/simulated/", {"a": "b"})
    assert response.status_code < 500
