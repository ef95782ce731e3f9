"""Staff hide an abusive comment from their site's report (who and when recorded, undone on
request); the vote keeps counting; nobody of another municipality can touch it."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from services.feedback import services
from services.feedback.models import PageVote

pytestmark = pytest.mark.django_db

ABUSE = "Ez egy sértő zqxmoderalt megjegyzés"


@pytest.fixture
def abusive(municipality_a, page_a):
    return PageVote.objects.create(
        municipality=municipality_a, page=page_a, helpful=False, comment=ABUSE
    )


def _moderate(client, municipality, vote, action, **extra):
    url = reverse("feedback_admin:hide_comment", args=[municipality.pk, vote.pk])
    return client.post(url, {"muvelet": action, **extra})


def _report(client, municipality):
    return client.get(reverse("feedback_admin:report", args=[municipality.pk]))


@pytest.mark.parametrize("role", ["editor_a", "moderator_a", "site_admin_a"])
def test_staff_hide_a_comment_and_the_vote_still_counts(
    request, client, role, municipality_a, abusive
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert ABUSE in _report(client, municipality_a).content.decode()

    response = _moderate(client, municipality_a, abusive, "rejtes")

    assert response.status_code == 302
    abusive.refresh_from_db()
    assert abusive.hidden_by == user and abusive.hidden_at is not None
    assert abusive.comment == ABUSE  # kept, so that hiding can be undone
    report = services.report(municipality_a)
    assert abusive not in report["comments"] and abusive in report["hidden"]
    assert (report["yes"], report["no"]) == (0, 1)
    assert report["pages"][0].comments == 0 and report["pages"][0].no == 1
    assert ModelLogEntry.objects.filter(
        action="feedback.hide_comment", object_id=str(abusive.pk), user=user
    ).exists()


def test_a_hidden_comment_is_shown_again_and_both_changes_are_logged(
    client, editor_a, site_admin_a, municipality_a, abusive
):
    client.force_login(editor_a)
    _moderate(client, municipality_a, abusive, "rejtes")
    body = _report(client, municipality_a).content.decode()
    assert "1 rejtett megjegyzés" in body

    client.force_login(site_admin_a)
    _moderate(client, municipality_a, abusive, "mutatas")

    abusive.refresh_from_db()
    assert abusive.hidden_at is None and abusive.hidden_by is None
    assert abusive in services.report(municipality_a)["comments"]
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(abusive.pk))
        .order_by("timestamp")
        .values_list("action", "user")
    )
    assert actions == [
        ("feedback.hide_comment", editor_a.pk),
        ("feedback.show_comment", site_admin_a.pk),
    ]


def test_hiding_twice_records_once(editor_a, municipality_a, abusive):
    services.hide_comment(municipality_a, abusive.pk, editor_a)
    first = PageVote.objects.unscoped().get(pk=abusive.pk).hidden_at
    services.hide_comment(municipality_a, abusive.pk, editor_a)

    assert PageVote.objects.unscoped().get(pk=abusive.pk).hidden_at == first
    assert ModelLogEntry.objects.filter(object_id=str(abusive.pk)).count() == 1


def test_staff_of_another_municipality_get_404_and_change_nothing(
    client, editor_b, site_admin_b, municipality_a, municipality_b, abusive
):
    for user in (editor_b, site_admin_b):
        client.force_login(user)
        # A's workspace is not theirs…
        assert _moderate(client, municipality_a, abusive, "rejtes").status_code == 404
        # …and A's comment is not in theirs.
        assert _moderate(client, municipality_b, abusive, "rejtes").status_code == 404

    abusive.refresh_from_db()
    assert abusive.hidden_at is None and abusive.hidden_by is None
    assert not ModelLogEntry.objects.filter(object_id=str(abusive.pk)).exists()


def test_an_officer_cannot_moderate(client, officer_a, municipality_a, abusive):
    client.force_login(officer_a)

    response = _moderate(client, municipality_a, abusive, "rejtes")

    assert response.status_code in (302, 403, 404)
    abusive.refresh_from_db()
    assert abusive.hidden_at is None


def test_get_is_not_allowed_and_a_bad_action_changes_nothing(
    client, editor_a, municipality_a, abusive
):
    client.force_login(editor_a)
    url = reverse("feedback_admin:hide_comment", args=[municipality_a.pk, abusive.pk])

    assert client.get(url).status_code == 405
    response = _moderate(client, municipality_a, abusive, "torles")
    assert response.status_code == 302
    abusive.refresh_from_db()
    assert abusive.hidden_at is None


def test_the_way_back_stays_on_the_report(client, editor_a, municipality_a, abusive, page_a):
    client.force_login(editor_a)
    report = reverse("feedback_admin:report", args=[municipality_a.pk])

    kept = _moderate(
        client, municipality_a, abusive, "rejtes", vissza=f"{report}?oldal={page_a.pk}"
    )
    elsewhere = _moderate(
        client, municipality_a, abusive, "mutatas", vissza="https://evil.example/"
    )

    assert kept["Location"] == f"{report}?oldal={page_a.pk}"
    assert elsewhere["Location"] == report
