import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_asgi_application()

# An application server runs no system checks; the demo plugins are refused here too.
from sites.checks import refuse_demo_plugins  # noqa: E402  (needs the apps loaded)

refuse_demo_plugins()
