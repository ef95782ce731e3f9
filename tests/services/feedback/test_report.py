"""The municipality's report (numbers, comments, weekly chart) and the fleet's worst pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from services.feedback import charts, services
from services.feedback.models import PageVote

pytestmark = pytest.mark.django_db


def _votes(municipality, page, yes, no, *, days_ago=1, comment=""):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    for helpful, count in ((True, yes), (False, no)):
        for _ in range(count):
            PageVote.objects.create(
                municipality=municipality,
                page=page,
                helpful=helpful,
                comment=comment,
                created_at=when,
            )


def test_the_report_counts_per_page_least_useful_first(municipality_a, page_a):
    home = municipality_a.root_page
    _votes(municipality_a, page_a, 1, 3, comment="")
    _votes(municipality_a, home, 4, 1)
    _votes(municipality_a, page_a, 5, 5, days_ago=200)  # outside the 90 days

    report = services.report(municipality_a)

    assert (report["yes"], report["no"]) == (5, 4)
    rows = [(r.page_id, r.yes, r.no, r.useful_percent) for r in report["pages"]]
    assert rows == [(page_a.pk, 1, 3, 25), (home.pk, 4, 1, 80)]


def test_the_weekly_series_puts_each_vote_in_its_week(municipality_a, page_a):
    now = timezone.now()
    _votes(municipality_a, page_a, 2, 0, days_ago=0)
    _votes(municipality_a, page_a, 0, 3, days_ago=14)
    _votes(municipality_a, page_a, 9, 9, days_ago=7 * 13)  # before the chart's 12 weeks

    weeks = services.weekly(PageVote.objects.for_municipality(municipality_a), now=now)

    assert len(weeks) == 12
    assert weeks[-1][1:] == (2, 0)
    assert sum(y for _d, y, _n in weeks) == 2 and sum(n for _d, _y, n in weeks) == 3
    mondays = [day for day, _y, _n in weeks]
    assert all(day.weekday() == 0 for day in mondays)
    assert mondays == sorted(mondays)


def test_the_chart_scales_the_highest_week_to_the_plot():
    monday = datetime.date(2026, 11, 2)
    series = [(monday, 4, 2), (monday + datetime.timedelta(days=7), 0, 0)]

    chart = charts.week_columns(series)

    yes, no, empty_yes, _empty_no = chart.columns
    plot = charts.HEIGHT - charts.TOP - charts.BOTTOM
    assert yes.height == pytest.approx(plot) and no.height == pytest.approx(plot / 2, abs=0.1)
    assert yes.y + yes.height == pytest.approx(chart.baseline)
    assert empty_yes.height < 1
    assert not chart.empty and charts.week_columns([(monday, 0, 0)]).empty


def test_the_admin_report_shows_own_comments_and_a_chart_only(
    client, editor_a, municipality_a, municipality_b, page_a, page_b
):
    _votes(municipality_a, page_a, 0, 1, comment="Nem derül ki a díj.")
    _votes(municipality_b, page_b, 0, 1, comment="zqxbvisszajelzes")
    client.force_login(editor_a)

    response = client.get(reverse("feedback_admin:report", args=[municipality_a.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Nem derül ki a díj." in body and "<svg" in body
    assert "zqxb" not in body
    other = client.get(reverse("feedback_admin:report", args=[municipality_b.pk]))
    assert other.status_code == 404
    # B's page id on A's report shows nothing of B
    filtered = client.get(
        reverse("feedback_admin:report", args=[municipality_a.pk]), {"oldal": page_b.pk}
    )
    assert "zqxb" not in filtered.content.decode()


def test_an_officer_does_not_see_the_report(client, officer_a, municipality_a):
    client.force_login(officer_a)

    response = client.get(reverse("feedback_admin:report", args=[municipality_a.pk]))

    assert response.status_code in (302, 403, 404)
    assert "report" not in (response.context or {})


def test_worst_pages_ranks_the_fleet_by_share_of_no_with_enough_votes(
    municipality_a, municipality_b, page_a, page_b
):
    _votes(municipality_a, page_a, 2, 8)  # 20 % useful
    _votes(municipality_b, page_b, 5, 5)  # 50 %
    _votes(municipality_a, municipality_a.root_page, 0, 3)  # too few votes to rank

    worst = services.worst_pages(5)

    assert [(row["page_id"], row["useful_percent"]) for row in worst] == [
        (page_a.pk, 20),
        (page_b.pk, 50),
    ]
    assert worst[0]["municipality_id"] == municipality_a.pk
    assert worst[0]["url"].endswith("/hulladek/")
    assert len(services.worst_pages(1)) == 1


def test_only_operators_see_the_fleet(client, operator, editor_a):
    client.force_login(editor_a)
    # Wagtail's admin answers a refusal with a redirect to the dashboard and a message.
    assert client.get(reverse("feedback_admin:fleet")).status_code in (302, 403)
    client.force_login(operator)
    assert client.get(reverse("feedback_admin:fleet")).status_code == 200
