"""The officer's screens of a licence case and of the zoning matrix: the steps recorded
from the page, bad input answered on the page, another municipality's case a 404."""

import pytest
from django.urls import reverse

from services.commerce import services as commerce
from services.commerce.models import Procedure, ProcedureOutcome, SpecialistRequest
from tests.factories.commerce_procedures import apply_for_licence, notify_industry

pytestmark = pytest.mark.django_db


def _url(name, municipality, *args):
    return reverse(f"commerce_procedures:{name}", args=[municipality.pk, *args])


@pytest.fixture
def desk(client, officer_a):
    client.force_login(officer_a)
    return client


@pytest.fixture
def licence_case(municipality_a):
    submission = apply_for_licence(municipality_a, products=("L4",), inspection=True)
    return Procedure.objects.for_municipality(municipality_a).get(case__submission_id=submission.pk)


def test_the_list_and_the_case_show_the_application_and_its_proposed_authorities(
    desk, municipality_a, licence_case
):
    listing = desk.get(_url("list", municipality_a))
    assert listing.status_code == 200
    assert licence_case.case.registry_number in listing.content.decode()

    page = desk.get(_url("procedure", municipality_a, licence_case.pk)).content.decode()
    assert "Színes Festékbolt" not in page or "Fő utca 12" in page
    assert "Fő utca 12" in page
    # The data proposes the police and the disaster management for weapons (L4).
    assert "Rendőrkapitányság (fegyver, lőszer, pirotechnika) ★" in page


def test_the_officer_records_a_request_its_answer_and_the_inspection_then_grants(
    desk, municipality_a, licence_case
):
    url = _url("procedure", municipality_a, licence_case.pk)
    response = desk.post(
        url, {"action": "add_request", "authority_code": "rendorseg", "sent_on": "2026-12-01"}
    )
    assert response.status_code == 302
    request = SpecialistRequest.objects.for_municipality(municipality_a).get()
    desk.post(
        url,
        {
            "action": "answer",
            "request_id": request.pk,
            "outcome": "consent",
            "answered_on": "2026-12-04",
        },
    )
    desk.post(url, {"action": "schedule", "scheduled_on": "2026-12-08"})
    inspection = licence_case.inspections.model.objects.for_municipality(municipality_a).get()
    desk.post(
        url,
        {
            "action": "inspection",
            "inspection_id": inspection.pk,
            "held_on": "2026-12-08",
            "outcome": "suitable",
            "minutes": "Az üzlet a fegyvertárolás feltételeinek megfelel.",
        },
    )
    assert desk.post(url, {"action": "grant"}).status_code == 302

    licence_case.refresh_from_db()
    assert licence_case.outcome == ProcedureOutcome.GRANTED
    assert commerce.current(licence_case.licence).products == ["L4"]


def test_bad_input_is_answered_on_the_page_and_changes_nothing(desk, municipality_a, licence_case):
    url = _url("procedure", municipality_a, licence_case.pk)

    response = desk.post(url, {"action": "add_request", "sent_on": "2026-12-01"})
    assert response.status_code == 400
    response = desk.post(
        url,
        {
            "action": "add_request",
            "authority": "X",
            "sent_on": "2026-12-05",
            "due_on": "2026-12-01",
        },
    )
    assert response.status_code == 400
    response = desk.post(url, {"action": "answer", "request_id": "x", "outcome": "consent"})
    assert response.status_code == 404
    response = desk.post(url, {"action": "refuse", "reasons": ""})
    assert response.status_code == 400
    assert not SpecialistRequest.objects.for_municipality(municipality_a).exists()
    # Granting with the inspection not held: told, not decided.
    desk.post(url, {"action": "grant"})
    licence_case.refresh_from_db()
    assert licence_case.outcome == ProcedureOutcome.PENDING


def test_the_drafted_prohibition_is_reviewed_and_sent_from_the_page(desk, municipality_a):
    submission = notify_industry(municipality_a, zone="Lke")
    procedure = Procedure.objects.for_municipality(municipality_a).get(
        case__submission_id=submission.pk
    )
    url = _url("procedure", municipality_a, procedure.pk)
    assert "Kovász" in desk.get(url).content.decode()

    desk.post(url, {"action": "prohibit", "subject": "Tiltó határozat", "text": "Megtiltom."})

    procedure.refresh_from_db()
    assert procedure.outcome == ProcedureOutcome.PROHIBITED
    assert procedure.draft_text == "Megtiltom."


def test_the_zoning_editor_saves_the_matrix_and_adds_a_zone(desk, municipality_a):
    url = _url("zoning", municipality_a)
    zones, _activities, _cells = commerce.zoning.matrix(municipality_a)
    lke = next(zone for zone in zones if zone.code == "Lke")
    assert desk.get(url).status_code == 200

    desk.post(url, {"action": "save", f"z{lke.pk}-1/5": "on"})
    assert commerce.zoning.check(municipality_a, zone_code="Lke", activity="1/5")[0]
    # Everything not ticked is prohibited now, e.g. the bakery in the industrial zone.
    assert not commerce.zoning.check(municipality_a, zone_code="Gip", activity="1/5")[0]

    assert desk.post(url, {"action": "add_zone", "code": "", "name": ""}).status_code == 400
    desk.post(
        url, {"action": "add_zone", "code": "Gip-2", "name": "Déli ipari park", "industrial": "on"}
    )
    assert (
        commerce.zoning.ensure_matrix(municipality_a).filter(code="Gip-2", industrial=True).exists()
    )


def test_another_municipalitys_officer_gets_a_404(client, officer_b, municipality_a, licence_case):
    client.force_login(officer_b)
    assert client.get(_url("procedure", municipality_a, licence_case.pk)).status_code == 404
    assert (
        client.post(
            _url("procedure", municipality_a, licence_case.pk), {"action": "grant"}
        ).status_code
        == 404
    )
    assert client.get(_url("zoning", municipality_a)).status_code == 404
    assert client.post(_url("zoning", municipality_a), {"action": "save"}).status_code == 404


def test_the_enumerating_isolation_test_knows_the_procedure_urls():
    from tests.isolation.urls import endpoints, kind_of

    mine = [e for e in endpoints() if e.name.startswith("commerce_procedures:")]
    assert {e.name for e in mine} == {
        "commerce_procedures:index",
        "commerce_procedures:list",
        "commerce_procedures:procedure",
        "commerce_procedures:zoning",
    }
    for endpoint in mine:
        assert all(kind_of(endpoint, argument) for argument in endpoint.arguments)


def test_bs_officer_sees_the_marked_applicant_on_bs_case(client, officer_b, municipality_b):
    submission = apply_for_licence(municipality_b, kerelmezo_neve="Zqxbkerelmezo Festék Kft.")
    procedure = Procedure.objects.for_municipality(municipality_b).get(
        case__submission_id=submission.pk
    )
    client.force_login(officer_b)
    page = client.get(_url("procedure", municipality_b, procedure.pk)).content.decode()
    assert "Zqxbkerelmezo Festék Kft." in page
