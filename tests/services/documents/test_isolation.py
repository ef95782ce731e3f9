"""Municipality A's officer reaches nothing of B: views, actions, files, exports, audit."""

import pytest
from django.urls import reverse

from services.documents import services
from services.documents.constants import CaseStatus
from services.documents.models import AuditEvent, DocumentFile

pytestmark = pytest.mark.django_db


def test_an_officer_of_a_gets_404_for_everything_of_b(
    client, officer_a, municipality_a, case_a, case_b
):
    stored_b = DocumentFile.objects.for_municipality(case_b.municipality).get()
    client.force_login(officer_a)
    b, a = case_b.municipality_id, municipality_a.pk
    for args in ([b], [a]):  # B's address, and B's case reached through A's address
        m = args[0]
        urls = [
            reverse("documents_admin:case", args=[m, case_b.pk]),
            reverse("documents_admin:audit", args=[m, case_b.pk]),
            reverse("documents_admin:file", args=[m, case_b.pk, stored_b.pk]),
        ]
        for url in urls:
            assert client.get(url).status_code == 404, url
        for action in ("assign", "close", "restrict"):
            url = reverse("documents_admin:action", args=[m, case_b.pk, action])
            assert client.post(url, {"officer": officer_a.pk}).status_code == 404
    # A's file URL with B's file id
    own = reverse("documents_admin:file", args=[a, case_a.pk, stored_b.pk])
    assert client.get(own).status_code == 404
    for name in ("cases", "export", "new_case", "case_types"):
        assert client.get(reverse(f"documents_admin:{name}", args=[b])).status_code == 404
    case_b.refresh_from_db()
    assert case_b.status == CaseStatus.RECEIVED and case_b.officer is None
    # nothing of A's officer reached B's audit trail
    assert (
        not AuditEvent.objects.for_municipality(case_b.municipality)
        .filter(actor_id=officer_a.pk)
        .exists()
    )


def test_lists_and_exports_show_only_the_own_municipality(
    client, officer_a, municipality_a, case_a, case_b
):
    client.force_login(officer_a)
    listing = client.get(
        reverse("documents_admin:cases", args=[municipality_a.pk]), {"status": "all"}
    ).content.decode()
    assert case_a.subject in listing and "Felsővár" not in listing and "Nagy Béla" not in listing
    export = client.get(
        reverse("documents_admin:export", args=[municipality_a.pk]), {"status": "all"}
    )
    body = export.content.decode("utf-8-sig")
    assert case_a.registry_number in body and "Nagy Béla" not in body
    # a search for B's client finds nothing
    found = client.get(
        reverse("documents_admin:cases", args=[municipality_a.pk]),
        {"q": "Nagy Béla", "status": "all"},
    )
    assert "Nagy Béla" not in found.content.decode().split("<tbody>")[1]


def test_an_officer_of_a_cannot_assign_to_an_officer_of_b(client, officer_a, officer_b, case_a):
    client.force_login(officer_a)
    client.post(
        reverse("documents_admin:action", args=[case_a.municipality_id, case_a.pk, "assign"]),
        {"officer": officer_b.pk},
    )
    case_a.refresh_from_db()
    assert case_a.officer is None


def test_relating_a_case_of_another_municipality_is_refused(case_a, case_b):
    with pytest.raises(services.DocumentsError):
        services.relate(case_a, case_b)


def test_editors_and_strangers_see_no_registry(client, editor_a, municipality_a, case_a):
    client.force_login(editor_a)
    response = client.get(reverse("documents_admin:case", args=[municipality_a.pk, case_a.pk]))
    assert response.status_code == 404
    client.logout()
    response = client.get(reverse("documents_admin:cases", args=[municipality_a.pk]))
    assert response.status_code == 302  # to the login page


def test_an_officer_of_a_who_edits_b_s_website_sees_no_case_of_b(
    client, officer_a, municipality_b, case_b
):
    from sites.constants import StaffRole
    from sites.models import StaffMembership
    from sites.staff import set_role

    membership = StaffMembership.objects.for_municipality(municipality_b).create(
        municipality=municipality_b, user=officer_a, role=StaffRole.EDITOR
    )
    set_role(membership, StaffRole.EDITOR)
    client.force_login(officer_a)
    url = reverse("documents_admin:case", args=[municipality_b.pk, case_b.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("documents_admin:cases", args=[municipality_b.pk])).status_code == 404


def test_seeing_a_case_in_a_list_or_an_export_is_in_its_audit_trail(
    client, officer_a, municipality_a, case_a
):
    from services.documents.constants import AuditAction

    client.force_login(officer_a)
    client.get(reverse("documents_admin:cases", args=[municipality_a.pk]), {"status": "all"})
    client.get(reverse("documents_admin:export", args=[municipality_a.pk]), {"status": "all"})

    trail = AuditEvent.objects.for_municipality(municipality_a).filter(case_id=case_a.pk)
    listed = trail.get(action=AuditAction.VIEW_LIST)
    exported = trail.get(action=AuditAction.EXPORT)
    for event in (listed, exported):
        assert event.actor_id == officer_a.pk and event.ip_address == "127.0.0.1"
        assert event.registry_number == case_a.registry_number
        assert "status=all" in event.detail
