"""My cases: across municipalities, with the client's view of the timeline and the
deadline, and the answer to a request for missing information."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from services.documents import services as registry
from services.documents.constants import CaseStatus, Direction
from services.documents.models import CasePause, Document

from .conftest import open_citizen_case, pdf

pytestmark = pytest.mark.django_db


def test_the_list_has_the_citizens_cases_of_every_municipality_and_nobody_elses(
    client, municipality_a, municipality_b, citizen, other_citizen
):
    own_a = open_citizen_case(municipality_a, citizen, subject="Fakivágás Alsóváron")
    own_b = open_citizen_case(municipality_b, citizen, subject="Útburkolat Felsőváron")
    foreign = open_citizen_case(municipality_a, other_citizen, subject="Nagy Béla kérelme")
    paper = open_citizen_case(municipality_a, None, subject="Papíron érkezett kérelem")

    client.force_login(citizen)
    page = client.get(reverse("affairs:index")).content.decode()
    assert own_a.subject in page and own_b.subject in page
    assert "Alsóvár" in page and "Felsővár" in page
    assert foreign.subject not in page and paper.subject not in page


def test_the_list_asks_for_a_login(client):
    response = client.get(reverse("affairs:index"))
    assert response.status_code == 302 and "/fiok/login/" in response["Location"]


def test_the_timeline_shows_the_client_visible_steps_with_dates_and_no_internal_work(
    client, run_on_commit, municipality_a, case_a, citizen, officer_a
):
    other = open_citizen_case(municipality_a, None, subject="Kapcsolódó ügy")
    run_on_commit(registry.assign, case_a, officer_a, user=officer_a)
    run_on_commit(registry.assign, case_a, officer_a, user=officer_a)  # no second step
    run_on_commit(registry.start, case_a, user=officer_a)
    run_on_commit(registry.set_restricted, case_a, True, user=officer_a)
    run_on_commit(registry.relate, case_a, other, user=officer_a)
    registry.register_document(
        case_a, direction=Direction.INTERNAL, subject="Belső feljegyzés: szomszéd panaszos"
    )
    run_on_commit(
        registry.request_information, case_a, text="Kérjük a helyszínrajzot.", user=officer_a
    )
    run_on_commit(registry.resume, case_a, text="Csatolom.", user=citizen)
    run_on_commit(
        registry.decide, case_a, subject="Határozat", text="Engedélyezzük.", user=officer_a
    )
    run_on_commit(registry.close, case_a, user=officer_a)

    client.force_login(citizen)
    response = client.get(reverse("affairs:case", args=[case_a.pk]))
    page = response.content.decode()
    timeline = page.split('class="case-timeline"')[1].split("</ol>")[0]
    found = [part.split("</strong>")[0] for part in timeline.split("<strong>")[1:]]
    with translation.override("hu"):
        expected = [
            str(CaseStatus(status).label)
            for status in (
                CaseStatus.RECEIVED,
                CaseStatus.ASSIGNED,
                CaseStatus.IN_PROGRESS,
                CaseStatus.WAITING,
                CaseStatus.IN_PROGRESS,
                CaseStatus.DECIDED,
                CaseStatus.CLOSED,
            )
        ]
    assert found == expected
    assert timeline.count("<time datetime=") == 7
    assert "Belső feljegyzés" not in page
    assert "Kapcsolódó ügy" not in page and other.registry_number not in page
    assert officer_a.get_full_name() not in page


def test_a_waiting_case_shows_what_is_asked_and_by_when(
    client, run_on_commit, case_a, citizen, officer_a
):
    run_on_commit(registry.assign, case_a, officer_a)
    due = timezone.localdate() + datetime.timedelta(days=15)
    run_on_commit(
        registry.request_information,
        case_a,
        text="Kérjük, küldje meg a tulajdoni lapot.",
        client_deadline=due,
        user=officer_a,
    )
    client.force_login(citizen)
    page = client.get(reverse("affairs:case", args=[case_a.pk])).content.decode()
    assert "A hivatal az Ön válaszára vár" in page
    assert "Kérjük, küldje meg a tulajdoni lapot." in page
    assert due.strftime("%Y. %m. %d.") in page
    assert "szünetel" in page
    assert 'name="files"' in page and 'enctype="multipart/form-data"' in page
    listing = client.get(reverse("affairs:index")).content.decode()
    assert f"Válaszadási határidő: {due.strftime('%Y. %m. %d.')}" in listing


def test_the_answer_is_registered_and_resumes_the_case(
    client, run_on_commit, case_a, citizen, officer_a
):
    run_on_commit(registry.assign, case_a, officer_a)
    run_on_commit(registry.request_information, case_a, text="Kérjük a rajzot.", user=officer_a)
    client.force_login(citizen)
    with_answer = {"text": "Mellékelem a helyszínrajzot.", "files": [pdf("rajz.pdf", b"rajz")]}
    response = client.post(reverse("affairs:case", args=[case_a.pk]), with_answer)
    assert response.status_code == 302

    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.IN_PROGRESS
    assert not CasePause.objects.for_municipality(case_a.municipality).filter(
        case=case_a, ended_at__isnull=True
    )
    answer = Document.objects.for_municipality(case_a.municipality).filter(case=case_a).last()
    assert answer.direction == Direction.INCOMING and answer.registered_by == citizen
    assert answer.text == "Mellékelem a helyszínrajzot."
    page = client.get(response["Location"]).content.decode()
    assert answer.registry_number in page and "rajz.pdf" in page


@pytest.mark.parametrize(
    "answer, error",
    [
        ({"text": "   "}, "Írja meg a válaszát, vagy csatoljon fájlt."),
        (
            {"text": "Itt a fájl.", "files_content": (b"MZ\x90\x00 nem pdf", "level.pdf")},
            "Ezek közül a típusok közül töltsön fel fájlt",
        ),
    ],
)
def test_a_bad_answer_is_refused_in_hungarian_and_keeps_the_text(
    client, run_on_commit, case_a, citizen, officer_a, answer, error
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    run_on_commit(registry.assign, case_a, officer_a)
    run_on_commit(registry.request_information, case_a, text="Kérjük a rajzot.", user=officer_a)
    data = {"text": answer["text"]}
    if "files_content" in answer:
        content, name = answer["files_content"]
        data["files"] = [SimpleUploadedFile(name, content, content_type="application/pdf")]
    client.force_login(citizen)
    response = client.post(reverse("affairs:case", args=[case_a.pk]), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert error in page
    if answer["text"].strip():
        assert answer["text"] in page
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.WAITING


def test_answering_a_case_that_waits_for_nothing_is_refused(client, case_a, citizen):
    client.force_login(citizen)
    response = client.post(reverse("affairs:case", args=[case_a.pk]), {"text": "Hahó"})
    assert response.status_code == 400
    assert "Ez az ügy nem vár az Ön válaszára." in response.content.decode()
    assert Document.objects.for_municipality(case_a.municipality).filter(case=case_a).count() == 1


def test_another_citizen_or_another_municipalitys_officer_gets_404(
    client, run_on_commit, case_a, other_citizen, officer_a, officer_b
):
    run_on_commit(registry.assign, case_a, officer_a)
    run_on_commit(registry.request_information, case_a, text="Kérjük a rajzot.", user=officer_a)
    url = reverse("affairs:case", args=[case_a.pk])
    for stranger in (other_citizen, officer_b, officer_a):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "Én válaszolok helyette."}).status_code == 404
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.WAITING


def test_status_changes_are_told_once_and_a_message_carries_its_own_change(
    run_on_commit, case_a, citizen, officer_a
):
    def notices():
        return [m for m in mail.outbox if m.to == ["kiss.anna@example.hu"]]

    mail.outbox.clear()
    run_on_commit(registry.assign, case_a, officer_a, user=officer_a)
    assert [m.subject for m in notices()] == ["Változás az egyik ügyében (Ügyeim)"]
    run_on_commit(registry.assign, case_a, officer_a, user=officer_a)  # nothing new to tell
    run_on_commit(registry.start, case_a, user=officer_a)
    assert len(notices()) == 2

    run_on_commit(registry.request_information, case_a, text="Kérjük a rajzot.", user=officer_a)
    assert [m.subject for m in notices()][2:] == ["Új üzenet az Ügyeimben"]

    run_on_commit(registry.resume, case_a, text="Itt van.", user=citizen)  # their own step
    assert len(notices()) == 3

    run_on_commit(registry.decide, case_a, subject="Határozat", text="Kész.", user=officer_a)
    run_on_commit(registry.close, case_a, user=officer_a)
    assert [m.subject for m in notices()][3:] == [
        "Új üzenet az Ügyeimben",
        "Változás az egyik ügyében (Ügyeim)",
    ]
    for notice in notices():
        assert case_a.subject not in notice.body and case_a.registry_number not in notice.body
