"""Files of the citizen's documents: only theirs, only if the registered fingerprint still
matches, always as an attachment."""

import pytest
from django.urls import reverse

from services.documents import services as registry
from services.documents.constants import AuditAction, Direction
from services.documents.models import AuditEvent, DocumentFile

from .conftest import open_citizen_case, pdf

pytestmark = pytest.mark.django_db


def delivered_file(run_on_commit, case, officer, body=b"a hatarozat szovege"):
    run_on_commit(registry.assign, case, officer)
    document = run_on_commit(
        registry.reply,
        case,
        subject="Határozat",
        text="Mellékelten küldjük.",
        files=[pdf("hatarozat.pdf", body)],
        user=officer,
    )
    return DocumentFile.objects.for_municipality(case.municipality).get(document=document)


def download_url(case, stored):
    return reverse("affairs:download", args=[case.pk, stored.pk])


def test_the_citizen_downloads_the_checked_file_and_that_opens_the_message(
    client, run_on_commit, case_a, citizen, officer_a
):
    stored = delivered_file(run_on_commit, case_a, officer_a)
    client.force_login(citizen)
    response = client.get(download_url(case_a, stored))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).endswith(b"a hatarozat szovege")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    events = AuditEvent.objects.for_municipality(case_a.municipality).filter(case_id=case_a.pk)
    assert events.filter(action=AuditAction.DOWNLOAD, actor_id=citizen.pk).count() == 1
    assert events.filter(action=AuditAction.DELIVER, detail__contains="visszaigazolás").exists()


def test_a_file_that_no_longer_matches_its_fingerprint_is_never_served(
    client, run_on_commit, case_a, citizen, officer_a
):
    stored = delivered_file(run_on_commit, case_a, officer_a)
    with open(stored.file.path, "wb") as handle:  # somebody changed the stored bytes
        handle.write(b"%PDF-1.4 hamisitott tartalom")
    client.force_login(citizen)
    response = client.get(download_url(case_a, stored))

    assert response.status_code == 503
    assert b"hamisitott" not in response.content
    assert "nem egyezik az iktatáskor rögzített ujjlenyomattal" in response.content.decode()
    assert (
        AuditEvent.objects.for_municipality(case_a.municipality)
        .filter(case_id=case_a.pk, action=AuditAction.CHECKSUM_MISMATCH)
        .exists()
    )


def test_nobody_else_and_no_other_file_through_this_door(
    client,
    run_on_commit,
    municipality_a,
    case_a,
    citizen,
    other_citizen,
    officer_a,
    officer_b,
):
    stored = delivered_file(run_on_commit, case_a, officer_a)
    # another citizen, another municipality's officer, even the handling officer: not here
    for stranger in (other_citizen, officer_b, officer_a):
        client.force_login(stranger)
        assert client.get(download_url(case_a, stored)).status_code == 404

    client.force_login(citizen)
    # a file of another citizen's case, asked for under the citizen's own case
    foreign_case = open_citizen_case(municipality_a, other_citizen)
    foreign = DocumentFile.objects.for_municipality(municipality_a).get(document__case=foreign_case)
    assert client.get(download_url(case_a, foreign)).status_code == 404
    assert client.get(download_url(foreign_case, foreign)).status_code == 404
    # an internal note and an outgoing document not (yet) delivered are not the client's
    internal = registry.register_document(
        case_a, direction=Direction.INTERNAL, subject="Feljegyzés", files=[pdf("belso.pdf")]
    )
    undelivered = registry.register_document(
        case_a, direction=Direction.OUTGOING, subject="Tervezet", files=[pdf("tervezet.pdf")]
    )
    for document in (internal, undelivered):
        hidden = DocumentFile.objects.for_municipality(municipality_a).get(document=document)
        assert client.get(download_url(case_a, hidden)).status_code == 404
    # and their own submission's file is theirs
    own = DocumentFile.objects.for_municipality(municipality_a).get(
        document__case=case_a, original_name="kerelem.pdf"
    )
    assert client.get(download_url(case_a, own)).status_code == 200
