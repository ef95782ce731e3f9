"""Production: refuses to start on anything that is only fit for a laptop.

What is wrong in the settings alone is refused here, on import. A demo plugin (the
simulated VPOS, the console SMS backend, the development identity agent, and any later
one marked ``is_demo``) is refused by the system check of sites.checks, which asks every
registry: plugins are known only once the apps are loaded."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import (
    DATABASES,
    DEBUG,
    INSECURE_SECRET_KEY,
    SECRET_KEY,
    env,
    env_bool,
)

ENVIRONMENT = "production"


def _refuse(reason):
    raise ImproperlyConfigured(f"Production settings refused: {reason}")


if DEBUG:
    _refuse("DEBUG is on; unset DEBUG.")
if not SECRET_KEY or SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 50:
    _refuse("set SECRET_KEY to a random string of at least 50 characters.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _refuse("SQLite is not a production database; set DATABASE_URL to PostgreSQL.")
# allauth trusts an OpenID Connect ID Token for what it got from the token endpoint itself,
# without checking its signature: that is only sound over TLS.
if env("KAU_PROTOCOL", "saml").strip().lower() == "oidc" and not env(
    "KAU_OIDC_SERVER_URL", ""
).strip().startswith("https://"):
    _refuse("set KAU_OIDC_SERVER_URL to the national agent's https:// address.")
# Login codes go out by SMS through the operator's gateway.
SMS_BACKEND = env("SMS_BACKEND", "http")
if not env("SMS_GATEWAY_URL", "").startswith("https://"):
    _refuse("set SMS_GATEWAY_URL to the SMS gateway's https:// address.")

# Decisions: a real signature service or none (issued unsigned, and they say so).
DOCUMENT_SIGNATURE_SERVICE = env("DOCUMENT_SIGNATURE_SERVICE", "")

# Payments: a real provider, fully configured.
PAYMENT_PROVIDER = env("PAYMENT_PROVIDER", "stripe")
if PAYMENT_PROVIDER == "stripe" and not (
    env("STRIPE_SECRET_KEY", "") and env("STRIPE_WEBHOOK_SECRET", "")
):
    _refuse("set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET for PAYMENT_PROVIDER='stripe'.")
if env("STRIPE_API_BASE", ""):
    _refuse("STRIPE_API_BASE points Stripe at a test double; unset it.")

# Background work goes through a queue that outlives a request and a restart: the database
# backend, run by `manage.py db_worker` (README, Deployment). sites.checks refuses a backend
# that runs tasks in the web process or drops them.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SITE_PORT = int(env("SITE_PORT", "443"))
