"""Health endpoints, Prometheus metrics and request ids (portal.operations)."""

import json
import logging

import pytest
from health_check.exceptions import ServiceUnavailable

from portal.operations import health
from portal.operations.requestid import RequestIdFilter
from services.forms.models import Submission

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_checking_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok\n"


def test_readiness_checks_the_database_cache_storages_search_and_queue(client):
    response = client.get("/readyz/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    checks = json.loads(response.content)
    assert set(checks.values()) == {"OK"}
    names = " ".join(checks)
    for part in ("Database", "Cache", "'default'", "'private'", "SearchEngine", "TaskQueue"):
        assert part in names


def test_a_failing_dependency_makes_the_node_unready_with_503(client, monkeypatch):
    def down(self):
        raise ServiceUnavailable("Search engine not reachable")

    monkeypatch.setattr(health.SearchEngine, "run", down)
    response = client.get("/readyz/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert "Search engine not reachable" in response.content.decode()


def test_an_engine_that_does_not_answer_fails_the_search_check(monkeypatch):
    class Client:
        def ping(self):
            return False

    class Backend:
        es = Client()

    monkeypatch.setattr("wagtail.search.backends.get_search_backend", lambda alias: Backend())
    with pytest.raises(ServiceUnavailable):
        health.SearchEngine().run()


def test_metrics_count_submissions_per_municipality(client, published_form):
    from tests.factories.intake import submit_form
    from tests.services.forms.test_services import valid_complaint

    submit_form(published_form, valid_complaint())
    body = client.get("/metrics").content.decode()
    code = published_form.municipality.ksh_code
    assert f'varoshaza_submissions{{municipality="{code}"}} 1.0' in body
    assert "django_http_requests_latency_seconds_by_view_method" in body
    assert Submission.objects.unscoped().count() == 1


def test_metrics_are_not_served_to_other_addresses(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404


def test_metrics_with_a_token_need_it(client, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 404
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 404
    right = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert right.status_code == 200


def test_page_cache_hits_and_misses_are_counted(client, municipality_a):
    from portal.operations.metrics import PAGE_CACHE

    host = municipality_a.site.hostname
    before = {state: PAGE_CACHE.labels(state)._value.get() for state in ("hit", "miss")}
    client.get("/", HTTP_HOST=host)
    client.get("/", HTTP_HOST=host)
    after = {state: PAGE_CACHE.labels(state)._value.get() for state in ("hit", "miss")}
    assert after["miss"] - before["miss"] == 1
    assert after["hit"] - before["hit"] == 1


def test_every_response_carries_a_request_id_and_a_good_one_given_is_kept(client):
    made = client.get("/healthz/")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz/", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == (
        "lb-1234abcd"
    )
    # anything else a client sends is replaced, never echoed into the logs
    odd = client.get("/healthz/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert odd["X-Request-ID"] != "<script>alert(1)</script>"


def test_log_lines_written_during_a_request_carry_its_id(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO):
        client.get("/nincs-ilyen-oldal-sehol/", HTTP_X_REQUEST_ID="trace-0000001")
    lines = [record for record in caplog.records if record.name == "django.request"]
    assert lines, "Django logs a 404"
    assert {record.request_id for record in lines} == {"trace-0000001"}


def test_a_submission_s_answers_never_reach_the_logs(client, published_form, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    answers = {
        "bejelento_neve": "Zsombolyai Kunigunda",
        "bejelento_email": "kunigunda.zs@example.hu",
        "bejelentes_tipusa": "panasz",
        "targy": "Titkos tárgy qwxyz",
        "leiras": "Személyes leírás qwxyz-9471",
        "nyilatkozat": "on",
        "kelt_helye": "Alsóvár",
    }
    with caplog.at_level(logging.DEBUG):
        bad = client.post(
            "/urlapok/PANASZ-001/",
            {**answers, "bejelento_email": "kunigunda-rossz"},
            HTTP_HOST="alsovar.localhost",
        )
        good = client.post("/urlapok/PANASZ-001/", answers, HTTP_HOST="alsovar.localhost")
    assert bad.status_code == 400 and good.status_code == 200
    assert Submission.objects.unscoped().count() == 1
    logged = "\n".join(
        caplog.handler.format(record) + repr(record.__dict__) for record in caplog.records
    )
    assert logged, "the requests were logged at all"
    for value in ("Zsombolyai", "Kunigunda", "kunigunda", "qwxyz"):
        assert value not in logged


def test_the_json_log_format_is_one_object_a_line_with_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    from portal.operations.requestid import request_id

    formatter = JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        rename_fields={"levelname": "level"},
    )
    token = request_id.set("abc12345")
    try:
        record = logging.LogRecord("portal", logging.WARNING, __file__, 1, "slow", None, None)
        RequestIdFilter().filter(record)
        line = json.loads(formatter.format(record))
    finally:
        request_id.reset(token)
    assert line["request_id"] == "abc12345" and line["level"] == "WARNING"


def test_readiness_answers_a_browser_with_a_page(client):
    response = client.get("/readyz/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "Database" in response.content.decode()
