from django.urls import path

from . import views

urlpatterns = [
    path(
        "fejlesztoi-azonositas/",
        views.development_agent_login,
        name="development_agent_login",
    ),
]
