"""Settings of benchmarks/faults_under_load.py: production's, with the simulated bank.

The benchmark pays fees without a bank, which production refuses (sites.checks refuses a demo
plugin only when ENVIRONMENT is "production"). Everything else is production's own: DEBUG
off, the Redis page cache, persistent database connections, the database task queue."""

from portal.settings.production import *  # noqa: F401,F403

ENVIRONMENT = "faults-benchmark"
PAYMENT_PROVIDER = "simulated"
# The clients speak plain HTTP to gunicorn, as a TLS-terminating proxy would; a browser keeps
# a Secure cookie only over HTTPS, so they would never send the CSRF or session cookie back.
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_SECURE = False
