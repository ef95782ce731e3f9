"""Every download carries Content-Disposition: attachment, nosniff and a sandbox CSP.

Two nets: the URLconf is walked for every view that hands out a file, each of which must
be one this module requests and checks; and the source is read for any way of building a
download that does not go through sites.downloads."""

import inspect
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.documents import get_document_model

from services.documents.models import DocumentFile
from services.forms import services as forms
from services.intake import services as intake
from services.intake.models import Application
from sites.downloads import SANDBOX, harden
from tests.services.documents.conftest import new_case
from tests.services.forms.conftest import load
from tests.services.intake.test_channels import HOST_A, complaint

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("accounts", "portal", "search", "services", "sites", "themes")
# What a view that hands out a file calls (sites.downloads and the helpers built on it).
DOWNLOAD_CALLS = re.compile(
    r"\b(file_download|content_download|harden|hardened_view|receipt_response|csv_response"
    r"|calendar_response)\("
)
# Every URL that serves a file, by name. A new one fails the walk below until it is added
# here: it builds its response through sites.downloads (the source test makes sure), and
# the requests below check the headers on one of each kind (a stored file, a drawn PDF, a
# CSV list, a Wagtail document).
DOWNLOAD_URLS = {
    "affairs:download",
    "commerce_admin:traders_export",
    "dataexport_admin:download",
    "documents_admin:export",
    "documents_admin:file",
    "documents_admin:submission_pdf",
    "forms_admin:export_overlay",
    "forms_admin:export_submissions",
    "forms_admin:template_export",
    "helpdesk_admin:screenshot",
    # The booker's calendar file (services/appointments/views.py, content_download).
    "appointments:ics",
    "intake:file",
    "intake:receipt_pdf",
    "payments:receipt",
    "payments_admin:export",
    "payments_admin:receipt",
    "payments_admin:report",
    "tax_admin:enforcement_csv",
    "tax_admin:import_errors",
    "tax_admin:notice_pdf",
    "tax_admin:notice_print_file",
    "tax_admin:print_batch",
    "tax_admin:receipts_export",
    "tax_admin:taxpayers_export",
    "wagtaildocs_serve",
}


def assert_download(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX


def walk(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else ""), pattern.callback


def serves_files(callback):
    initkwargs = getattr(callback, "view_initkwargs", {})
    if initkwargs.get("as_csv"):
        return True
    view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    if callback.__name__ == "serve" and callback.__module__.startswith("wagtail.documents"):
        return True
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return False
    return bool(DOWNLOAD_CALLS.search(source))


def test_every_view_that_serves_a_file_is_checked_here():
    found = {name for name, callback in walk(get_resolver()) if serves_files(callback)}
    assert "" not in found, "a download URL without a name"
    assert found == DOWNLOAD_URLS


def test_no_download_is_built_outside_sites_downloads():
    """FileResponse, a hand-written Content-Disposition or as_attachment anywhere else is a
    download that may miss the headers."""
    pattern = re.compile(
        r"FileResponse\(|StreamingHttpResponse\(|\[\"Content-Disposition\"\]\s*=|as_attachment="
    )
    offenders = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "downloads.py" and path.parent.name == "sites":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_harden_turns_an_inline_disposition_into_an_attachment():
    from django.http import HttpResponse

    response = HttpResponse(b"x")
    response["Content-Disposition"] = 'inline; filename="a.pdf"'
    harden(response)
    assert response["Content-Disposition"] == 'attachment; filename="a.pdf"'
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_the_registrys_file_and_list_downloads(client, officer_a, municipality_a):
    case_a = new_case(municipality_a)
    client.force_login(officer_a)
    stored = DocumentFile.objects.for_municipality(case_a.municipality).get()

    for url in (
        reverse("documents_admin:file", args=[case_a.municipality_id, case_a.pk, stored.pk]),
        reverse("documents_admin:export", args=[case_a.municipality_id]),
    ):
        assert_download(client.get(url))


@pytest.mark.django_db
def test_the_receipt_pdf_of_an_application(municipality_a):
    customisation = forms.adopt(municipality_a, load("PANASZ-001"))
    forms.publish(customisation)
    browser = Client()
    browser.post(f"/urlapok/{customisation.code}/", complaint("Kiss Anna"), HTTP_HOST=HOST_A)
    application = Application.objects.for_municipality(municipality_a).get()

    response = browser.get(
        reverse("intake:receipt_pdf", args=[municipality_a.slug, application.reference]),
        HTTP_HOST=HOST_A,
    )

    assert_download(response)
    assert intake.page_of(application)  # the receipt the PDF belongs to exists


@pytest.mark.django_db
def test_a_wagtail_document_is_an_attachment_with_the_sandbox(client, municipality_a):
    document = get_document_model().objects.create(
        title="Rendelet",
        collection=municipality_a.collection,
        file=ContentFile(b"%PDF-1.4 rendelet", name="rendelet.pdf"),
    )

    response = client.get(document.url)

    assert_download(response)
