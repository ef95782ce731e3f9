"""A validly signed webhook whose body has the wrong shape is refused (400 and a log line)
before anything of it is stored or applied: never a 500, never a truncated amount."""

import json

import pytest

from services.payments.constants import PaymentStatus
from services.payments.models import Payment, PaymentEvent, ProviderMessage
from services.payments.providers import InvalidNotification
from services.payments.providers.messages import amount, check, read_json

from .conftest import FEE, post_signed, stripe_event, submit_form

pytestmark = pytest.mark.django_db

DEEP = 100_000  # deeper than json's recursion limit


def _deep(prefix: str) -> bytes:
    return (prefix + "[" * DEEP + "]" * DEEP + "}}}").encode()


def _completed(stripe_api):
    submit_form_session = stripe_api.complete(stripe_api.only_session())
    return stripe_event(stripe_api, "checkout.session.completed", submit_form_session)


def _mutate(event, path, value):
    node = event
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return json.dumps(event).encode()


STRIPE_BODIES = {
    "array": lambda e: b"[]",
    "string": lambda e: b'"evt_1"',
    "null": lambda e: b"null",
    "empty": lambda e: b"",
    "not_json": lambda e: b"{not json",
    "not_utf8": lambda e: b'{"id": "evt_\xff\xfe"}',
    "no_event_id": lambda e: _mutate(e, ["id"], KeyError),
    "event_id_longer_than_the_column": lambda e: _mutate(e, ["id"], "evt_" + "x" * 300),
    "event_id_with_nul": lambda e: _mutate(e, ["id"], "evt_1\u0000"),
    "lone_surrogate": lambda e: _mutate(e, ["data", "object", "metadata"], {"x": "\ud800"}),
    "string_amount": lambda e: _mutate(e, ["data", "object", "amount_total"], str(FEE * 100)),
    "float_amount": lambda e: _mutate(e, ["data", "object", "amount_total"], FEE * 100.0),
    "fractional_amount": lambda e: _mutate(e, ["data", "object", "amount_total"], 300000.5),
    "nan_amount": lambda e: (
        json.dumps(e).replace('"amount_total": 300000', '"amount_total": NaN').encode()
    ),
    "huge_amount": lambda e: _mutate(e, ["data", "object", "amount_total"], 10**40),
    "object_is_a_list": lambda e: _mutate(e, ["data", "object"], [1, 2]),
    "no_account": lambda e: _mutate(e, ["account"], KeyError),
    "empty_account": lambda e: _mutate(e, ["account"], ""),
    "unknown_account": lambda e: _mutate(e, ["account"], "acct_nobodys00001"),
    "deep_nesting": lambda e: _deep('{"id": "evt_1", "type": "x", "data": {"object": {"a": '),
    "moderately_deep": lambda e: _mutate(
        e, ["data", "object", "metadata"], json.loads("[" * 200 + "]" * 200)
    ),
}


@pytest.mark.parametrize("shape", sorted(STRIPE_BODIES))
def test_a_signed_stripe_event_of_the_wrong_shape_is_refused_and_changes_nothing(
    client, stripe_api, connected_a, fee_form_a, municipality_a, caplog, shape
):
    submit_form(client)
    body = STRIPE_BODIES[shape](_completed(stripe_api))
    history = PaymentEvent.objects.for_municipality(municipality_a).count()

    response = post_signed(client, "stripe", body)

    assert response.status_code == 400
    assert "Refused stripe notification" in caplog.text
    payment = Payment.objects.for_municipality(municipality_a).get()
    assert payment.status == PaymentStatus.PENDING
    assert not ProviderMessage.objects.unscoped().exists()
    assert PaymentEvent.objects.for_municipality(municipality_a).count() == history


def test_the_same_event_of_the_right_shape_is_applied(
    client, stripe_api, connected_a, fee_form_a, municipality_a
):
    """The control for the test above: its bodies are refused for their shape alone."""
    submit_form(client)

    response = post_signed(client, "stripe", json.dumps(_completed(stripe_api)).encode())

    assert response.status_code == 200
    assert Payment.objects.for_municipality(municipality_a).get().status == PaymentStatus.PAID


def test_a_refund_in_fractions_of_a_forint_is_refused(
    client, stripe_api, connected_a, fee_form_a, municipality_a, caplog
):
    submit_form(client)
    completed = _completed(stripe_api)
    post_signed(client, "stripe", json.dumps(completed).encode())
    charge = {
        "id": "ch_test_1",
        "object": "charge",
        "payment_intent": completed["data"]["object"]["payment_intent"],
        "amount_refunded": 150,  # 1.50 Ft
    }
    refunded = dict(completed, id="evt_refund_1", type="charge.refunded", data={"object": charge})

    response = post_signed(client, "stripe", json.dumps(refunded).encode())

    assert response.status_code == 400
    payment = Payment.objects.for_municipality(municipality_a).get()
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.PAID, 0)


# -- the simulated VPOS's callback


def _callback(of, **changes):
    message = {
        "id": "simevt_1",
        "payment": str(of.uuid),
        "transaction": of.provider_reference,
        "outcome": "paid",
        "reason": "approved",
        "amount": of.amount,
        "currency": "HUF",
        "created": 1,
    }
    for key, value in changes.items():
        if value is KeyError:
            del message[key]
        else:
            message[key] = value
    return json.dumps(message).encode()


SIMULATED_BODIES = {
    "array": lambda p: b"[1]",
    "string": lambda p: b'"paid"',
    "not_utf8": lambda p: b"\xff\xfe\x00",
    "fractional_amount": lambda p: _callback(p, amount=p.amount + 0.5),
    "float_amount": lambda p: _callback(p, amount=float(p.amount)),
    "string_amount": lambda p: _callback(p, amount=str(p.amount)),
    "negative_amount": lambda p: _callback(p, amount=-p.amount),
    "boolean_amount": lambda p: _callback(p, amount=True),
    "no_event_id": lambda p: _callback(p, id=KeyError),
    "event_id_longer_than_the_column": lambda p: _callback(p, id="simevt_" + "1" * 300),
    "event_id_not_a_string": lambda p: _callback(p, id={"a": 1}),
    "unknown_outcome": lambda p: _callback(p, outcome="refunded"),
    "payment_not_an_id": lambda p: _callback(p, payment="x" * 5000),
    "nul_in_reason": lambda p: _callback(p, reason="ok\u0000"),
    "deep_nesting": lambda p: _deep('{"id": "simevt_1", "x": {"y": {"z": '),
}


@pytest.mark.parametrize("shape", sorted(SIMULATED_BODIES))
def test_a_signed_bank_callback_of_the_wrong_shape_is_refused_not_truncated(
    client, fee_form_a, municipality_a, caplog, shape
):
    submit_form(client)
    payment = Payment.objects.for_municipality(municipality_a).get()

    response = post_signed(client, "simulated", SIMULATED_BODIES[shape](payment))

    assert response.status_code == 400
    assert "Refused simulated notification" in caplog.text
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert not ProviderMessage.objects.unscoped().exists()


def test_the_bank_callback_of_the_right_shape_is_applied(client, fee_form_a, municipality_a):
    submit_form(client)
    payment = Payment.objects.for_municipality(municipality_a).get()

    response = post_signed(client, "simulated", _callback(payment))

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


# -- the edge's own rules, without HTTP


@pytest.mark.parametrize("value", [3000.0, 3000.5, "3000", True, None, 10**16, -1])
def test_an_amount_is_a_true_integer_in_range(value):
    with pytest.raises(InvalidNotification, match="wrong shape"):
        check({"amount": value}, {"properties": {"amount": amount()}})


@pytest.mark.parametrize(
    "body",
    [
        b"NaN",
        b"[Infinity]",
        b'{"a": -Infinity}',
        b'{"\\u0000": 1}',
        b'["\\udc00"]',
        b"1" * 5000,  # more digits than Python converts
        b"[" * 40 + b"]" * 40,  # deeper than any provider's message
        "\u00e9".encode("latin-1"),
    ],
)
def test_unreadable_or_unstorable_json_is_refused(body):
    with pytest.raises(InvalidNotification):
        read_json(body)


def test_readable_json_comes_back_as_it_was():
    assert read_json('{"a": [1, "Győr", {"b": null}]}'.encode()) == {"a": [1, "Győr", {"b": None}]}


@pytest.mark.parametrize(
    "body",
    [
        lambda p: _callback(p, amount=p.amount + 0.5),
        lambda p: _callback(p, id="simevt_" + "1" * 300),
        lambda p: b"[" * 50_000 + b"]" * 50_000,
    ],
    ids=["fractional_amount", "long_id", "deep"],
)
def test_a_signed_result_of_the_wrong_shape_on_the_return_page_is_not_believed(
    client, settings, fee_form_a, municipality_a, body
):
    import base64

    from django.urls import reverse

    from services.payments.providers.signing import sign

    submit_form(client)
    payment = Payment.objects.for_municipality(municipality_a).get()
    signed = body(payment)
    query = {
        "result": base64.urlsafe_b64encode(signed).decode(),
        "signature": sign(signed, settings.PAYMENT_SIMULATOR_SECRET),
    }

    response = client.get(
        reverse("payments:returned", args=[payment.uuid]), query, HTTP_HOST="alsovar.localhost"
    )

    assert response.status_code in (200, 302)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
