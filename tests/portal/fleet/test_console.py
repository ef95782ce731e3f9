"""The operators' fleet console: the seed's figures computed from the services' façades
against data made here, kept briefly in the cache, and shown to operators only."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal.fleet import figures
from services.helpdesk import services as helpdesk
from sites.actor import Actor
from sites.constants import County, LegalStatus
from tests.factories.forms import AdoptedFormFactory
from tests.factories.intake import submit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def fleet(municipality_a, municipality_b, officer_a):
    """A publishes the complaint form (with its own help text: personalised) and receives a
    submission; A's officer opens a helpdesk ticket. B has joined and done nothing yet."""
    form = AdoptedFormFactory(municipality=municipality_a, code="PANASZ-001")
    submit_form(
        form,
        {
            "bejelento_neve": "Kiss Anna",
            "bejelento_email": "kiss.anna@example.hu",
            "bejelentes_tipusa": "panasz",
            "targy": "Kátyú",
            "leiras": "A Fő utcában kátyú van.",
            "nyilatkozat": "on",
            "kelt_helye": "Alsóvár",
        },
    )
    helpdesk.open_ticket(
        municipality_a,
        actor=Actor(user=officer_a),
        subject="Lassú az ügylista",
        category="registry",
        description="Percekig tölt.",
    )
    return form


def test_the_console_s_figures_come_from_the_seeded_data(fleet, municipality_a, municipality_b):
    data = figures.compute()
    joined = data["joined"]
    assert joined["total"] == 2
    assert dict(joined["by_county"]) == {County.PEST.label: 2}
    assert dict(joined["by_legal_status"]) == {LegalStatus.VILLAGE.label: 2}
    assert data["forms"]["templates_in_use"] == 1
    assert data["forms"]["top_templates"][0][0] == "PANASZ-001"
    assert data["forms"]["top_templates"][0][2] == 1
    assert len(data["submissions"]) == figures.WEEKS
    assert data["submissions"][-1][1] == 1  # this week
    assert sum(count for _week, count, _sum in data["submissions"]) == 1
    assert data["registry"]["documents"] >= 1
    assert data["registry"]["per_week"][-1][1] == data["registry"]["documents"]
    assert sum(count for _week, count, _sum in data["payments"]) == 0
    assert data["tax"]["total"] == 0
    assert data["helpdesk"]["open"] == 1 and data["helpdesk"]["with_provider"] == 1
    assert data["helpdesk"]["per_week"][-1][1] == 1
    assert data["deliveries"] == {"days": 30, "documents": 0, "emails": 0}


def test_the_figures_are_cached_briefly(fleet, municipality_a, officer_a):
    cache.clear()
    first = figures.console_figures()
    helpdesk.open_ticket(
        municipality_a,
        actor=Actor(user=officer_a),
        subject="Még egy",
        category="other",
        description="x",
    )
    assert figures.console_figures()["helpdesk"]["open"] == first["helpdesk"]["open"] == 1
    assert figures.console_figures(refresh=True)["helpdesk"]["open"] == 2


def test_the_console_page_for_operators_only(client, fleet, operator, officer_a):
    client.force_login(operator)
    page = client.get(reverse("fleet_admin:console"))
    assert page.status_code == 200
    text = page.content.decode()
    # the immediate task backend and the local-memory cache say what they are
    assert page.context["health"]["queue"] is None
    assert page.context["health"]["cache"] is None
    assert page.context["health"]["heartbeat"]["in_process"]
    assert page.context["health"]["heartbeat"]["seen_at"] is not None  # the beat ran in-process
    assert page.context["search"]["expected"] >= 0 and "error" not in page.context["search"]
    assert "<svg" in text and "PANASZ-001" in text
    assert "http://" not in text.split("<main", 1)[-1].replace("http://www.w3.org/2000/svg", "")
    client.force_login(officer_a)
    assert client.get(reverse("fleet_admin:console")).status_code in (302, 403)


def test_the_console_lists_the_fleet_s_least_useful_pages(client, fleet, operator, municipality_a):
    from services.feedback import services as feedback
    from services.feedback.services import WORST_MIN_VOTES

    page = municipality_a.root_page
    for index in range(WORST_MIN_VOTES + 2):
        feedback.record_vote(municipality_a, page, helpful=index == 0)
    rows = figures.worst_pages()
    assert [(row["page_id"], row["yes"]) for row in rows] == [(page.pk, 1)]
    cache.clear()
    client.force_login(operator)
    body = client.get(reverse("fleet_admin:console")).content.decode()
    assert page.title in body and municipality_a.name in body


def test_the_console_reads_the_figures_prometheus_reads(fleet, municipality_a, client, settings):
    """The page cache's ratio and the platform's totals on the console are /metrics' own."""
    from portal.operations import metrics

    settings.METRICS_CACHE_SECONDS = 0
    host = municipality_a.site.hostname
    before = metrics.page_cache_counts()
    client.get("/", HTTP_HOST=host)  # rendered: a miss
    client.get("/", HTTP_HOST=host)  # from the cache: a hit
    hits, misses = metrics.page_cache_counts()
    assert (hits - before[0], misses - before[1]) == (1, 1)

    health = figures.live_health()
    assert health["page_cache"]["hits"] == int(hits)
    assert health["page_cache"]["ratio"] == round(100 * hits / (hits + misses), 1)
    scraped = client.get("/metrics").content.decode()
    ksh = municipality_a.ksh_code
    assert f'varoshaza_submissions{{municipality="{ksh}"}} 1.0' in scraped
    assert health["platform"]["submissions"] == 1
    assert health["platform"]["registry_numbers"] >= 1
