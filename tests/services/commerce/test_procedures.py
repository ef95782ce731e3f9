"""Licence applications and industrial notifications: the form's receiver opens the
procedure on the registry case its registration made, the officer's sub-steps, and the
decision through the registry that writes the register."""

import datetime

import pytest

from services.commerce import services as commerce
from services.commerce.constants import NotificationKind, SiteRegime
from services.commerce.models import (
    AnswerOutcome,
    Procedure,
    ProcedureKind,
    ProcedureOutcome,
)
from services.documents.constants import CaseStatus
from services.documents.models import Case
from services.forms.models import Submission
from services.forms.receivers import submission_receivers
from sites.actor import Actor, Channel
from tests.factories.commerce_procedures import (
    apply_for_licence,
    apply_for_site_licence,
    licence_answers,
    notify_industry,
    published,
)
from tests.factories.intake import submit_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages asserted are the source strings, whatever language an earlier test
    left active; what is kept and sent is written in Hungarian regardless."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _procedure(submission):
    return Procedure.objects.for_municipality(submission.municipality).get(
        case__submission_id=submission.pk
    )


def _officer_actor(officer, municipality):
    return Actor(user=officer, municipality=municipality, channel=Channel.ADMIN)


def test_the_three_forms_have_receivers():
    assert {"IPAR-005", "IPAR-006", "IPAR-007"} <= set(submission_receivers.names())


def test_a_licence_application_opens_a_procedure_on_its_registry_case_with_a_deadline(
    municipality_a,
):
    submission = apply_for_licence(municipality_a, products=("L2", "L5"), inspection=True)

    procedure = _procedure(submission)
    case = procedure.case
    assert procedure.kind == ProcedureKind.OPERATING_LICENCE
    assert procedure.products == ["L2", "L5"]
    assert procedure.inspection_requested
    assert procedure.address == "9999 Alsóvár, Fő utca 12"
    # The registry's case type for IPAR-005: a full procedure (Ákr. 50. §: 60 days).
    assert case.case_type.code == "B-211"
    assert case.procedure_rule == "full"
    received = case.received_at.date()
    assert case.deadline_at.date() >= received + datetime.timedelta(days=60)


def test_a_receiver_that_fails_rolls_the_whole_registration_back(municipality_a, monkeypatch):
    form = published(municipality_a, "IPAR-005")

    def broken(*args, **kwargs):
        raise RuntimeError("no")

    monkeypatch.setattr("services.commerce.receivers_licences.open_procedure", broken)
    with pytest.raises(RuntimeError):
        submit_form(form, licence_answers(municipality_a))

    assert not Submission.objects.for_municipality(municipality_a).exists()
    assert not Case.objects.for_municipality(municipality_a).exists()


def test_the_data_proposes_the_authorities_of_the_products():
    assert commerce.procedure_rules.authorities_for(products=["L4"]) == [
        "katasztrofavedelem",
        "rendorseg",
    ]
    assert "epitesugy" in commerce.procedure_rules.authorities_for(activity="2/2")
    assert commerce.procedure_rules.authorities_for(activity="1/5") == []


def test_an_open_request_blocks_the_decision_and_its_answer_unblocks_it(municipality_a, officer_a):
    procedure = _procedure(apply_for_licence(municipality_a))
    actor = _officer_actor(officer_a, municipality_a)
    request = commerce.add_request(
        procedure, actor=actor, authority_code="katasztrofavedelem", sent_on="2026-12-01"
    )
    # The data gives the authority 15 days (unconfirmed; see licence_procedures.json).
    assert request.due_on == datetime.date(2026, 12, 16)

    with pytest.raises(commerce.CommerceError, match="has not answered"):
        commerce.grant(procedure, actor=actor)
    with pytest.raises(commerce.CommerceError, match="has not answered"):
        commerce.refuse(procedure, actor=actor, reasons="Nem felel meg.")

    commerce.record_answer(
        request, actor=actor, outcome=AnswerOutcome.CONSENT, answered_on="2026-12-05"
    )
    assert commerce.blockers(procedure, granting=True) == []


def test_an_answer_with_conditions_needs_them_and_a_refusal_blocks_only_a_grant(
    municipality_a, officer_a
):
    procedure = _procedure(apply_for_licence(municipality_a))
    actor = _officer_actor(officer_a, municipality_a)
    request = commerce.add_request(procedure, actor=actor, authority="Vízügyi hatóság")

    with pytest.raises(commerce.CommerceError, match="conditions or reasons"):
        commerce.record_answer(request, actor=actor, outcome=AnswerOutcome.CONDITIONS)
    commerce.record_answer(
        request, actor=actor, outcome=AnswerOutcome.REFUSAL, conditions="Nincs vízelvezetés."
    )
    assert commerce.blockers(procedure, granting=True)
    assert commerce.blockers(procedure, granting=False) == []


def test_a_specialist_request_does_not_stop_the_deadline(municipality_a, officer_a):
    # Ákr. 50. § (5) names only suspension, stay and the client's delay.
    procedure = _procedure(apply_for_licence(municipality_a))
    before = procedure.case.deadline_at
    commerce.add_request(
        procedure, actor=_officer_actor(officer_a, municipality_a), authority_code="nepegeszsegugy"
    )
    case = Case.objects.for_municipality(municipality_a).get(pk=procedure.case_id)
    assert case.deadline_at == before
    assert not case.deadline_paused


def test_proceeding_without_an_overdue_answer_follows_the_data(
    municipality_a, officer_a, monkeypatch
):
    procedure = _procedure(apply_for_licence(municipality_a))
    actor = _officer_actor(officer_a, municipality_a)
    commerce.add_request(
        procedure, actor=actor, authority="Lassú hatóság", sent_on="2026-01-05", due_on="2026-01-20"
    )
    later = datetime.date(2026, 2, 1)

    assert commerce.blockers(procedure, granting=True, today=later)
    monkeypatch.setattr(commerce.procedure_rules, "may_proceed_without_answer", lambda: True)
    assert commerce.blockers(procedure, granting=True, today=later) == []


def test_a_requested_inspection_must_be_held_before_a_grant(municipality_a, officer_a):
    procedure = _procedure(apply_for_licence(municipality_a, inspection=True))
    actor = _officer_actor(officer_a, municipality_a)
    assert "has not been held" in " ".join(commerce.blockers(procedure, granting=True))

    inspection = commerce.schedule_inspection(procedure, actor=actor, scheduled_on="2026-12-10")
    with pytest.raises(commerce.CommerceError, match="already scheduled"):
        commerce.schedule_inspection(procedure, actor=actor, scheduled_on="2026-12-11")
    assert "no minutes" in " ".join(commerce.blockers(procedure, granting=True))
    with pytest.raises(commerce.CommerceError, match="minutes"):
        commerce.record_inspection(
            inspection, actor=actor, held_on="2026-12-10", minutes="", outcome="suitable"
        )

    commerce.record_inspection(
        inspection,
        actor=actor,
        held_on="2026-12-10",
        minutes="Az üzlet megfelel.",
        outcome="suitable",
    )
    assert commerce.blockers(procedure, granting=True) == []


def test_a_grant_is_the_registrys_decision_and_registers_the_shops_licence_with_history(
    municipality_a, officer_a
):
    procedure = _procedure(apply_for_licence(municipality_a, products=("L2",)))
    actor = _officer_actor(officer_a, municipality_a)
    request = commerce.add_request(procedure, actor=actor, authority_code="katasztrofavedelem")
    commerce.record_answer(request, actor=actor, outcome=AnswerOutcome.CONSENT)

    document = commerce.grant(procedure, actor=actor)

    procedure.refresh_from_db()
    case = Case.objects.for_municipality(municipality_a).get(pk=procedure.case_id)
    assert case.status == CaseStatus.DECIDED
    assert case.officer == officer_a
    assert document.is_decision
    assert procedure.outcome == ProcedureOutcome.GRANTED
    licence = procedure.licence
    assert licence.number == document.registry_number
    assert document.subject == "Határozat működési engedély megadásáról"
    [version] = commerce.history(licence)
    assert version.products == ["L2"]
    assert version.notification.kind == NotificationKind.LICENCE
    shop_version = commerce.current(licence.shop)
    assert shop_version.name == "Színes Festékbolt"
    assert shop_version.floor_area == 80
    assert commerce.current(licence.shop.place).street == "Fő utca 12"

    with pytest.raises(commerce.CommerceError, match="already decided"):
        commerce.grant(procedure, actor=actor)
    with pytest.raises(commerce.CommerceError, match="decided"):
        commerce.add_request(procedure, actor=actor, authority="Késői hatóság")


def test_a_refusal_decides_the_case_and_writes_nothing_to_the_register(municipality_a, officer_a):
    from services.commerce.models import OperatingLicence, Shop

    procedure = _procedure(apply_for_licence(municipality_a))
    actor = _officer_actor(officer_a, municipality_a)

    with pytest.raises(commerce.CommerceError, match="reasons"):
        commerce.refuse(procedure, actor=actor, reasons=" ")
    document = commerce.refuse(procedure, actor=actor, reasons="A termék nem forgalmazható.")

    procedure.refresh_from_db()
    assert procedure.outcome == ProcedureOutcome.REFUSED
    assert document.is_decision and "nem forgalmazható" in document.text
    assert not OperatingLicence.objects.for_municipality(municipality_a).exists()
    assert not Shop.objects.for_municipality(municipality_a).exists()


def test_a_site_licence_is_a_case_and_its_grant_registers_the_site_licensed(
    municipality_a, officer_a
):
    procedure = _procedure(apply_for_site_licence(municipality_a))
    actor = _officer_actor(officer_a, municipality_a)
    assert procedure.kind == ProcedureKind.SITE_LICENCE
    assert procedure.case.case_type.code == "B-212"
    # 57/2013: the site licence's on-site inspection is held in every case.
    assert procedure.inspection_requested
    inspection = commerce.schedule_inspection(procedure, actor=actor, scheduled_on="2026-12-10")
    commerce.record_inspection(
        inspection, actor=actor, held_on="2026-12-10", minutes="Rendben.", outcome="suitable"
    )

    commerce.grant(procedure, actor=actor)

    procedure.refresh_from_db()
    version = commerce.current(procedure.site)
    assert version.regime == SiteRegime.LICENSED
    assert version.activity == "2/2" and version.parcel_number == "567/2"


@pytest.mark.parametrize(
    ("zone", "activity", "occupancy_permit"),
    [("Gksz", "1/5", False), ("Gip", "2/2", False), ("Gksz", "2/2", True)],
)
def test_an_allowed_notification_registers_the_site_at_once(
    municipality_a, zone, activity, occupancy_permit
):
    extra = {"hasznalatbaveteli_engedely": "on"} if occupancy_permit else {}
    procedure = _procedure(notify_industry(municipality_a, zone=zone, activity=activity, **extra))

    assert procedure.outcome == ProcedureOutcome.REGISTERED
    version = commerce.current(procedure.site)
    assert version.regime == SiteRegime.NOTIFIED
    assert version.activity == activity
    assert commerce.current(procedure.site.operator).name == "Kovász Pékség Kft."
    assert not procedure.draft_text


@pytest.mark.parametrize(
    ("zone", "activity", "reason"),
    [
        # The note and the draft are kept and sent: in the office's language.
        ("Lke", "1/5", "nem engedi"),
        ("Gksz", "2/2", "telepengedély kell"),
        ("Lk", "2/1", "nem engedi"),
    ],
)
def test_a_prohibited_notification_gets_a_draft_that_is_not_sent(
    municipality_a, zone, activity, reason
):
    from services.commerce.models import IndustrialSite

    procedure = _procedure(notify_industry(municipality_a, zone=zone, activity=activity))

    assert procedure.outcome == ProcedureOutcome.PROHIBITION_DRAFTED
    assert reason in procedure.check_note
    assert "567/2" in procedure.draft_text
    assert procedure.draft_subject == "Határozat az ipari tevékenység megtiltásáról"
    assert not IndustrialSite.objects.for_municipality(municipality_a).exists()
    case = Case.objects.for_municipality(municipality_a).get(pk=procedure.case_id)
    assert case.status == CaseStatus.RECEIVED
    assert case.decided_at is None


def test_the_officer_sends_the_reviewed_prohibition_through_the_registry(municipality_a, officer_a):
    procedure = _procedure(notify_industry(municipality_a, zone="Lke"))

    document = commerce.send_prohibition(
        procedure,
        actor=_officer_actor(officer_a, municipality_a),
        text="A jegyző a tevékenységet megtiltja (átnézve).",
    )

    procedure.refresh_from_db()
    assert procedure.outcome == ProcedureOutcome.PROHIBITED
    assert document.is_decision and document.text.endswith("(átnézve).")
    with pytest.raises(commerce.CommerceError, match="no drafted prohibition"):
        commerce.send_prohibition(procedure, actor=_officer_actor(officer_a, municipality_a))


def test_the_zoning_matrix_is_per_municipality_and_editable(municipality_a, municipality_b):
    zones, activities, cells = commerce.zoning.matrix(municipality_a)
    lke = next(zone for zone in zones if zone.code == "Lke")
    assert cells[(lke.pk, "1/5")] is False

    commerce.zoning.save_matrix(municipality_a, {(lke.pk, "1/5")})

    assert commerce.zoning.check(municipality_a, zone_code="Lke", activity="1/5") == (True, "")
    assert commerce.zoning.check(municipality_a, zone_code="Gip", activity="1/5")[0] is False
    assert commerce.zoning.check(municipality_b, zone_code="Lke", activity="1/5")[0] is False
    allowed, reason = commerce.zoning.check(municipality_a, zone_code="Xx", activity="1/5")
    assert not allowed and "not in the municipality's zoning matrix" in reason


def test_a_new_zone_starts_prohibited_everywhere(municipality_a):
    zone = commerce.zoning.add_zone(
        municipality_a, code="Gip-2", name="Új ipari park", industrial=True
    )
    assert commerce.zoning.check(municipality_a, zone_code="Gip-2", activity="1/1")[0] is False
    with pytest.raises(commerce.CommerceError, match="already exists"):
        commerce.zoning.add_zone(municipality_a, code=zone.code, name="Másik")
