"""``make run``: embedded defaults, no server needed."""

import os

from accounts import nationalagent

from .base import *  # noqa: F401,F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", True)
SITE_PORT = int(env("SITE_PORT", "8000"))
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1"]
# Links in e-mails and from the sites to the portal follow `make run PORT=…` (SITE_PORT).
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"http://localhost:{SITE_PORT}")
# The development identity agent: pick a demo citizen instead of logging in at the KAÜ.
DEVELOPMENT_AGENT_ENABLED = env_bool("DEVELOPMENT_AGENT_ENABLED", True)
SOCIALACCOUNT_PROVIDERS = nationalagent.socialaccount_providers(
    os.environ, development_agent=DEVELOPMENT_AGENT_ENABLED
)
