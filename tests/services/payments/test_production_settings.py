"""The production settings refuse the simulated bank and a half-configured Stripe."""

import pytest

from tests.portal.test_settings import GOOD_PRODUCTION_ENV, run_manage


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"PAYMENT_PROVIDER": "simulated"}, "PAYMENT_PROVIDER='simulated'"),
        ({"STRIPE_SECRET_KEY": ""}, "STRIPE_SECRET_KEY"),
        ({"STRIPE_WEBHOOK_SECRET": ""}, "STRIPE_WEBHOOK_SECRET"),
        ({"STRIPE_API_BASE": "http://127.0.0.1:12111"}, "STRIPE_API_BASE"),
    ],
)
def test_production_refuses_payments_that_are_not_real(override, reason):
    env = {key: value for key, value in {**GOOD_PRODUCTION_ENV, **override}.items() if value}

    result = run_manage("check", **env)

    assert result.returncode != 0
    assert "Production settings refused" in result.stderr and reason in result.stderr


def test_production_starts_with_stripe_configured():
    result = run_manage("check", **GOOD_PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
