"""The multi-step wizard: per-step validation, conditions, groups, drafts and their expiry."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from services.forms import services as forms
from services.forms.models import Submission

from .conftest import (
    FIRST_STEP,
    SECOND_STEP,
    client_for,
    fill_all,
    reference_of,
    start,
    step_url,
    submit,
    summary_url,
)
from .records import drafts, receipts, state_of, subject

pytestmark = pytest.mark.django_db


def draft_of(form, reference):
    return drafts(form.municipality).get(reference=reference)


def test_starting_needs_a_login(client, wizard_form):
    response = client.post(f"/e-ugyintezes/alsovar/urlap/{wizard_form.code}/inditas/")

    assert response.status_code == 302 and "/fiok/login/" in response["Location"]


def test_each_step_is_one_page_and_validated_on_the_server_keeping_the_answers(
    citizen_client, wizard_form
):
    reference = reference_of(start(citizen_client, wizard_form))

    response = citizen_client.post(
        step_url(wizard_form, reference, "adatok"),
        {
            "kerelmezo_neve": "Kiss Anna",
            "email": "nem-email",
            "tipus": "egyszeru",
            "action": "next",
        },
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "Érvényes e-mail címet írjon" in content  # the message in Hungarian
    assert 'value="Kiss Anna"' in content
    # Only this step's fields are on the page.
    assert "tetelek__0__megnevezes" not in content
    # The answers were kept in the draft, the wrong one too, to be corrected.
    assert subject(draft_of(wizard_form, reference)).data["email"] == "nem-email"


def test_a_valid_step_leads_to_the_next_and_back_keeps_everything(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))

    response = citizen_client.post(
        step_url(wizard_form, reference, "adatok"), {**FIRST_STEP, "action": "next"}
    )
    assert response["Location"] == step_url(wizard_form, reference, "tetelek_lepes")
    response = citizen_client.post(
        step_url(wizard_form, reference, "tetelek_lepes"), {**SECOND_STEP, "action": "back"}
    )
    assert response["Location"] == step_url(wizard_form, reference, "adatok")

    again = citizen_client.get(step_url(wizard_form, reference, "tetelek_lepes")).content.decode()
    assert 'value="Asztal"' in again


def test_a_condition_on_an_earlier_step_decides_a_later_field(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    citizen_client.post(
        step_url(wizard_form, reference, "adatok"), {**FIRST_STEP, "action": "next"}
    )

    plain = citizen_client.get(step_url(wizard_form, reference, "tetelek_lepes")).content.decode()
    assert "ceg_adoszama" not in plain

    # A company: the company name is required on step 1, the tax number on step 2.
    response = citizen_client.post(
        step_url(wizard_form, reference, "adatok"),
        {**FIRST_STEP, "tipus": "ceges", "action": "next"},
    )
    assert response.status_code == 400 and "cegnev" in response.content.decode()
    citizen_client.post(
        step_url(wizard_form, reference, "adatok"),
        {**FIRST_STEP, "tipus": "ceges", "cegnev": "Próba Kft.", "action": "next"},
    )
    response = citizen_client.post(
        step_url(wizard_form, reference, "tetelek_lepes"),
        {**SECOND_STEP, "ceg_adoszama": "12345678-2-41", "action": "next"},
    )
    assert response.status_code == 400
    assert "ceg_adoszama" in response.content.decode()


def test_rows_of_a_group_are_added_and_removed(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    url = step_url(wizard_form, reference, "tetelek_lepes")

    added = citizen_client.post(url, {**SECOND_STEP, "action": "add_row:tetelek"})
    assert added.status_code == 200
    assert 'name="tetelek__1__megnevezes"' in added.content.decode()
    citizen_client.post(
        url,
        {
            **SECOND_STEP,
            "tetelek__1__megnevezes": "Szék",
            "tetelek__2__megnevezes": "Polc",
            "action": "remove_row:tetelek:1",
        },
    )

    rows = subject(draft_of(wizard_form, reference)).data["tetelek"]
    assert [row["megnevezes"] for row in rows] == ["Asztal", "Polc"]


def test_a_draft_is_saved_and_resumed_after_a_new_login(citizen, wizard_form):
    first_session = client_for(citizen)
    reference = reference_of(start(first_session, wizard_form))
    response = first_session.post(
        step_url(wizard_form, reference, "adatok"),
        {**FIRST_STEP, "email": "", "action": "save"},
    )
    assert response.status_code == 302 and response["Location"] == "/e-ugyintezes/piszkozataim/"
    first_session.logout()

    later = client_for(citizen)
    listing = later.get("/e-ugyintezes/piszkozataim/").content.decode()
    assert reference in listing
    expires = draft_of(wizard_form, reference).expires_at
    assert timezone.localtime(expires).strftime("%Y. %m. %d.") in listing
    page = later.get(step_url(wizard_form, reference, "adatok")).content.decode()
    assert 'value="Kiss Anna"' in page


def test_drafts_expire_after_the_configured_time(settings, citizen_client, wizard_form):
    settings.JOURNEY_DRAFT_DAYS = 7
    reference = reference_of(start(citizen_client, wizard_form))
    draft = draft_of(wizard_form, reference)
    lifetime = draft.expires_at - timezone.now()
    assert datetime.timedelta(days=6, hours=23) < lifetime <= datetime.timedelta(days=7)

    drafts(wizard_form.municipality).filter(pk=draft.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = citizen_client.get(step_url(wizard_form, reference, "adatok"))

    assert response.status_code == 410
    assert (
        not Submission.objects.for_municipality(wizard_form.municipality)
        .filter(reference=reference)
        .exists()
    )
    # Gone for good: a clear message again, not an error page.
    assert citizen_client.get(summary_url(wizard_form, reference)).status_code == 404


def test_the_list_deletes_expired_drafts(citizen, citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    drafts(wizard_form.municipality).update(expires_at=timezone.now() - datetime.timedelta(days=1))

    listing = citizen_client.get("/e-ugyintezes/piszkozataim/").content.decode()

    assert reference not in listing
    assert not drafts(wizard_form.municipality).exists()
    # The answers and files are gone; the application stays, as expired, with its history.
    assert state_of(wizard_form, reference) == "expired"


def test_summary_shows_all_answers_and_needs_the_declaration(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    fill_all(citizen_client, wizard_form, reference)

    summary = citizen_client.get(summary_url(wizard_form, reference)).content.decode()
    assert "Kiss Anna" in summary and "Asztal" in summary and "forgalmi.pdf" in summary
    assert "1\u00a0000\u00a0Ft" in summary  # the fee of one row of the group, on one line

    refused = citizen_client.post(summary_url(wizard_form, reference), {})
    assert refused.status_code == 400
    assert not receipts(wizard_form.municipality).exists()

    response = submit(citizen_client, wizard_form, reference)
    assert response.status_code == 302 and "/nyugta/" in response["Location"]


def test_a_summary_with_a_missing_answer_sends_back_to_its_step(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    citizen_client.post(
        step_url(wizard_form, reference, "adatok"), {**FIRST_STEP, "action": "save"}
    )

    response = citizen_client.get(summary_url(wizard_form, reference))

    assert response.status_code == 302
    assert (
        response["Location"] == step_url(wizard_form, reference, "tetelek_lepes") + "?ellenorzes=1"
    )
    page = citizen_client.get(response["Location"])
    assert "tetelek" in page.content.decode() and "error-message" in page.content.decode()


def test_a_draft_on_a_version_cut_off_by_the_provider_is_carried_to_the_new_one(
    citizen_client, municipality_a
):
    """Issue #22: the citizen is not blocked; the draft moves to the version now served
    and the citizen is told so."""
    from tests.services.forms.conftest import load

    template = load("PANASZ-001")
    customisation = forms.adopt(municipality_a, template)
    forms.publish(customisation)
    reference = reference_of(start(citizen_client, customisation))
    forms.publish_template_version(
        template,
        template.current_version.definition | {"intro": "Új változat"},
        change_note="Jogszabályváltozás",
        drafts_cutoff=timezone.now() - datetime.timedelta(minutes=1),
    )

    page = citizen_client.get(step_url(customisation, reference, "bejelento"))

    assert page.status_code == 200
    content = page.content.decode()
    assert "jogszabályváltozás miatt módosult" in content
    assert "a korábbi változata már nem küldhető be" not in content
    customisation.refresh_from_db()
    assert page.context["draft"].submission.revision == customisation.live_revision


def test_unknown_drafts_and_steps_are_clear_404_pages(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))

    assert citizen_client.get(step_url(wizard_form, "NINCSILYEN1", "adatok")).status_code == 404
    assert citizen_client.get(step_url(wizard_form, reference, "nincs")).status_code == 404
    assert Client().get(step_url(wizard_form, reference, "adatok")).status_code == 302


def test_the_nightly_command_deletes_only_expired_drafts(citizen_client, wizard_form):
    from django.core.management import call_command

    old = reference_of(start(citizen_client, wizard_form))
    fresh = reference_of(start(citizen_client, wizard_form))
    drafts(wizard_form.municipality).filter(reference=old).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    call_command("purge_expired_drafts")

    left = Submission.objects.for_municipality(wizard_form.municipality)
    assert list(left.values_list("reference", flat=True)) == [fresh]


def test_the_steps_and_the_summary_link_the_privacy_notice(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))
    step = citizen_client.get(step_url(wizard_form, reference, "adatok")).content.decode()
    fill_all(citizen_client, wizard_form, reference)
    summary = citizen_client.get(summary_url(wizard_form, reference)).content.decode()

    link = '<a href="/e-ugyintezes/adatkezelesi-tajekoztato/?onkormanyzat=alsovar">'
    assert link in step
    assert link in summary


def test_a_step_sent_after_the_session_ended_is_filled_in_again_after_the_login(
    citizen, citizen_client, wizard_form
):
    reference = reference_of(start(citizen_client, wizard_form))
    url = step_url(wizard_form, reference, "adatok")
    citizen_client.logout()  # the session ends

    sent = citizen_client.post(url, {**FIRST_STEP, "action": "next"})
    citizen_client.force_login(citizen)
    page = citizen_client.get(url).content.decode()
    again = citizen_client.get(url).content.decode()

    assert sent.status_code == 302 and "/fiok/" in sent["Location"]
    assert 'name="kerelmezo_neve" value="Kiss Anna"' in page
    assert "A munkamenete lejárt" in page
    assert subject(drafts(wizard_form.municipality).get()).data.get("kerelmezo_neve") in (None, "")
    assert 'name="kerelmezo_neve" value=""' in again  # shown once, never saved


def test_the_step_warns_before_the_session_ends(citizen_client, wizard_form):
    reference = reference_of(start(citizen_client, wizard_form))

    page = citizen_client.get(step_url(wizard_form, reference, "adatok")).content.decode()

    assert 'id="session-warning"' in page
    assert "Munkamenete hamarosan" in page
