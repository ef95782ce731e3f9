"""A URL configuration whose views fail as a database outage and as a bug do."""

from django.db import OperationalError
from django.urls import path


def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


def bug(request):
    raise ValueError("a mistake of ours")


urlpatterns = [path("down/", database_down), path("bug/", bug)]
handler500 = "portal.views.server_error"
