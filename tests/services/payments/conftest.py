import json

import pytest
from django.urls import reverse

from services.forms.models import Submission
from services.intake import services as intake
from tests.factories.forms import AdoptedFormFactory
from tests.factories.payments import MerchantAccountFactory

from .stripe_double import StripeDouble, event, stripe_signature

HOST_A = "alsovar.localhost"
HOST_B = "felsovar.localhost"
FEE = 3000
WEBHOOK_SECRET = "whsec_test_secret"


def complaint(**overrides):
    return {
        "bejelento_neve": "Kiss Anna",
        "bejelento_email": "kiss.anna@example.hu",
        "bejelentes_tipusa": "panasz",
        "targy": "Kátyú",
        "leiras": "A Fő utcán kátyú van.",
        "nyilatkozat": "on",
        "kelt_helye": "Alsóvár",
        "bejelento_cime__postal_code": "",
        "bejelento_cime__settlement": "",
        **overrides,
    }


def fee_form(municipality, amount=FEE):
    return AdoptedFormFactory(municipality=municipality, fee={"kind": "fixed", "amount": amount})


@pytest.fixture
def fee_form_a(municipality_a):
    return fee_form(municipality_a)


@pytest.fixture
def fee_form_b(municipality_b):
    return fee_form(municipality_b)


def submit_form(client, host=HOST_A, **answers):
    """A citizen sends the fee form on the municipality's site; returns the response."""
    return client.post("/urlapok/PANASZ-001/", complaint(**answers), HTTP_HOST=host)


def only_submission(municipality):
    """The municipality's one form submission, with ``state``: its application's (intake
    keeps whether the fee is paid and the submission registered)."""
    submission = Submission.objects.for_municipality(municipality).get()
    submission.state = intake.find(municipality, submission.reference).state
    return submission


# -- Stripe against the local double


@pytest.fixture
def stripe_api(settings):
    double = StripeDouble().start()
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_local_double"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = double.url
    settings.PAYMENT_PROVIDER_TIMEOUT = 2
    yield double
    double.stop()


@pytest.fixture
def connected_a(municipality_a):
    return MerchantAccountFactory(municipality=municipality_a, stripe_account_id="acct_alsovar0001")


@pytest.fixture
def connected_b(municipality_b):
    return MerchantAccountFactory(municipality=municipality_b, stripe_account_id="acct_felsovar002")


def post_webhook(client, payload, secret=WEBHOOK_SECRET, timestamp=None, signature=None):
    body = json.dumps(payload).encode()
    header = signature if signature is not None else stripe_signature(body, secret, timestamp)
    return client.post(
        reverse("payments:notification", args=["stripe"]),
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


def stripe_event(double, kind, session, event_id=None):
    return event(kind, session, double.account_of(session["id"]), event_id=event_id)


def post_signed(client, provider, body: bytes):
    """A body of any shape (bytes), validly signed for the provider's webhook endpoint:
    the signature proves the sender, so whatever is refused is refused for its shape."""
    from django.conf import settings

    from services.payments.providers.signing import sign
    from services.payments.providers.simulated import SIGNATURE_HEADER

    url = reverse("payments:notification", args=[provider])
    if provider == "stripe":
        header = {"HTTP_STRIPE_SIGNATURE": stripe_signature(body, WEBHOOK_SECRET)}
    else:
        name = "HTTP_" + SIGNATURE_HEADER.upper().replace("-", "_")
        header = {name: sign(body, settings.PAYMENT_SIMULATOR_SECRET)}
    return client.post(url, body, content_type="application/json", **header)
