"""A database that cannot be reached is "come back later" (503, Retry-After), not a bug."""

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_without_raising():
    return Client(raise_request_exception=False)


def test_an_unreachable_database_answers_503_with_retry_after(client_without_raising, settings):
    settings.ROOT_URLCONF = "tests.portal.operations.urls_outage"
    settings.DATABASE_RETRY_AFTER_SECONDS = 45
    response = client_without_raising.get("/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "45"
    page = response.content.decode()
    assert "Átmenetileg nem érhető el" in page
    assert "Semmi nem veszett el" in page


def test_a_bug_stays_a_500(client_without_raising, settings):
    settings.ROOT_URLCONF = "tests.portal.operations.urls_outage"
    response = client_without_raising.get("/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Átmenetileg" not in response.content.decode()


def test_a_site_whose_lookup_finds_no_database_answers_503(
    client_without_raising, municipality_a, monkeypatch
):
    # The first query of a request to a municipal site: which site is it?
    def unreachable(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr("wagtail.models.Site.find_for_request", unreachable)
    response = client_without_raising.get("/", HTTP_HOST=municipality_a.site.hostname)
    assert response.status_code == 503
    assert response["Retry-After"]
