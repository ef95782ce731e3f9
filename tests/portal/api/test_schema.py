"""schemathesis against /api/v1/openapi.json: generated requests to every operation, with a
valid token of a fixture municipality (a taxpayer with a charge, every scope). No answer may
be a 5xx, and every answer (problems included) must match the schema. A bounded number of
examples per operation (``API_SCHEMA_EXAMPLES``, 25), the same every run (derandomized)."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance

from portal.api.api import api

EXAMPLES = int(os.environ.get("API_SCHEMA_EXAMPLES", "25"))
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.config.generation.update(max_examples=EXAMPLES)
# Requests go straight to the project's WSGI application; no server runs.
schema.app = get_wsgi_application()


@pytest.fixture
def wsgi_keeps_the_test_connection():
    # The WSGI handler closes the database connection after each request, which would
    # close the test's transaction; Django's test client does the same as this.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(
    wsgi_keeps_the_test_connection, db, given_municipality, api_token, taxpayer_of, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "", "api_refused": ""}
    municipality = given_municipality(name="Sémavár", slug="semavar")
    taxpayer = taxpayer_of(municipality)
    _token, secret = api_token(municipality)
    return municipality, taxpayer, secret


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(case, api_world):
    municipality, taxpayer, secret = api_world
    meta = case.meta
    if meta is None or meta.generation.mode.is_positive:
        # A valid request of the fixture's municipality, now and then of its taxpayer.
        parameters = case.path_parameters or {}
        if "ksh_code" in parameters:
            parameters["ksh_code"] = municipality.ksh_code
        identifier = parameters.get("taxpayer_id")
        if isinstance(identifier, int) and identifier % 2 == 0:
            parameters["taxpayer_id"] = taxpayer.pk
        if case.query:
            # The cursor is opaque and signed: no generated value is one the API handed
            # out, so even a schema-valid one is refused (400, test_framework.py).
            case.query.pop("cursor", None)
    headers = {}
    if meta is None or not meta.is_negative_at(ParameterLocation.HEADER):
        headers["Authorization"] = f"Bearer {secret}"
    # Every check but "a schema-valid request is accepted": the API refuses, beyond what a
    # JSON Schema can say, a payment dated in the future, a cursor it did not hand out and
    # text the database cannot store (a NUL byte), each with a 400 problem.
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
