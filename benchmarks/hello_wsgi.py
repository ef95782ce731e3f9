"""The ceiling for benchmarks/serve_load.py: a bare Django "hello world" view, served by the
same gunicorn with the same workers. No middleware, no database, no templates."""

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-only-hello-world-key-not-used-for-anything-else",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
)


def hello(request):
    return HttpResponse("Hello, world!")


urlpatterns = [path("", hello)]

django.setup()
application = get_wsgi_application()
