"""A visitor's answer to "Was this page useful?": stored without anything about the visitor,
refused with personal data, dropped from scripts, limited per address."""

import time

import pytest

from services.feedback import tokens
from services.feedback.models import PageVote
from services.feedback.privacy import personal_data_in

from .conftest import HOST_A, HOST_B

pytestmark = pytest.mark.django_db


def test_every_page_of_the_site_carries_the_form_without_a_cookie(client, page_a):
    response = client.get("/hulladek/", HTTP_HOST=HOST_A)

    body = response.content.decode()
    assert f'action="/visszajelzes/{page_a.pk}/"' in body
    assert 'name="hasznos" value="igen"' in body and 'name="hasznos" value="nem"' in body
    assert not response.cookies  # so the page stays in the page cache


def test_a_yes_with_a_comment_is_stored_and_thanked(post_vote, page_a, municipality_a):
    response = post_vote(page_a, hasznos="igen", megjegyzes="  Minden megvolt.  ")

    assert response.status_code == 200
    assert "Köszönjük" in response.content.decode()
    vote = PageVote.objects.for_municipality(municipality_a).get()
    assert (vote.page_id, vote.helpful, vote.comment) == (page_a.pk, True, "Minden megvolt.")
    # Nothing about the visitor: no address, no session, no user. The only other fields
    # are the staff's moderation (who hid the comment), empty for a new vote.
    assert {f.name for f in PageVote._meta.get_fields()} == {
        "id",
        "municipality",
        "page",
        "helpful",
        "comment",
        "created_at",
        "hidden_at",
        "hidden_by",
    }
    assert vote.hidden_at is None and vote.hidden_by is None


def test_a_no_without_a_comment_is_stored(post_vote, page_a, municipality_a):
    post_vote(page_a, hasznos="nem")

    assert PageVote.objects.for_municipality(municipality_a).get().helpful is False


@pytest.mark.parametrize(
    "comment",
    [
        "Írjanak a kovacs.janos@example.hu címre",
        "hívjanak: +36 30 123 4567",
        "06-1/234-5678 a számom",
        "adóazonosítóm 8123456789",
        "nev (at) gmail.com",
    ],
)
def test_a_comment_with_personal_data_is_refused_and_shown_again(post_vote, page_a, comment):
    response = post_vote(page_a, hasznos="nem", megjegyzes=comment)

    assert response.status_code == 400
    body = response.content.decode()
    assert "személyes adatot" in body
    assert comment.split()[0] in body  # what was typed is back in the box, not lost
    assert not PageVote.objects.unscoped().exists()


@pytest.mark.parametrize(
    "text", ["2026. 11. 30-án jártam ott", "A 12-es busz 8 órakor", "3300 Eger"]
)
def test_dates_bus_lines_and_postal_codes_are_not_personal_data(text):
    assert personal_data_in(text) == set()


def test_the_honeypot_is_thanked_and_nothing_is_stored(post_vote, page_a):
    response = post_vote(page_a, weboldal="http://spam.example")

    assert response.status_code == 200
    assert not PageVote.objects.unscoped().exists()


def test_a_form_sent_at_once_is_shown_again_with_a_fresh_token(client, page_a):
    token = tokens.issue(page_a.pk)  # drawn just now

    response = client.post(
        f"/visszajelzes/{page_a.pk}/",
        {"token": token, "hasznos": "igen", "megjegyzes": "gyors"},
        HTTP_HOST=HOST_A,
    )

    assert response.status_code == 400
    assert not PageVote.objects.unscoped().exists()
    assert "gyors" in response.content.decode()


@pytest.mark.parametrize("token", ["", "hamis", "other-page", "expired"])
def test_a_missing_forged_foreign_or_old_token_is_not_counted(post_vote, page_a, settings, token):
    if token == "other-page":
        token = tokens.issue(page_a.pk + 1, now=time.time() - 60)
    elif token == "expired":
        token = tokens.issue(page_a.pk, now=time.time() - settings.FEEDBACK_TOKEN_MAX_AGE - 5)

    response = post_vote(page_a, token=token)

    assert response.status_code == 400
    assert not PageVote.objects.unscoped().exists()


def test_an_answer_other_than_yes_or_no_is_asked_again(post_vote, page_a):
    assert post_vote(page_a, hasznos="talan").status_code == 400
    assert not PageVote.objects.unscoped().exists()


def test_one_address_is_limited_on_one_page(post_vote, page_a, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "page_feedback": "30/h/ip,2/d/key"}

    codes = [post_vote(page_a, address="10.9.9.9").status_code for _ in range(3)]
    other = post_vote(page_a, address="10.9.9.10").status_code

    assert codes == [200, 200, 429]
    assert other == 200
    assert PageVote.objects.unscoped().count() == 3


def test_a_page_of_another_municipality_cannot_be_voted_on_from_this_site(post_vote, page_b):
    response = post_vote(page_b, host=HOST_A)

    assert response.status_code == 404
    assert not PageVote.objects.unscoped().exists()


def test_a_draft_page_cannot_be_voted_on(post_vote, page_a):
    page_a.unpublish()

    assert post_vote(page_a).status_code == 404


def test_get_is_not_allowed(client, page_a):
    assert client.get(f"/visszajelzes/{page_a.pk}/", HTTP_HOST=HOST_A).status_code == 405


def test_own_site_vote_works_on_the_other_site_too(post_vote, page_b, municipality_b):
    assert post_vote(page_b, host=HOST_B).status_code == 200
    assert PageVote.objects.for_municipality(municipality_b).count() == 1
