"""The officer's workspace: the issue's walkthrough, filters, restriction, audit, files."""

import logging

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from services.documents import services
from services.documents.constants import AuditAction, CaseStatus, DeliveryStatus
from services.documents.models import AuditEvent, Case, DeliveryAttempt, DocumentFile

from .conftest import new_case, pdf

pytestmark = pytest.mark.django_db


def url(name, case, *extra):
    return reverse(f"documents_admin:{name}", args=[case.municipality_id, case.pk, *extra])


def decision(**parts):
    """The decide form's fields (prefix "decide"), the legally required parts filled."""
    fields = {
        "kind": "ruling",
        "subject": "Határozat",
        "operative_part": "Engedélyezem.",
        "legal_remedy": "Fellebbezni 15 napon belül lehet.",
        "reasons": "A kérelem megfelel a rendeletnek.",
        **parts,
    }
    return {f"decide-{key}": value for key, value in fields.items()}


def act(client, case, action, **data):
    return client.post(url("action", case, action), data)


def test_walkthrough_assign_reply_close(
    client, officer_a, case_a, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    # the inbox lists the new case with its number and deadline
    inbox = client.get(
        reverse("documents_admin:cases", args=[case_a.municipality_id]), {"status": "received"}
    ).content.decode()
    assert case_a.registry_number in inbox
    assert timezone.localtime(case_a.deadline_at).strftime("%Y.%m.%d.") in inbox
    # the officer takes it, replies with an outgoing document, and closes it
    act(client, case_a, "assign", officer=officer_a.pk)
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.ASSIGNED and case_a.officer == officer_a
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("action", case_a, "reply"),
            {"subject": "Tájékoztatás", "text": "Kérelmét megkaptuk.", "files": pdf("valasz.pdf")},
        )
    assert response.status_code == 302
    reply = services.documents_of(case_a).get(sub_number=2)
    assert reply.direction == "outgoing" and reply.registry_number.startswith("1-2/")
    attempts = DeliveryAttempt.objects.for_municipality(case_a.municipality).filter(document=reply)
    statuses = {a.status for a in attempts}
    # no portal mailbox yet: recorded as awaiting it, and an e-mail notice went out
    assert statuses == {DeliveryStatus.AWAITING_CHANNEL, DeliveryStatus.NOTICE_SENT}
    assert mail.outbox[-1].to == ["kiss.anna@example.hu"]
    assert case_a.registry_number in mail.outbox[-1].subject
    act(client, case_a, "close", note="Elintézve")
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.CLOSED
    assert case_a.retention_ends_on.year == timezone.localdate().year + 5
    page = client.get(url("case", case_a)).content.decode()
    assert str(CaseStatus.CLOSED.label) in page and "valasz.pdf" in page


def test_missing_information_pauses_and_resumes(client, officer_a, case_a):
    services.assign(case_a, officer_a)
    client.force_login(officer_a)
    act(client, case_a, "request_info", text="Kérjük a helyszínrajzot.")
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.WAITING
    # deciding a waiting case is refused with a Hungarian message
    response = client.post(url("action", case_a, "decide"), decision(subject="x"), follow=True)
    assert "ügyfél" in response.content.decode()
    act(client, case_a, "resume", text="Csatolom.")
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.IN_PROGRESS
    assert [d.direction for d in services.documents_of(case_a)] == [
        "incoming",
        "outgoing",
        "incoming",
    ]


def test_a_late_decision_shows_what_is_owed(client, officer_a, municipality_a):
    received = timezone.now() - timezone.timedelta(days=90)
    case = new_case(municipality_a, received_at=received, fee=0)
    services.assign(case, officer_a)
    client.force_login(officer_a)
    page = client.get(url("case", case)).content.decode()
    assert "10\u00a0000 Ft" in page
    late = client.get(
        reverse("documents_admin:cases", args=[municipality_a.pk]), {"deadline": "late"}
    )
    assert case.registry_number in late.content.decode()
    client.post(
        url("action", case, "decide"),
        decision(),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED and case.decided_late and case.late_refund == 10000


def test_the_due_soon_filter(client, officer_a, municipality_a):
    soon = new_case(municipality_a, received_at=timezone.now() - timezone.timedelta(days=57))
    later = new_case(municipality_a)
    client.force_login(officer_a)
    page = client.get(
        reverse("documents_admin:cases", args=[municipality_a.pk]), {"deadline": "due3"}
    )
    content = page.content.decode()
    # 57 days ago with a 60-day rule: due within three days unless holidays push it out
    if soon.deadline_at <= timezone.now() + timezone.timedelta(days=3):
        assert soon.registry_number in content
    assert f">{later.registry_number}<" not in content


def test_only_the_handling_officer_acts_on_an_assigned_case(client, officer_a, officer_a2, case_a):
    services.assign(case_a, officer_a)
    client.force_login(officer_a2)
    act(client, case_a, "close")
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.ASSIGNED
    assert (
        AuditEvent.objects.for_municipality(case_a.municipality)
        .filter(action=AuditAction.DENIED, case_id=case_a.pk)
        .exists()
    )


def test_a_restricted_case_is_seen_only_by_its_officer(client, officer_a, officer_a2, case_a):
    services.assign(case_a, officer_a)
    services.set_restricted(case_a, True)
    client.force_login(officer_a2)
    assert client.get(url("case", case_a)).status_code == 404
    listing = client.get(reverse("documents_admin:cases", args=[case_a.municipality_id]))
    assert case_a.registry_number not in listing.content.decode()
    client.force_login(officer_a)
    assert client.get(url("case", case_a)).status_code == 200


def test_views_and_downloads_are_audited_with_who_and_where(client, officer_a, case_a):
    services.assign(case_a, officer_a)
    client.force_login(officer_a)
    client.get(url("case", case_a), REMOTE_ADDR="10.1.2.3")
    stored = DocumentFile.objects.for_municipality(case_a.municipality).get()
    response = client.get(url("file", case_a, stored.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    events = AuditEvent.objects.for_municipality(case_a.municipality).filter(case_id=case_a.pk)
    view = events.get(action=AuditAction.VIEW_CASE)
    assert view.actor_id == officer_a.pk and view.ip_address == "10.1.2.3"
    assert events.filter(action=AuditAction.DOWNLOAD, document_id=stored.document_id).exists()
    history = client.get(url("audit", case_a)).content.decode()
    assert "10.1.2.3" in history


def test_audit_history_is_for_those_allowed(client, officer_a, officer_a2, case_a):
    services.assign(case_a, officer_a)
    client.force_login(officer_a2)
    # Wagtail turns the refusal into a redirect to the dashboard with a message
    assert client.get(url("audit", case_a)).status_code in (302, 403)
    assert (
        not AuditEvent.objects.for_municipality(case_a.municipality)
        .filter(action=AuditAction.VIEW_AUDIT)
        .exists()
    )
    assert url("audit", case_a) not in client.get(url("case", case_a)).content.decode()


def test_a_tampered_file_is_never_served(client, officer_a, case_a, caplog):
    stored = DocumentFile.objects.for_municipality(case_a.municipality).get()
    with stored.file.storage.open(stored.file.name, "wb") as handle:
        handle.write(b"%PDF-1.4 MEGHAMISITOTT-TARTALOM")
    client.force_login(officer_a)
    with caplog.at_level(logging.ERROR, logger="services.documents.views"):
        response = client.get(url("file", case_a, stored.pk))
    assert response.status_code == 503
    body = response.content.decode()
    assert "már nem egyezik az iktatáskor rögzített ujjlenyomattal (SHA-256)" in body
    assert b"MEGHAMISITOTT" not in response.content
    assert "SHA-256" in caplog.text and any(r.levelno == logging.ERROR for r in caplog.records)
    assert (
        AuditEvent.objects.for_municipality(case_a.municipality)
        .filter(action=AuditAction.CHECKSUM_MISMATCH, document_id=stored.document_id)
        .exists()
    )


def test_a_missing_file_is_a_clear_error_too(client, officer_a, case_a):
    stored = DocumentFile.objects.for_municipality(case_a.municipality).get()
    stored.file.storage.delete(stored.file.name)
    client.force_login(officer_a)
    response = client.get(url("file", case_a, stored.pk))
    assert response.status_code == 503


def test_registering_a_paper_document_as_a_new_case(client, officer_a, municipality_a):
    client.force_login(officer_a)
    from services.documents.casetypes import case_types

    kind = case_types(municipality_a).get(code="B-230")
    data = {
        "case_type": kind.pk,
        "subject": "Fakivágás a Kossuth utcában",
        "client_kind": "person",
        "client_name": "Tóth Gábor",
        "received_on": timezone.localdate().isoformat(),
        "fee": "0",
        "initiated_by_request": "on",
        "document_subject": "Kérelem",
        "files": pdf("kerelem.pdf"),
    }
    response = client.post(reverse("documents_admin:new_case", args=[municipality_a.pk]), data)
    assert response.status_code == 302
    case = Case.objects.for_municipality(municipality_a).get()
    assert case.case_type == kind and case.status == CaseStatus.RECEIVED
    # a fake PDF is refused in Hungarian and nothing is registered
    data["files"] = SimpleUploadedFile("kerelem.pdf", b"<html>nem pdf</html>")
    data["subject"] = "Második"
    response = client.post(reverse("documents_admin:new_case", args=[municipality_a.pk]), data)
    assert response.status_code == 400
    assert "típus" in response.content.decode()
    assert Case.objects.for_municipality(municipality_a).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"case_type": "999999", "subject": "x"},
        {"case_type": "abc", "received_on": "2026-13-45", "fee": "-5"},
        {"subject": "x" * 5000, "client_name": "\x00", "received_on": "2999-01-01"},
    ],
)
def test_bad_input_on_the_new_case_form_is_a_400_not_a_500(client, officer_a, municipality_a, data):
    client.force_login(officer_a)
    response = client.post(reverse("documents_admin:new_case", args=[municipality_a.pk]), data)
    assert response.status_code == 400
    assert not Case.objects.for_municipality(municipality_a).exists()


@pytest.mark.parametrize(
    "action", ["assign", "reply", "decide", "request_info", "resume", "close", "relate", "nonsense"]
)
def test_empty_actions_never_fail_with_a_500(client, officer_a, case_a, action):
    services.assign(case_a, officer_a)
    client.force_login(officer_a)
    response = act(client, case_a, action)
    assert response.status_code in (302, 404)


def test_prefix_setting_by_the_site_admin(client, site_admin_a, municipality_a):
    client.force_login(site_admin_a)
    settings_url = reverse("documents_admin:settings", args=[municipality_a.pk])
    assert client.post(settings_url, {"prefix": "egr/x"}).status_code == 400
    client.post(settings_url, {"prefix": "EGR"})
    case = new_case(municipality_a)
    assert case.registry_number.startswith("EGR/1/")


def test_the_handling_officer_corrects_a_registered_document(client, officer_a, case_a):
    # The registry document's id names no image or file of the media library: the admin's
    # guard must not take it for one (it answered 404 unless the ids happened to match).
    services.assign(case_a, officer_a)
    original = services.documents_of(case_a).get()
    client.force_login(officer_a)

    response = client.post(
        url("correct", case_a, original.pk),
        {"subject": "Kérelem (helyesbítve)", "text": "Elírás javítása."},
    )

    assert response.status_code == 302
    correction = services.documents_of(case_a).exclude(pk=original.pk).get()
    assert correction.corrects == original
