from django.urls import path

from . import admin_views

app_name = "api_admin"
urlpatterns = [
    path("", admin_views.IndexView.as_view(), name="index"),
    path("onkormanyzat/<int:municipality_id>/", admin_views.ClientsView.as_view(), name="clients"),
    path(
        "onkormanyzat/<int:municipality_id>/<int:api_client_id>/",
        admin_views.ClientView.as_view(),
        name="client",
    ),
]
