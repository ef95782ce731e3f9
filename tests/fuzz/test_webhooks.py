"""Generated bodies, validly signed, posted to every provider webhook endpoint (Stripe's
and the simulated bank's): never a 5xx, and a refused body changes no payment.

Bodies: any JSON (``st.recursive``), raw bytes (not UTF-8, deep brackets) and real events
with one field replaced by generated JSON (past the envelope's checks, into each field).

Example counts: 20 per test in ``make test``; ``HYPOTHESIS_PROFILE=long`` (the fuzz
helper's long run, ``make fuzz``) tries 2000, and ``FUZZ_EXAMPLES=n`` overrides both."""

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.payments.models import Payment, PaymentEvent, ProviderMessage
from tests.services.payments.conftest import (  # noqa: F401 (fixtures used by name)
    connected_a,
    fee_form_a,
    post_signed,
    stripe_api,
    stripe_event,
    submit_form,
)

pytestmark = pytest.mark.django_db

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or {"long": 2000}.get(PROFILE, 20))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=PROFILE == "default",  # the same bodies every run of `make test`
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,  # one payment, set up once, many bodies
        HealthCheck.data_too_large,
    ],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()  # NaN and infinities are written as json.dumps writes them
    | st.text(max_size=20)
    | st.text(st.characters(codec="utf-8"), max_size=5)
    | st.sampled_from(["\x00", "\ud800", "x" * 300, "evt_" + "1" * 300, "3000", "3000.5"])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
deep = st.integers(min_value=30, max_value=50_000).map(lambda n: b"[" * n + b"]" * n)
raw = st.binary(max_size=300) | deep


def _dump(value):
    return json.dumps(value, ensure_ascii=True).encode()


any_body = json_values.map(_dump) | raw


def _replace(document, path, value):
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return _dump(document)


def _state(municipality):
    payment = Payment.objects.for_municipality(municipality).get()
    return (
        payment.status,
        payment.refunded_amount,
        PaymentEvent.objects.for_municipality(municipality).count(),
        ProviderMessage.objects.unscoped().count(),
    )


def _post_and_check(client, provider, body, municipality):
    before = _state(municipality)
    response = post_signed(client, provider, body)
    assert response.status_code < 500, body[:200]
    if response.status_code != 200:
        assert _state(municipality) == before, body[:200]


@pytest.fixture
def stripe_payment(client, stripe_api, connected_a, fee_form_a, municipality_a):  # noqa: F811
    submit_form(client)
    session = stripe_api.complete(stripe_api.only_session())
    completed = stripe_event(stripe_api, "checkout.session.completed", session)
    charge = {
        "id": "ch_test_fuzz",
        "payment_intent": session["payment_intent"],
        "amount_refunded": 100000,
    }
    refunded = dict(completed, id="evt_fuzz_refund", type="charge.refunded")
    refunded["data"] = {"object": charge}
    dispute = {
        "id": "dp_test_fuzz",
        "payment_intent": session["payment_intent"],
        "amount": 300000,
        "status": "needs_response",
    }
    disputed = dict(completed, id="evt_fuzz_dispute", type="charge.dispute.created")
    disputed["data"] = {"object": dispute}
    return {"completed": completed, "refunded": refunded, "disputed": disputed}


STRIPE_PATHS = [
    ("completed", ["id"]),
    ("completed", ["type"]),
    ("completed", ["account"]),
    ("completed", ["data"]),
    ("completed", ["data", "object"]),
    ("completed", ["data", "object", "id"]),
    ("completed", ["data", "object", "amount_total"]),
    ("completed", ["data", "object", "currency"]),
    ("completed", ["data", "object", "client_reference_id"]),
    ("completed", ["data", "object", "metadata"]),
    ("completed", ["data", "object", "payment_intent"]),
    ("completed", ["data", "object", "payment_status"]),
    ("refunded", ["data", "object", "amount_refunded"]),
    ("refunded", ["data", "object", "payment_intent"]),
    ("disputed", ["data", "object", "amount"]),
    ("disputed", ["data", "object", "status"]),
    ("disputed", ["data", "object", "payment_intent"]),
]


@fuzz
@given(body=any_body)
def test_stripe_webhook_refuses_any_body_without_a_5xx(
    client, stripe_payment, municipality_a, body
):
    _post_and_check(client, "stripe", body, municipality_a)


@fuzz
@given(where=st.sampled_from(STRIPE_PATHS), value=json_values)
def test_stripe_webhook_refuses_any_field_of_the_wrong_shape_without_a_5xx(
    client, stripe_payment, municipality_a, where, value
):
    kind, path = where
    document = json.loads(json.dumps(stripe_payment[kind]))
    _post_and_check(client, "stripe", _replace(document, path, value), municipality_a)


@pytest.fixture
def simulated_payment(client, fee_form_a, municipality_a):  # noqa: F811
    submit_form(client)
    payment = Payment.objects.for_municipality(municipality_a).get()
    return {
        "id": "simevt_fuzz",
        "payment": str(payment.uuid),
        "transaction": payment.provider_reference,
        "outcome": "paid",
        "reason": "approved",
        "amount": payment.amount,
        "currency": "HUF",
        "created": 1,
    }


@fuzz
@given(body=any_body)
def test_bank_callback_refuses_any_body_without_a_5xx(
    client, simulated_payment, municipality_a, body
):
    _post_and_check(client, "simulated", body, municipality_a)


@fuzz
@given(
    key=st.sampled_from(["id", "payment", "outcome", "amount", "currency", "reason"]),
    value=json_values,
)
def test_bank_callback_refuses_any_field_of_the_wrong_shape_without_a_5xx(
    client, simulated_payment, municipality_a, key, value
):
    document = dict(simulated_payment, **{key: value})
    before = _state(municipality_a)
    response = post_signed(client, "simulated", _dump(document))
    assert response.status_code < 500
    if response.status_code != 200:
        assert _state(municipality_a) == before
    elif key == "amount":
        # Accepted only as the exact whole forints owed: never truncated into a credit.
        assert type(value) is int and value > 0
