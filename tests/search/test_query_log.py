"""The query log of each site and its report in the admin: its own site's searches only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from search.models import QueryLog
from sites.models import StandardPage

pytestmark = pytest.mark.django_db

HOST_A = "alsovar.localhost"


def test_a_search_is_logged_folded_with_its_count_and_nothing_personal(client, municipality_a):
    page = municipality_a.root_page.add_child(
        instance=StandardPage(title="Helyi adók", slug="helyi-adok", intro="adó")
    )
    page.save_revision().publish()

    client.get("/kereses/", {"q": "Helyi ADÓK"}, HTTP_HOST=HOST_A, REMOTE_ADDR="10.1.2.3")
    client.get("/kereses/", {"q": "zqsemmi"}, HTTP_HOST=HOST_A)
    # paging and kind links of the same search are not new searches
    client.get("/kereses/", {"q": "zqsemmi", "tipus": "news"}, HTTP_HOST=HOST_A)

    logged = list(QueryLog.objects.order_by("pk").values("site", "query", "results"))
    assert [(row["query"], row["results"] > 0) for row in logged] == [
        ("helyi adok", True),
        ("zqsemmi", False),
    ]
    assert {row["site"] for row in logged} == {municipality_a.site_id}
    fields = {field.name for field in QueryLog._meta.get_fields()}
    assert fields == {"id", "site", "query", "results", "searched_at"}


def test_the_report_shows_its_own_sites_searches_of_the_last_30_days(
    client, editor_a, municipality_a, municipality_b
):
    old = timezone.now() - datetime.timedelta(days=31)
    QueryLog.objects.create(site=municipality_a.site, query="parkolas", results=4)
    QueryLog.objects.create(site=municipality_a.site, query="parkolas", results=4)
    QueryLog.objects.create(site=municipality_a.site, query="kutyaadó", results=0)
    QueryLog.objects.create(
        site=municipality_a.site, query="regikereses", results=1, searched_at=old
    )
    QueryLog.objects.create(site=municipality_b.site, query="zqxbmasik", results=0)
    client.force_login(editor_a)

    response = client.get(reverse("search_admin:report", args=[municipality_a.pk]))

    assert response.status_code == 200
    report = response.context["report"]
    assert [(row["query"], row["count"]) for row in report["top"]] == [
        ("parkolas", 2),
        ("kutyaadó", 1),
    ]
    assert [row["query"] for row in report["no_result"]] == ["kutyaadó"]
    body = response.content.decode()
    assert "zqxbmasik" not in body and "regikereses" not in body
    other = client.get(reverse("search_admin:report", args=[municipality_b.pk]))
    assert other.status_code == 404


def test_officers_and_citizens_do_not_see_the_report(client, officer_a, municipality_a):
    client.force_login(officer_a)

    response = client.get(reverse("search_admin:report", args=[municipality_a.pk]))

    assert response.status_code in (403, 404)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "adó", "tol": "nem-datum"},
        {"q": "adó", "tol": "2026-12-01", "ig": "2026-01-01"},
        {"q": "adó", "tipus": "nincs-ilyen", "page": "-4"},
        {"q": "adó", "tipus": "news", "page": "99999999999999999999"},
        {"q": "adó", "tipus": ["news", "events"]},
    ],
)
def test_bad_filters_get_a_page_with_a_message_not_an_error(client, municipality_a, params):
    response = client.get("/kereses/", params, HTTP_HOST=HOST_A)

    assert response.status_code == 200
    if "tol" in params:
        assert response.context["errors"]
