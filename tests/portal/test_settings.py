"""The production settings refuse what is only fit for a laptop; the demo refuses them."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

GOOD_PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 30 + "-production-secret-key-for-the-test",
    "DATABASE_URL": "postgres://varoshaza@db.internal:5432/varoshaza",
    "BASE_DOMAIN": "varoshaza.example.hu",
    "SMS_GATEWAY_URL": "https://sms.example.hu/send",
    "STRIPE_SECRET_KEY": "sk_live_for_the_settings_test",
    "STRIPE_WEBHOOK_SECRET": "whsec_for_the_settings_test",
}


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="portal.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


# That the production settings pass `check --deploy` with what README.md names is
# tests/portal/test_deployment_docs.py.


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"DEBUG": "1"}, "DEBUG"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "insecure-development-key-do-not-use-in-production"}, "SECRET_KEY"),
        ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "SQLite"),
        ({"DATABASE_URL": ""}, "SQLite"),
    ],
)
def test_production_settings_refuse_to_start(override, reason):
    env = {**GOOD_PRODUCTION_ENV, **override}
    env = {key: value for key, value in env.items() if value}

    result = run_manage("check", **env)

    assert result.returncode != 0
    assert "Production settings refused" in result.stderr and reason in result.stderr


def test_demo_loader_refuses_production(settings):
    settings.ENVIRONMENT = "production"

    with pytest.raises(CommandError, match="éles beállítás"):
        call_command("load_demo")


def test_hungarian_is_the_default_language():
    assert settings.LANGUAGE_CODE == "hu"
    assert settings.TIME_ZONE == "Europe/Budapest"


def test_the_application_server_refuses_a_demo_plugin_too():
    # gunicorn and uvicorn run no system checks: the WSGI and ASGI modules ask themselves.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(GOOD_PRODUCTION_ENV, PAYMENT_PROVIDER="simulated")
    for module in ("portal.wsgi", "portal.asgi"):
        result = subprocess.run(
            [sys.executable, "-c", f"import {module}"],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

        assert result.returncode != 0
        assert "PAYMENT_PROVIDER='simulated' is a demo plugin" in result.stderr
